"""Evaluation helpers by kind of problem: what every project of that kind reports the same way."""
