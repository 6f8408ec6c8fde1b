"""What the classifier stages need from a project whose model is a scikit-learn classifier over a
table, in one object the project builds (`TabularClassifier`); and the test split scored by the
served model and the others, for the project's evaluate stage.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic

import numpy as np
import pandas as pd

from ..evaluation.binary import ScoredSplit
from ..metadata import load_baselines, load_model
from ..settings import Settings

ClassificationMetrics = Callable[[np.ndarray, np.ndarray, float, Any], dict[str, float]]


@dataclass(frozen=True)
class TabularClassifier(Generic[Settings]):  # noqa: UP046 (3.11)
    """The project's side of its classifier: splits, features and metrics.

    `prepare_row` and `prepare_frame` add the engineered features to one record and to a frame:
    the same code in training and serving, so that the compiled fast path can be checked.
    `metrics(y_true, scores, threshold, evaluation settings)` is what every split reports.
    """

    load_split: Callable[[Settings, str], pd.DataFrame]
    split_features_target: Callable[[pd.DataFrame], tuple[pd.DataFrame, pd.Series]]
    build_preprocessor: Callable[[], Any]
    metrics: ClassificationMetrics
    prepare_row: Callable[[Mapping[str, Any]], Mapping[str, Any]]
    prepare_frame: Callable[[pd.DataFrame], pd.DataFrame]


def positive_scores(model: Any, features: pd.DataFrame) -> np.ndarray:
    return np.asarray(model.predict_proba(features)[:, 1])


def score_test_split(settings: Any, classifier: TabularClassifier[Any]) -> ScoredSplit:
    """The test split scored by the saved model and its baselines, with their thresholds."""
    model, metadata = load_model(settings.paths.models)
    models = {"main": model, **load_baselines(settings.paths.models)}
    frame = classifier.load_split(settings, "test")
    features, target = classifier.split_features_target(frame)
    return ScoredSplit(
        frame=frame,
        features=features,
        y_true=target.to_numpy(),
        scores={role: positive_scores(each, features) for role, each in models.items()},
        thresholds={"main": metadata["threshold"], **metadata["baseline_thresholds"]},
        model=model,
        metadata=metadata,
    )
