"""Training stage: the shared classifier stage, in modeling/classifier.py."""

from frame.classifier.training import train

__all__ = ["train"]
