"""Training stage: the frame's classifier training (frame.classifier.training) on this project's
splits and features.
"""

from typing import Any

from frame.classifier import training

from ..config import Settings
from .tabular import CLASSIFIER


def train(settings: Settings) -> dict[str, Any]:
    """Fit the models, choose the served one on validation, save it; return its metadata."""
    return training.train(settings, CLASSIFIER)
