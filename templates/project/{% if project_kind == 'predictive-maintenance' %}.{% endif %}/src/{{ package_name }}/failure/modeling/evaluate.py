"""Evaluation stage of machine failure: score the test split once with every saved classifier, at
the threshold it was given on validation; write the metrics, figures and model card under the
task's reports folder; add them to the tracked run.
"""

from functools import partial

import numpy as np
import pandas as pd

from frame.classifier.tabular import score_test_split
from frame.evaluation.binary import flat_metrics, importance_table, slice_metrics
from frame.reports import write_evaluation
from frame.sources import read_manifest

from ..config import FailureSettings
from ..plots import draw_failure_figures
from ..schemas import FAILURE_MODES, TYPE_COLUMN
from .metrics import bootstrap_pr_auc, classification_metrics, cost_per_1000
from .model_card import render_failure_card
from .tabular import CLASSIFIER


def caught_by_mode(frame: pd.DataFrame, alerted: np.ndarray) -> dict[str, dict[str, int]]:
    """Per failure mode whose flag the data holds: its failures in the test split, and how many
    of them the model flagged. A mode without its flag column is left out (the card says so).
    """
    caught = {}
    for mode in FAILURE_MODES:
        if mode in frame.columns:
            rows = frame[mode].to_numpy() == 1
            caught[mode] = {"failures": int(rows.sum()), "flagged": int(alerted[rows].sum())}
    return caught


def evaluate(settings: FailureSettings) -> dict[str, float]:
    """Run the evaluation stage; return the flat test metrics written to metrics.json."""
    scored = score_test_split(settings, CLASSIFIER)
    metrics = flat_metrics(scored, partial(classification_metrics, evaluation=settings.evaluation))
    threshold, y_true = scored.thresholds["main"], scored.y_true
    alerted = scored.scores["main"] >= threshold
    never = cost_per_1000(y_true, np.zeros(len(y_true), dtype=bool), settings.evaluation.costs)
    details = {
        "slices": {
            TYPE_COLUMN: slice_metrics(
                scored.frame, y_true, scored.scores["main"], threshold, TYPE_COLUMN
            )
        },
        "caught_by_mode": caught_by_mode(scored.frame, alerted),
        "never_inspect_cost_per_1000": never,
        "bootstrap": bootstrap_pr_auc(
            y_true,
            scored.scores["main"],
            scored.scores["baseline"],
            settings.evaluation.bootstrap_samples,
            settings.seed,
        ),
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
        y_true,
        scored.scores,
        threshold,
        importance,
        scored.metadata["model_names"],
        settings.evaluation.costs,
    )
    card = render_failure_card(
        scored.metadata, read_manifest(settings), metrics, details, importance
    )
    slices = {"slice_metrics.json": details}
    write_evaluation(settings, scored.metadata, metrics, slices, figures, card)
    return metrics
