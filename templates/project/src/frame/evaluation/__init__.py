"""Evaluation helpers, one module per kind of problem."""
