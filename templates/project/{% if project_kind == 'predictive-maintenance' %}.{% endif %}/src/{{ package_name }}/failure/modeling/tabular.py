"""How the frame's classifier stages read machine failure: its splits, features and metrics."""

from typing import Any

import numpy as np

from frame.classifier.tabular import TabularClassifier

from ..config import FailureSettings
from ..dataset import load_split
from ..features import (
    add_engineered_features,
    build_preprocessor,
    engineer_record,
    split_features_target,
)
from .metrics import classification_metrics


def metrics(
    y_true: np.ndarray, scores: np.ndarray, threshold: float, evaluation: Any
) -> dict[str, float]:
    return classification_metrics(y_true, scores, threshold, evaluation)


CLASSIFIER: TabularClassifier[FailureSettings] = TabularClassifier(
    load_split=load_split,
    split_features_target=split_features_target,
    build_preprocessor=build_preprocessor,
    metrics=metrics,
    prepare_row=engineer_record,
    prepare_frame=add_engineered_features,
)
