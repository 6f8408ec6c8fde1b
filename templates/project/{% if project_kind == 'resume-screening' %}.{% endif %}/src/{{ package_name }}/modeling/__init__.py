"""Training, evaluation and prediction stages."""
