"""Training, evaluation and prediction stages of machine failure."""
