"""Training stage: fit the main model and both baselines on the training split only, choose each
decision threshold on the validation split, save the pipelines with their metadata, track the run.
"""

import time
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from ..classification import choose_threshold, positive_scores
from ..config import EstimatorSettings, EvaluationSettings, Settings
from ..dataset import load_split
from ..errors import ConfigError
from ..features import build_preprocessor, split_features_target
from ..metadata import build_metadata, save_model
from ..sources import file_sha256, read_manifest
from ..tracking import Tracker
from .metrics import classification_metrics

ESTIMATORS: dict[str, type[BaseEstimator]] = {
    "hist_gradient_boosting": HistGradientBoostingClassifier,
    "logistic_regression": LogisticRegression,
    "dummy": DummyClassifier,
}


@dataclass(frozen=True)
class TrainedModel:
    pipeline: Pipeline
    threshold: float
    validation_metrics: dict[str, float]
    fit_seconds: float


def build_estimator(spec: EstimatorSettings, seed: int) -> BaseEstimator:
    if spec.name not in ESTIMATORS:
        raise ConfigError(f"unknown estimator {spec.name!r}; choose one of {sorted(ESTIMATORS)}")
    estimator = ESTIMATORS[spec.name](**spec.params)
    if "random_state" in estimator.get_params():
        estimator.set_params(random_state=seed)
    return estimator


def build_pipeline(spec: EstimatorSettings, seed: int) -> Pipeline:
    """The whole model: every fitted transform and the estimator, saved as one object."""
    return Pipeline([("preprocess", build_preprocessor()), ("model", build_estimator(spec, seed))])


def fit_and_tune(
    spec: EstimatorSettings,
    seed: int,
    train: tuple[pd.DataFrame, pd.Series],
    validation: tuple[pd.DataFrame, pd.Series],
    evaluation: EvaluationSettings,
) -> TrainedModel:
    """Fit on the training split, then pick the cost-optimal threshold on the validation split."""
    started = time.perf_counter()
    pipeline = build_pipeline(spec, seed).fit(*train)
    fit_seconds = time.perf_counter() - started
    labels, scores = validation[1].to_numpy(), positive_scores(pipeline, validation[0])
    threshold = choose_threshold(labels, scores, evaluation.costs)
    metrics = classification_metrics(labels, scores, threshold, evaluation)
    return TrainedModel(pipeline, threshold, metrics, fit_seconds)


def train_models(
    settings: Settings,
    train: tuple[pd.DataFrame, pd.Series],
    validation: tuple[pd.DataFrame, pd.Series],
) -> dict[str, TrainedModel]:
    specs = {
        "main": settings.model.main,
        "baseline": settings.model.baseline,
        "dummy": settings.model.dummy,
    }
    return {
        role: fit_and_tune(spec, settings.seed, train, validation, settings.evaluation)
        for role, spec in specs.items()
    }


def describe_training(
    settings: Settings, models: dict[str, TrainedModel], features: pd.DataFrame, run_id: str | None
) -> dict[str, Any]:
    manifest = read_manifest(settings)
    return build_metadata(
        root=settings.paths.root,
        data_sha256=manifest["raw_sha256"],
        features=features,
        extra={
            "data_source": manifest["source"],
            "train_sha256": file_sha256(settings.paths.processed / "train.csv"),
            "model": settings.model.main.model_dump(),
            "threshold": models["main"].threshold,
            "baseline_thresholds": {role: models[role].threshold for role in ("baseline", "dummy")},
            "costs": settings.evaluation.costs.model_dump(),
            "metrics": {"validation": models["main"].validation_metrics},
            "fit_seconds": {role: round(model.fit_seconds, 3) for role, model in models.items()},
            "mlflow_run_id": run_id,
        },
    )


def tracked_params(settings: Settings, data_source: str) -> dict[str, Any]:
    return {
        "seed": settings.seed,
        "data_source": data_source,
        "split": settings.split.model_dump(),
        "model": settings.model.model_dump(),
        "costs": settings.evaluation.costs.model_dump(),
    }


def train(settings: Settings) -> dict[str, Any]:
    """Run the training stage; return the metadata saved next to the model."""
    train_split = split_features_target(load_split(settings, "train"))
    validation_split = split_features_target(load_split(settings, "validation"))
    tracker = Tracker(settings)
    with tracker.run(run_name=settings.model.main.name) as run_id:
        models = train_models(settings, train_split, validation_split)
        main = models["main"]
        metadata = describe_training(settings, models, train_split[0], run_id)
        baselines = {role: models[role].pipeline for role in ("baseline", "dummy")}
        save_model(main.pipeline, baselines, metadata, settings.paths.models)
        tracker.log_params(tracked_params(settings, metadata["data_source"]))
        tracker.log_metrics(main.validation_metrics, prefix="validation_")
        sample = validation_split[0].head(50)
        tracker.log_model(main.pipeline, sample, positive_scores(main.pipeline, sample))
    return metadata
