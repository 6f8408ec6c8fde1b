"""Evaluation helpers, one module per type of problem: binary and multiclass classification,
ranking, regression.
"""
