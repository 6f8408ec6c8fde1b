"""Evaluation stage: score the test split once with the saved models and their validation-chosen
thresholds; write metrics, slice metrics, the error analysis, figures and the model card; add
them to the tracked run.
"""

from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from frame.classifier.fastpath import build_scorer
from frame.classifier.tabular import score_test_split
from frame.evaluation.binary import flat_metrics, slice_metrics
from frame.reports import write_evaluation
from frame.sources import read_manifest

from ..config import Settings
from ..features import FEATURE_SOURCES, time_of_day
from ..plots import draw_figures
from ..schemas import AMOUNT_COLUMN, TIME_COLUMN
from .errors import errors_section, pattern_recall, top_false_positives
from .metrics import bootstrap_pr_auc, classification_metrics, cost_per_10k
from .model_card import render_model_card
from .tabular import CLASSIFIER

AMOUNT_BANDS = [0.0, 2.0, 20.0, 200.0, np.inf]  # card tests, small, everyday, large


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


def input_contributions(model: Any, features: pd.DataFrame) -> pd.DataFrame | None:
    """Each row's contributions to the log-odds per input column (the engineered features summed
    back to the column they come from), as the API explains a score; None if the model cannot.
    """
    contributions = build_scorer(model, CLASSIFIER).explain_frame(features)
    if contributions is None:
        return None
    sources = [FEATURE_SOURCES[name] for name in contributions.columns]
    return contributions.T.groupby(sources, sort=False).sum().T


def contribution_importance(contributions: pd.DataFrame | None) -> pd.DataFrame | None:
    """Mean absolute contribution of each input column over the rows, with its standard error
    (the spread of that mean over the rows); None if the model cannot explain.
    """
    if contributions is None:
        return None
    by_input = contributions.abs()
    return pd.DataFrame(
        {
            "feature": by_input.columns,
            "mean": by_input.mean().to_numpy(),
            "std": (by_input.std() / np.sqrt(len(by_input))).to_numpy(),
        }
    ).sort_values("mean", ascending=False)


def rounded(slices: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each slice's rates to 6 decimals (its counts are whole numbers already)."""
    return {
        value: {
            name: round(number, 6) if isinstance(number, float) else number
            for name, number in row.items()
        }
        for value, row in slices.items()
    }


def evaluate(settings: Settings) -> dict[str, float]:
    """Run the evaluation stage; return the flat test metrics written to reports/metrics.json."""
    scored = score_test_split(settings, CLASSIFIER)
    metrics = flat_metrics(scored, partial(classification_metrics, evaluation=settings.evaluation))
    threshold, y_true, main = scored.thresholds["main"], scored.y_true, scored.scores["main"]
    parts = slice_frame(scored.frame)
    slices = {
        column: rounded(slice_metrics(parts, y_true, main, threshold, column))
        for column in parts.columns
    }
    contributions = input_contributions(scored.model, scored.features)
    importance = contribution_importance(contributions)
    budget = settings.evaluation.alert_budget
    patterns = pattern_recall(scored.frame, y_true, main, threshold, budget)
    false_positives = top_false_positives(scored.frame, y_true, main, threshold, contributions)
    intervals = bootstrap_pr_auc(
        y_true,
        main,
        scored.scores["baseline"],
        settings.evaluation.bootstrap_samples,
        settings.seed,
    )
    no_alerts = cost_per_10k(y_true, np.zeros(len(y_true), dtype=bool), settings.evaluation.costs)
    names = scored.metadata["model_names"]
    figures = draw_figures(y_true, scored.scores, threshold, importance, settings.evaluation, names)
    manifest = read_manifest(settings)
    card = render_model_card(
        scored.metadata,
        manifest,
        metrics,
        slices,
        importance,
        intervals,
        no_alerts,
        budget,
        errors_section(patterns, false_positives, budget),
    )
    errors = {"patterns": patterns, "top_false_positives": false_positives}
    details = {"slice_metrics.json": slices, "errors.json": errors}
    write_evaluation(settings, scored.metadata, metrics, details, figures, card)
    return metrics
