"""Evaluation stage of both tasks: score the test split once with the saved models; write the
metrics, figures and model card under the task's reports folder; add them to the tracked run.

Failure: every saved classifier at the threshold it was given on validation. Remaining useful
life: every test engine after its last recorded cycle against the published (uncapped) truth, as
results on C-MAPSS are reported, with a bootstrap over engines for the RMSE.
"""

from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from frame.evaluation.binary import (
    flat_metrics,
    importance_table,
    score_test_split,
    slice_metrics,
    total_cost,
)
from ..config import FailureSettings, RulSettings, Settings
from ..dataset import load_split
from frame.metadata import load_baselines, load_model
from ..plots import draw_failure_figures, draw_rul_figures
from frame.reports import write_evaluation
from ..schemas import CYCLE_COLUMN, FAILURE_MODES, RUL_COLUMN, TYPE_COLUMN, UNIT_COLUMN
from frame.sources import read_manifest
from .metrics import classification_metrics, regression_metrics
from .model_card import render_failure_card, render_rul_card
from .train import RUL_ROLES, predict_rul

RUL_PREFIXES = {"main": "", "linear": "linear_", "baseline": "baseline_"}


# Machine failure
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


def evaluate_failure(settings: FailureSettings) -> dict[str, float]:
    scored = score_test_split(settings)
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


# Remaining useful life
def is_last_cycle(cycles: pd.DataFrame) -> np.ndarray:
    """True on each engine's last recorded cycle (for a test engine, where the published RUL
    applies). Window features need the cycles before it, so whole histories are scored and
    these rows kept.
    """
    last = cycles.groupby(UNIT_COLUMN)[CYCLE_COLUMN].transform("max")
    return cycles[CYCLE_COLUMN].eq(last).to_numpy()


def bootstrap_rmse(
    truth: np.ndarray, main: np.ndarray, other: np.ndarray, samples: int, seed: int
) -> dict[str, list[float]]:
    """95% intervals, over engines drawn with replacement, of the main model's RMSE and of its
    difference with another model's on the same draws (negative: the main model is better).
    """
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(truth), size=(samples, len(truth)))
    main_rmse = np.sqrt(np.mean((main[draws] - truth[draws]) ** 2, axis=1))
    other_rmse = np.sqrt(np.mean((other[draws] - truth[draws]) ** 2, axis=1))
    interval = [2.5, 97.5]
    return {
        "rmse": [float(value) for value in np.percentile(main_rmse, interval)],
        "difference": [float(value) for value in np.percentile(main_rmse - other_rmse, interval)],
    }


def evaluate_rul(settings: RulSettings) -> dict[str, float]:
    model, metadata = load_model(settings.paths.models)
    models = {"main": model, **load_baselines(settings.paths.models)}
    test = load_split(settings, "test")
    last = is_last_cycle(test)
    final = test[last].reset_index(drop=True)
    truth = final[RUL_COLUMN].to_numpy(dtype=float)
    predicted = {role: predict_rul(models[role], test)[last] for role in RUL_ROLES}
    metrics: dict[str, float] = {}
    for role in RUL_ROLES:
        values = regression_metrics(truth, predicted[role])
        metrics.update(
            {f"{RUL_PREFIXES[role]}{name}": round(value, 4) for name, value in values.items()}
        )
    near = truth <= settings.evaluation.near_failure
    details = {
        "engines": len(truth),
        "near_failure": {
            "max_rul": settings.evaluation.near_failure,
            "engines": int(near.sum()),
            **{
                role: regression_metrics(truth[near], predicted[role][near])["rmse"]
                for role in RUL_ROLES
            },
        },
        "above_cap": int((truth > metadata["rul_cap"]).sum()),
        "bootstrap": bootstrap_rmse(
            truth,
            predicted["main"],
            predicted["linear"],
            settings.evaluation.bootstrap_samples,
            settings.seed,
        ),
        "worst_engines": worst_engines(final, predicted["main"]),
    }
    validation = load_split(settings, "validation")
    figures = draw_rul_figures(
        truth,
        predicted,
        validation,
        predict_rul(model, validation),
        metadata["rul_cap"],
        metadata["model_names"],
    )
    card = render_rul_card(metadata, read_manifest(settings), metrics, details)
    write_evaluation(settings, metadata, metrics, {"slice_metrics.json": details}, figures, card)
    return metrics


def worst_engines(
    final: pd.DataFrame, predicted: np.ndarray, count: int = 5
) -> list[dict[str, float]]:
    """The test engines with the largest errors, late ones first among equals."""
    error = predicted - final[RUL_COLUMN].to_numpy(dtype=float)
    order = np.lexsort((-error, -np.abs(error)))[:count]  # by size, then late before early
    return [
        {
            "unit": int(final[UNIT_COLUMN].iloc[i]),
            "last_cycle": int(final[CYCLE_COLUMN].iloc[i]),
            "true_rul": float(final[RUL_COLUMN].iloc[i]),
            "predicted_rul": round(float(predicted[i]), 1),
        }
        for i in order
    ]


def evaluate(settings: Settings) -> dict[str, float]:
    """Run the evaluation stage of the task the settings are for; return the flat test metrics
    written to metrics.json in the task's reports folder.
    """
    if isinstance(settings, RulSettings):
        return evaluate_rul(settings)
    return evaluate_failure(settings)
