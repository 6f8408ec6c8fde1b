"""Training stage of machine failure: the frame's classifier training (frame.classifier.training)
on this task's splits and features.
"""

from typing import Any

from frame.classifier import training

from ..config import FailureSettings
from .tabular import CLASSIFIER


def train(settings: FailureSettings) -> dict[str, Any]:
    """Fit the models, choose the served one on validation, save it; return its metadata."""
    return training.train(settings, CLASSIFIER)
