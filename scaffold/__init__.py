"""scaffold: generate portfolio-grade machine-learning projects and keep them up to date."""

__version__ = "0.12.0"
