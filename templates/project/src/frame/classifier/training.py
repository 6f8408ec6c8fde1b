"""Training a scikit-learn classifier over a table: fit the main model and both baselines on the
training split only, choose each decision threshold on the validation split, serve whichever of the
main model and the logistic baseline scores better on the validation split (by
`evaluation.selection_metric`; the dummy only sets the floor), save the pipelines with their
metadata, track the run. The project's train stage calls `train(settings, its TabularClassifier)`.
"""

import time
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from ..errors import ConfigError
from ..evaluation.binary import choose_threshold
from ..metadata import build_metadata, save_model
from ..settings import EstimatorSettings
from ..sources import file_sha256, read_manifest
from ..tracking import Tracker
from .fastpath import attach_validation_sample
from .settings import ClassifierSettings, EvaluationSettings
from .tabular import TabularClassifier, positive_scores

ESTIMATORS: dict[str, type[BaseEstimator]] = {
    "hist_gradient_boosting": HistGradientBoostingClassifier,
    "logistic_regression": LogisticRegression,
    "dummy": DummyClassifier,
}
CANDIDATES = ("main", "baseline")  # the configured models that compete to be served
LOWER_IS_BETTER = {"brier", "expected_cost_per_10k"}  # every other metric: higher is better


@dataclass(frozen=True)
class TrainedModel:
    spec: EstimatorSettings
    name: str  # how reports call it: its estimator's name in configs/model.yaml
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


def build_pipeline(spec: EstimatorSettings, seed: int, preprocessor: Any) -> Pipeline:
    """The whole model: every fitted transform and the estimator, saved as one object."""
    return Pipeline([("preprocess", preprocessor), ("model", build_estimator(spec, seed))])


def fit_and_tune(
    spec: EstimatorSettings,
    seed: int,
    data: tuple[tuple[pd.DataFrame, pd.Series], tuple[pd.DataFrame, pd.Series]],
    evaluation: EvaluationSettings,
    classifier: TabularClassifier[Any],
) -> TrainedModel:
    """Fit on the training split, then pick the cost-optimal threshold on the validation split."""
    train, validation = data
    started = time.perf_counter()
    pipeline = build_pipeline(spec, seed, classifier.build_preprocessor()).fit(*train)
    fit_seconds = time.perf_counter() - started
    labels, scores = validation[1].to_numpy(), positive_scores(pipeline, validation[0])
    threshold = choose_threshold(labels, scores, evaluation.costs)
    metrics = classifier.metrics(labels, scores, threshold, evaluation)
    return TrainedModel(spec, spec.name, pipeline, threshold, metrics, fit_seconds)


def train_models(
    settings: ClassifierSettings,
    train: tuple[pd.DataFrame, pd.Series],
    validation: tuple[pd.DataFrame, pd.Series],
    classifier: TabularClassifier[Any],
) -> dict[str, TrainedModel]:
    """The configured models by role (main, baseline, dummy); the two candidates keep a sample of
    validation rows inside their pipelines, on which serving checks its fast path.
    """
    specs = {
        "main": settings.model.main,
        "baseline": settings.model.baseline,
        "dummy": settings.model.dummy,
    }
    models = {
        role: fit_and_tune(
            spec, settings.seed, (train, validation), settings.evaluation, classifier
        )
        for role, spec in specs.items()
    }
    if models["main"].name == models["baseline"].name:  # two settings of one estimator
        models = {
            role: replace(model, name=f"{model.name} ({role})") if role in CANDIDATES else model
            for role, model in models.items()
        }
    for role in CANDIDATES:
        attach_validation_sample(models[role].pipeline, validation[0])
    return models


