"""Evaluation stage: score the test split once with the saved models and their validation-chosen
thresholds; write metrics, slice metrics, figures and the model card; add them to the tracked run.
"""

from typing import Any

import numpy as np
import pandas as pd

from ..classification import slice_metrics
from ..config import Settings
from ..dataset import load_split
from ..fastpath import build_scorer
from ..features import FEATURE_SOURCES, split_features_target, time_of_day
from ..metadata import load_baselines, load_model
from ..plots import draw_figures
from ..reports import record_test_metrics, save_figures, write_json
from ..schemas import AMOUNT_COLUMN, TIME_COLUMN
from ..sources import read_manifest
from .metrics import bootstrap_pr_auc, classification_metrics
from .model_card import render_model_card

ROLE_PREFIXES = {"main": "", "baseline": "baseline_", "dummy": "dummy_"}
AMOUNT_BANDS = [0.0, 2.0, 20.0, 200.0, np.inf]  # card tests, small, everyday, large


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


def slice_frame(test: pd.DataFrame) -> pd.DataFrame:
    """The columns evaluation slices by: the part of the day and a band of amounts."""
    bands = pd.cut(test[AMOUNT_COLUMN], AMOUNT_BANDS, right=False)
    return pd.DataFrame(
        {
            "time_of_day": time_of_day(test[TIME_COLUMN]),
            "amount": bands.map(lambda band: f"[{band.left:g}, {band.right:g})").astype(str),
        },
        index=test.index,
    )


def contribution_importance(model: Any, features: pd.DataFrame) -> pd.DataFrame | None:
    """Mean absolute contribution of each input column over the rows (the per-row explanation
    the API serves, averaged), with its standard error; None if the model cannot explain.
    """
    contributions = build_scorer(model).explain_frame(features)
    if contributions is None:
        return None
    sources = [FEATURE_SOURCES[name] for name in contributions.columns]
    by_input = contributions.T.groupby(sources, sort=False).sum().T.abs()
    return pd.DataFrame(
        {
            "feature": by_input.columns,
            "mean": by_input.mean().to_numpy(),
            "std": (by_input.std() / np.sqrt(len(by_input))).to_numpy(),
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
    parts = slice_frame(test)
    slices = {
        column: slice_metrics(parts, y_true, scores["main"], thresholds["main"], column)
        for column in parts.columns
    }
    importance = contribution_importance(model, features)
    interval = bootstrap_pr_auc(
        y_true, scores["main"], settings.evaluation.bootstrap_samples, settings.seed
    )
    reports = settings.paths.reports
    write_json(metrics, reports / "metrics.json")
    write_json(slices, reports / "slice_metrics.json")
    figures = draw_figures(y_true, scores, thresholds["main"], importance, settings.evaluation)
    save_figures(figures, settings.paths.figures)
    card = render_model_card(
        metadata, read_manifest(settings), metrics, slices, importance, interval
    )
    (reports / "model_card.md").write_text(card, encoding="utf-8")
    record_test_metrics(settings, metadata, metrics)
    return metrics
