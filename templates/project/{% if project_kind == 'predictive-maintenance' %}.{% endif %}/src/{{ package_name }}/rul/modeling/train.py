"""Training stage of remaining useful life: a regressor on rolling-window features of each
engine's cycles, fitted on the training engines with the capped RUL as target, beside a ridge
regression and the training mean; all three are scored on the validation engines, the main model
and the ridge regression compete on validation RMSE, and the winner is served; all are saved and
tracked.
"""

import time
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.dummy import DummyRegressor
from sklearn.ensemble import HistGradientBoostingRegressor, RandomForestRegressor
from sklearn.linear_model import Ridge
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from frame.errors import ConfigError
from frame.metadata import build_metadata, save_model
from frame.settings import EstimatorSettings
from frame.sources import file_sha256, read_manifest
from frame.tracking import Tracker

from ..config import RulSettings
from ..dataset import load_split
from ..features import SensorWindowFeatures, capped_rul
from ..schemas import CYCLE_COLUMNS, RUL_COLUMN
from .metrics import regression_metrics

REGRESSORS: dict[str, type[BaseEstimator]] = {
    "hist_gradient_boosting": HistGradientBoostingRegressor,
    "random_forest": RandomForestRegressor,
    "ridge": Ridge,
}
RUL_ROLES = ("main", "baseline", "dummy")  # as the failure task names them
RUL_CANDIDATES = ("main", "baseline")  # the configured models that compete to be served


def build_regressor(spec: EstimatorSettings, seed: int) -> BaseEstimator:
    if spec.name == "mean":
        return DummyRegressor(strategy="mean")
    if spec.name not in REGRESSORS:
        choices = sorted([*REGRESSORS, "mean"])
        raise ConfigError(f"unknown estimator {spec.name!r}; choose one of {choices}")
    estimator = REGRESSORS[spec.name](**spec.params)
    if "random_state" in estimator.get_params():
        estimator.set_params(random_state=seed)
    return estimator


def build_rul_pipeline(spec: EstimatorSettings, settings: RulSettings) -> Pipeline:
    """The whole RUL model: window features learned on training engines, (scaling for a linear
    model), the regressor. It takes raw cycles, so serving cannot compute features differently.
    """
    steps: list[tuple[str, Any]] = [("features", SensorWindowFeatures(settings.model.windows))]
    if spec.name == "ridge":
        steps.append(("scale", StandardScaler()))
    steps.append(("model", build_regressor(spec, settings.seed)))
    return Pipeline(steps)


def predict_rul(model: Any, cycles: pd.DataFrame, cap: float | None) -> np.ndarray:
    """Remaining useful life after each cycle, in cycles: never negative, and never above `cap`
    (the cap the model was trained with: a regressor can overshoot a target it never saw above
    the cap, and "more than the cap" is all it knows). `cap=None` leaves the top open, to
    compare raw estimates.
    """
    predicted = np.asarray(model.predict(cycles[CYCLE_COLUMNS]), dtype=float)
    return np.clip(predicted, 0.0, cap)


def train(settings: RulSettings) -> dict[str, Any]:
    """Fit the models, choose the served one on validation, save it; return its metadata."""
    train_cycles = load_split(settings, "train")
    validation = load_split(settings, "validation")
    cap = settings.model.rul_cap
    target = capped_rul(train_cycles[RUL_COLUMN], cap)
    truth = capped_rul(validation[RUL_COLUMN], cap)
    specs = {role: getattr(settings.model, role) for role in RUL_ROLES}
    models: dict[str, Pipeline] = {}
    fit_seconds: dict[str, float] = {}
    scores: dict[str, dict[str, float]] = {}
    tracker = Tracker(settings)
    with tracker.run(run_name=f"rul-{settings.model.main.name}") as run_id:
        for role, spec in specs.items():
            started = time.perf_counter()
            models[role] = build_rul_pipeline(spec, settings).fit(
                train_cycles[CYCLE_COLUMNS], target
            )
            fit_seconds[role] = round(time.perf_counter() - started, 3)
            # Every validation cycle against the capped truth; the NASA score, a sum over
            # engines' final estimates, means nothing over all cycles and is left out.
            figures = regression_metrics(truth, predict_rul(models[role], validation, cap))
            scores[role] = {name: figures[name] for name in ("rmse", "mae")}
        selection, served = select_regressor(specs, scores)
        models = {**models, "main": models[served], "baseline": models[other_candidate(served)]}
        names = {role: specs[role].name for role in RUL_ROLES}
        names = {**names, "main": names[served], "baseline": names[other_candidate(served)]}
        manifest = read_manifest(settings)
        features = models["main"]["features"].transform(train_cycles[CYCLE_COLUMNS].head(5))
        metadata = build_metadata(
            settings=settings,
            data_sha256=manifest["raw_sha256"],
            features=features,
            extra={
                "task": "rul",
                "data_source": manifest["source"],
                "train_sha256": file_sha256(settings.paths.processed / "train.csv"),
                "model": specs[served].model_dump(),
                "model_names": names,
                "selection": selection,
                "rul_cap": cap,
                "windows": list(settings.model.windows),
                "max_request_cycles": settings.model.max_request_cycles,
                "flat_sensors": models["main"]["features"].flat_sensors_,
                "metrics": {"validation": scores[served]},
                "baseline_validation": {names[role]: scores[role] for role in RUL_ROLES[1:]},
                "fit_seconds": {specs[role].name: fit_seconds[role] for role in RUL_ROLES},
                "mlflow_run_id": run_id,
            },
        )
        baselines = {role: models[role] for role in ("baseline", "dummy")}
        save_model(models["main"], baselines, metadata, settings.paths.models)
        tracker.log_params(
            {
                "task": "rul",
                "seed": settings.seed,
                "data_source": manifest["source"],
                "split": settings.split.model_dump(),
                "model": settings.model.model_dump(),
                "served": names["main"],
            }
        )
        tracker.log_metrics(scores[served], prefix="validation_")
        sample = validation[CYCLE_COLUMNS].head(50)
        tracker.log_model(models["main"], sample, predict_rul(models["main"], sample, cap))
    return metadata


def other_candidate(role: str) -> str:
    return next(each for each in RUL_CANDIDATES if each != role)


def select_regressor(
    specs: dict[str, EstimatorSettings], scores: dict[str, dict[str, float]]
) -> tuple[dict[str, Any], str]:
    """The candidate with the lower validation RMSE (a tie keeps the main model), as the
    `selection` the metadata and the model card show, and its role.
    """
    chosen = min(RUL_CANDIDATES, key=lambda role: scores[role]["rmse"])  # min keeps the first
    other = other_candidate(chosen)
    reason = (
        f"lower rmse on the validation engines: {scores[chosen]['rmse']:.2f} against "
        f"{scores[other]['rmse']:.2f} for {specs[other].name}"
    )
    validation = {specs[role].name: scores[role] for role in RUL_CANDIDATES}
    selection = {"chosen": specs[chosen].name, "metric": "rmse", "reason": reason}
    return {**selection, "validation": validation}, chosen
