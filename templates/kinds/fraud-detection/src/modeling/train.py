"""Training stage: the shared classifier stage, in modeling/classifier.py."""

from .classifier import train

__all__ = ["train"]
