"""Evaluation stage of machine failure: score the test split once with every saved classifier, at
the threshold it was given on validation; write the metrics, figures and model card under the
task's reports folder; add them to the tracked run.
"""

from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from frame.classifier.tabular import score_test_split
from frame.evaluation.binary import flat_metrics, importance_table, slice_metrics, total_cost
from frame.reports import write_evaluation
from frame.sources import read_manifest

from ..config import FailureSettings
from ..plots import draw_failure_figures
from ..schemas import FAILURE_MODES, TYPE_COLUMN
from .metrics import classification_metrics
from .model_card import render_failure_card
from .tabular import CLASSIFIER


def caught_by_mode(frame: pd.DataFrame, alerted: np.ndarray) -> dict[str, dict[str, float]]:
    """Per failure mode: its failures in the test split, and the share the model flagged."""
    caught = {}
    for mode in FAILURE_MODES:
        rows = frame[mode].to_numpy() == 1
        caught[mode] = {
            "failures": int(rows.sum()),
            "flagged": float(alerted[rows].mean()) if rows.any() else float("nan"),
        }
    return caught


def costs_per_1000(scored: Any, settings: FailureSettings) -> dict[str, float]:
    """Cost of each model's decisions, and of never inspecting, per 1,000 processes."""
    y_true, costs = scored.y_true, settings.evaluation.costs
    per_1000 = 1000 / len(y_true)
    figures = {
        role: total_cost(y_true, scored.scores[role] >= scored.thresholds[role], costs) * per_1000
        for role in scored.scores
    }
    figures["never_inspect"] = total_cost(y_true, np.zeros(len(y_true), bool), costs) * per_1000
    return figures


def evaluate(settings: FailureSettings) -> dict[str, float]:
    """Run the evaluation stage; return the flat test metrics written to metrics.json."""
    scored = score_test_split(settings, CLASSIFIER)
    metrics = flat_metrics(scored, partial(classification_metrics, evaluation=settings.evaluation))
    threshold, y_true = scored.thresholds["main"], scored.y_true
    alerted = scored.scores["main"] >= threshold
    details = {
        "slices": {
            TYPE_COLUMN: slice_metrics(
                scored.frame, y_true, scored.scores["main"], threshold, TYPE_COLUMN
            )
        },
        "caught_by_mode": caught_by_mode(scored.frame, alerted),
        "cost_per_1000": costs_per_1000(scored, settings),
    }
    importance = importance_table(
        scored.model,
        scored.features,
        y_true,
        "average_precision",
        settings.evaluation.permutation_repeats,
        settings.seed,
    )
    figures = draw_failure_figures(
        y_true, scored.scores, threshold, importance, scored.metadata["model_names"]
    )
    card = render_failure_card(
        scored.metadata, read_manifest(settings), metrics, details, importance
    )
    slices = {"slice_metrics.json": details}
    write_evaluation(settings, scored.metadata, metrics, slices, figures, card)
    return metrics
