"""Evaluation stage: score the test split once with the saved models and their validation-chosen
thresholds; write metrics, slice metrics, figures and the model card; add them to the tracked run.
"""

from typing import Any

import numpy as np
import pandas as pd
from sklearn.inspection import permutation_importance

from ..classification import slice_metrics
from ..config import Settings
from ..dataset import load_split
from ..features import split_features_target
from ..metadata import load_baselines, load_model
from ..plots import draw_figures
from ..reports import record_test_metrics, save_figures, write_json
from ..sources import read_manifest
from .metrics import classification_metrics
from .model_card import render_model_card

ROLE_PREFIXES = {"main": "", "baseline": "baseline_", "dummy": "dummy_"}


def score_models(models: dict[str, Any], features: pd.DataFrame) -> dict[str, np.ndarray]:
    return {role: np.asarray(model.predict_proba(features)[:, 1]) for role, model in models.items()}


def flat_metrics(
    y_true: np.ndarray,
    scores: dict[str, np.ndarray],
    thresholds: dict[str, float],
    settings: Settings,
) -> dict[str, float]:
    """One flat object: main-model metrics bare, baselines under `baseline_` and `dummy_`."""
    flat: dict[str, float] = {}
    for role, prefix in ROLE_PREFIXES.items():
        metrics = classification_metrics(
            y_true, scores[role], thresholds[role], settings.evaluation
        )
        flat.update({f"{prefix}{name}": round(value, 6) for name, value in metrics.items()})
    return flat


def importance_table(
    model: Any, features: pd.DataFrame, y_true: np.ndarray, settings: Settings
) -> pd.DataFrame:
    result = permutation_importance(
        model,
        features,
        y_true,
        scoring="roc_auc",
        n_repeats=settings.evaluation.permutation_repeats,
        random_state=settings.seed,
    )
    return pd.DataFrame(
        {
            "feature": features.columns,
            "mean": result.importances_mean,
            "std": result.importances_std,
        }
    ).sort_values("mean", ascending=False)


def evaluate(settings: Settings) -> dict[str, float]:
    """Run the evaluation stage; return the flat test metrics written to reports/metrics.json."""
    model, metadata = load_model(settings.paths.models)
    models = {"main": model, **load_baselines(settings.paths.models)}
    thresholds = {"main": metadata["threshold"], **metadata["baseline_thresholds"]}
    test = load_split(settings, "test")
    features, target = split_features_target(test)
    y_true = target.to_numpy()
    scores = score_models(models, features)
    metrics = flat_metrics(y_true, scores, thresholds, settings)
    slices = {
        column: slice_metrics(test, y_true, scores["main"], thresholds["main"], column)
        for column in settings.evaluation.slice_columns
    }
    importance = importance_table(model, features, y_true, settings)
    reports = settings.paths.reports
    write_json(metrics, reports / "metrics.json")
    write_json(slices, reports / "slice_metrics.json")
    save_figures(
        draw_figures(y_true, scores, thresholds["main"], importance), settings.paths.figures
    )
    card = render_model_card(metadata, read_manifest(settings), metrics, slices, importance)
    (reports / "model_card.md").write_text(card, encoding="utf-8")
    record_test_metrics(settings, metadata, metrics)
    return metrics
