"""Evaluation stage of remaining useful life: every test engine after its last recorded cycle,
scored by each saved model against the published (uncapped) truth, as results on C-MAPSS are
reported, with a bootstrap over engines for the RMSE; the metrics, figures and model card go under
the task's reports folder and into the tracked run.
"""

from typing import Any

import numpy as np
import pandas as pd

from frame.evaluation.regression import band_labels, bootstrap_rmse, errors, rmse_by_band
from frame.metadata import load_baselines, load_model
from frame.reports import write_evaluation
from frame.sources import read_manifest

from ..config import RulSettings
from ..dataset import load_split
from ..plots import ERROR_EDGES, draw_rul_figures
from ..schemas import CYCLE_COLUMN, RUL_COLUMN, UNIT_COLUMN
from .metrics import regression_metrics
from .model_card import render_rul_card
from .train import RUL_ROLES, predict_rul

# The keys of metrics.json, as the failure task names them: bare for the served model,
# `baseline_` for the other candidate, `dummy_` for the training mean.
RUL_PREFIXES = {"main": "", "baseline": "baseline_", "dummy": "dummy_"}
TOLERANCE = 10  # cycles: an error within this is neither early nor late


def is_last_cycle(cycles: pd.DataFrame) -> np.ndarray:
    """True on each engine's last recorded cycle (for a test engine, where the published RUL
    applies). Window features need the cycles before it, so whole histories are scored and
    these rows kept.
    """
    last = cycles.groupby(UNIT_COLUMN)[CYCLE_COLUMN].transform("max")
    return cycles[CYCLE_COLUMN].eq(last).to_numpy()


def evaluate(settings: RulSettings) -> dict[str, float]:
    """Run the evaluation stage; return the flat test metrics written to metrics.json."""
    model, metadata = load_model(settings.paths.models)
    models = {"main": model, **load_baselines(settings.paths.models)}
    cap = metadata["rul_cap"]
    test = load_split(settings, "test")
    last = is_last_cycle(test)
    final = test[last].reset_index(drop=True)
    truth = final[RUL_COLUMN].to_numpy(dtype=float)
    predicted = {role: predict_rul(models[role], test, cap)[last] for role in RUL_ROLES}
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
        "above_cap": int((truth > cap).sum()),
        "bootstrap": bootstrap_rmse(
            truth,
            predicted["main"],
            predicted["baseline"],
            settings.evaluation.bootstrap_samples,
            settings.seed,
        ),
        "directions": error_directions(truth, predicted["main"], settings.evaluation.near_failure),
        "bands": bands(truth, predicted),
        "worst_engines": worst_engines(final, predicted["main"]),
    }
    validation = load_split(settings, "validation")
    figures = draw_rul_figures(
        truth,
        predicted,
        final[UNIT_COLUMN].to_numpy(),
        validation,
        predict_rul(model, validation, cap),
        cap,
        metadata["model_names"],
    )
    card = render_rul_card(metadata, read_manifest(settings), metrics, details)
    write_evaluation(settings, metadata, metrics, {"slice_metrics.json": details}, figures, card)
    return metrics


def error_directions(truth: np.ndarray, predicted: np.ndarray, near_failure: int) -> dict[str, Any]:
    """How many engines were predicted late (more life than they had: the engine may fail in
    service), early (serviced too soon) or within TOLERANCE cycles, overall and near failure.
    """
    error = errors(truth, predicted)
    late, early = error > TOLERANCE, error < -TOLERANCE
    near = truth <= near_failure
    return {
        "tolerance": TOLERANCE,
        "late": int(late.sum()),
        "early": int(early.sum()),
        "within": int((~late & ~early).sum()),
        "late_near_failure": int((late & near).sum()),
        "mean_late_error": float(error[late].mean()) if late.any() else 0.0,
        "mean_early_error": float(error[early].mean()) if early.any() else 0.0,
    }


def bands(truth: np.ndarray, predicted: dict[str, np.ndarray]) -> list[dict[str, Any]]:
    """Per band of true RUL (the error figure's bands): its engines and each model's RMSE."""
    index = np.digitize(truth, ERROR_EDGES, right=True)
    rmse = {role: rmse_by_band(truth, predicted[role], ERROR_EDGES) for role in RUL_ROLES}
    return [
        {"band": label, "engines": int((index == position).sum())}
        | {role: rmse[role][position] for role in RUL_ROLES}
        for position, label in enumerate(band_labels(ERROR_EDGES))
    ]


def worst_engines(
    final: pd.DataFrame, predicted: np.ndarray, count: int = 5
) -> list[dict[str, Any]]:
    """The test engines with the largest errors, late ones first among equals."""
    error = predicted - final[RUL_COLUMN].to_numpy(dtype=float)
    order = np.lexsort((-error, -np.abs(error)))[:count]  # by size, then late before early
    return [
        {
            "unit": int(final[UNIT_COLUMN].iloc[i]),
            "last_cycle": int(final[CYCLE_COLUMN].iloc[i]),
            "true_rul": float(final[RUL_COLUMN].iloc[i]),
            "predicted_rul": round(float(predicted[i]), 1),
            "direction": "late" if error[i] > 0 else "early",
        }
        for i in order
    ]
