"""Experiment tracking with MLflow, imported only when a run is tracked.

The local store is a sqlite file under the project root; MLFLOW_TRACKING_URI, when set, wins.
Models go to MLflow with cloudpickle, like the joblib file: they hold this package's own function
transformer, which skops would refuse unless every type in the model were declared trusted.
MLflow warns at every save in that format that unpickling a file can run code; the warning is
dropped, as the model is this project's own and loaded only by it. Its INFO lines (the database
being set up, the uv project it found) are not shown either; its other warnings are.
"""

import logging
import os
import platform
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from .settings import ProjectSettings as Settings

# MLflow 3 starts a thread at import that fetches a telemetry config over the network and sets
# and unsets an environment variable; meanwhile training threads read the environment, and a
# process that changes it in one thread while another reads it can crash (a segfault in getenv
# was seen here once during `make train`). A project's training has no reason to phone home.
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
PACKAGE_DIR = Path(__file__).resolve().parent
SERVING_REQUIREMENTS = ("scikit-learn", "pandas", "numpy", "joblib")
TEST_PREFIX = "test_"  # how a run's test metrics are named


def flatten(values: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in values.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def pinned_requirements() -> list[str]:
    import importlib.metadata

    return [f"{name}=={importlib.metadata.version(name)}" for name in SERVING_REQUIREMENTS]


def conda_environment() -> dict[str, Any]:
    """The environment MLflow records for the model, given whole: MLflow would otherwise look
    for pip's version, which a uv environment does not have, and warn.
    """
    return {
        "name": "serving",
        "channels": ["conda-forge"],
        "dependencies": [
            f"python={platform.python_version()}",
            "pip",
            {"pip": pinned_requirements()},
        ],
    }


class PickleWarning(logging.Filter):
    """Drops MLflow's warning that a model saved with cloudpickle can run code when loaded."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Saving scikit-learn models in the pickle")


def quiet_mlflow_logs() -> None:
    logging.getLogger("mlflow").setLevel(logging.WARNING)
    sklearn_logger = logging.getLogger("mlflow.sklearn")
    if not any(isinstance(item, PickleWarning) for item in sklearn_logger.filters):
        sklearn_logger.addFilter(PickleWarning())


def as_floats(features: pd.DataFrame) -> pd.DataFrame:
    """Integer columns as float64 in the signature, so a missing value still fits the schema."""
    integers = features.select_dtypes("integer").columns
    return features.astype(dict.fromkeys(integers, "float64"))


class Tracker:
    """Logs to MLflow when tracking is enabled; every method is a no-op otherwise."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.enabled = settings.tracking.enabled

    def connect(self) -> None:
        import mlflow

        quiet_mlflow_logs()
        tracking = self.settings.tracking
        artifacts_location = None
        if "MLFLOW_TRACKING_URI" not in os.environ:
            store = self.settings.paths.under_root(tracking.store).resolve()
            mlflow.set_tracking_uri(f"sqlite:///{store}")
            artifacts_location = (
                self.settings.paths.under_root(tracking.artifacts_dir).resolve().as_uri()
            )
        if mlflow.get_experiment_by_name(tracking.experiment) is None:
            mlflow.create_experiment(tracking.experiment, artifact_location=artifacts_location)
        mlflow.set_experiment(tracking.experiment)

    @contextmanager
    def run(self, run_name: str | None = None) -> Iterator[str | None]:
        """Start a run; yield its id, or None when not tracking."""
        if not self.enabled:
            yield None
            return
        import mlflow

        self.connect()
        with mlflow.start_run(run_name=run_name) as active:
            yield active.info.run_id

    @contextmanager
    def evaluation_run(self, training_run_id: str | None) -> Iterator[str | None]:
        """The run an evaluation logs into, so that no evaluation overwrites another's figures:
        the training run the first time (it holds no test metrics yet), else a run of its own,
        shown under the training run and tagged `training_run_id`. Yields its id, or None when
        not tracking.
        """
        if not self.enabled:
            yield None
            return
        import mlflow

        self.connect()
        training = None
        if training_run_id is not None:
            try:
                training = mlflow.MlflowClient().get_run(training_run_id)
            except mlflow.exceptions.MlflowException:  # the store was replaced since training
                training = None
        if training is not None and not any(
            key.startswith(TEST_PREFIX) for key in training.data.metrics
        ):
            with mlflow.start_run(run_id=training_run_id) as active:
                yield active.info.run_id
            return
        tags = {}
        name = "evaluation"
        if training is not None:
            tags = {
                "training_run_id": training.info.run_id,
                "mlflow.parentRunId": training.info.run_id,
            }
            name = f"evaluation of {training.info.run_name}"
        with mlflow.start_run(run_name=name, tags=tags) as active:
            yield active.info.run_id

    def log_params(self, params: Mapping[str, Any]) -> None:
        if self.enabled:
            import mlflow

            mlflow.log_params({key: str(value) for key, value in flatten(params).items()})

    def log_metrics(self, metrics: Mapping[str, float], prefix: str = "") -> None:
        if self.enabled:
            import mlflow

            mlflow.log_metrics({f"{prefix}{key}": float(value) for key, value in metrics.items()})

    def log_artifacts(self, directory: Path, artifact_path: str) -> None:
        if self.enabled:
            import mlflow

            mlflow.log_artifacts(str(directory), artifact_path=artifact_path)

    def log_model(self, model: Any, features: pd.DataFrame, scores: Any) -> None:
        if self.enabled:
            import mlflow
            import mlflow.sklearn

            mlflow.sklearn.log_model(
                model,
                name="model",
                serialization_format="cloudpickle",
                conda_env=conda_environment(),
                code_paths=[str(PACKAGE_DIR)],
                signature=mlflow.models.infer_signature(as_floats(features), scores),
            )
