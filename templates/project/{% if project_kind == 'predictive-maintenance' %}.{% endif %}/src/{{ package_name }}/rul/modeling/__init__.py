"""Training, evaluation and prediction stages of remaining useful life."""