def select_served(models: dict[str, TrainedModel], metric: str) -> tuple[dict[str, Any], str]:
    """The candidate with the better validation `metric` (a tie keeps the main model), as the
    `selection` the metadata and the model card show, and its role.
    """
    if metric not in models["main"].validation_metrics:
        known = sorted(models["main"].validation_metrics)
        raise ConfigError(f"unknown selection_metric {metric!r}; choose one of {known}")
    sign = -1.0 if metric in LOWER_IS_BETTER else 1.0
    value = {role: models[role].validation_metrics[metric] for role in CANDIDATES}
    chosen = max(CANDIDATES, key=lambda role: sign * value[role])  # max keeps the first of a tie
    other = next(role for role in CANDIDATES if role != chosen)
    comparison = "lower" if sign < 0 else "higher"
    reason = (
        f"{comparison} {metric} on the validation split: {value[chosen]:.4f} against "
        f"{value[other]:.4f} for {models[other].name}"
    )
    validation = {models[role].name: models[role].validation_metrics for role in CANDIDATES}
    selection = {"chosen": models[chosen].name, "metric": metric, "reason": reason}
    return {**selection, "validation": validation}, chosen


def served_first(models: dict[str, TrainedModel], chosen: str) -> dict[str, TrainedModel]:
    """The models under the roles the reports use: `main` is the one served, `baseline` the
    candidate it beat, `dummy` the floor.
    """
    other = next(role for role in CANDIDATES if role != chosen)
    return {"main": models[chosen], "baseline": models[other], "dummy": models["dummy"]}


def describe_training(
    settings: ClassifierSettings,
    models: dict[str, TrainedModel],
    selection: dict[str, Any],
    features: pd.DataFrame,
    run_id: str | None,
) -> dict[str, Any]:
    """The metadata saved with the served model; `models` as `served_first` orders them."""
    manifest = read_manifest(settings)
    return build_metadata(
        settings=settings,
        data_sha256=manifest["raw_sha256"],
        features=features,
        extra={
            "data_source": manifest["source"],
            "train_sha256": file_sha256(settings.paths.processed / "train.csv"),
            "model": models["main"].spec.model_dump(),
            "model_names": {role: model.name for role, model in models.items()},
            "selection": selection,
            "threshold": models["main"].threshold,
            "baseline_thresholds": {role: models[role].threshold for role in ("baseline", "dummy")},
            "costs": settings.evaluation.costs.model_dump(),
            "metrics": {"validation": models["main"].validation_metrics},
            "fit_seconds": {model.name: round(model.fit_seconds, 3) for model in models.values()},
            "mlflow_run_id": run_id,
        },
    )


def tracked_params(settings: ClassifierSettings, data_source: str) -> dict[str, Any]:
    return {
        "seed": settings.seed,
        "data_source": data_source,
        "split": settings.split.model_dump(),
        "model": settings.model.model_dump(),
        "costs": settings.evaluation.costs.model_dump(),
    }


def train(settings: ClassifierSettings, classifier: TabularClassifier[Any]) -> dict[str, Any]:
    """Run the training stage; return the metadata saved next to the model."""
    train_split = classifier.split_features_target(classifier.load_split(settings, "train"))
    validation_split = classifier.split_features_target(
        classifier.load_split(settings, "validation")
    )
    tracker = Tracker(settings)
    with tracker.run(run_name=settings.model.main.name) as run_id:
        trained = train_models(settings, train_split, validation_split, classifier)
        selection, chosen = select_served(trained, settings.evaluation.selection_metric)
        models = served_first(trained, chosen)
        main = models["main"]
        metadata = describe_training(settings, models, selection, train_split[0], run_id)
        baselines = {role: models[role].pipeline for role in ("baseline", "dummy")}
        save_model(main.pipeline, baselines, metadata, settings.paths.models)
        params = tracked_params(settings, metadata["data_source"])
        tracker.log_params({**params, "served": main.name})
        for role in CANDIDATES:
            tracker.log_metrics(trained[role].validation_metrics, prefix=f"validation_{role}_")
        tracker.log_metrics(main.validation_metrics, prefix="validation_")
        sample = validation_split[0].head(50)
        tracker.log_model(main.pipeline, sample, positive_scores(main.pipeline, sample))
    return metadata
