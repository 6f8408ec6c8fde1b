"""A scikit-learn classifier over a table: its settings, training, scoring and fast path."""
