"""Saved model and its metadata: what was trained, when, from which code and which data.

Kept free of MLflow so that serving code can load a model without the training stack.
"""

import importlib.metadata
import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import joblib
import pandas as pd

from .errors import ArtifactError

MODEL_FILE = "model.joblib"
BASELINES_FILE = "baselines.joblib"
METADATA_FILE = "metadata.json"


def package_version() -> str:
    try:
        return importlib.metadata.version(__package__ or "")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"


def git_commit(directory: Path) -> str | None:
    """The commit checked out in `directory`, or None outside a git work tree."""
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=directory, capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    return completed.stdout.strip() if completed.returncode == 0 else None


def describe_features(features: pd.DataFrame) -> dict[str, str]:
    return {str(name): str(dtype) for name, dtype in features.dtypes.items()}


def build_metadata(
    *, root: Path, data_sha256: str, features: pd.DataFrame, extra: dict[str, Any]
) -> dict[str, Any]:
    return {
        "version": package_version(),
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(root),
        "data_sha256": data_sha256,
        "feature_schema": describe_features(features),
        **extra,
    }


def save_model(
    model: Any, baselines: dict[str, Any], metadata: dict[str, Any], directory: Path
) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, directory / MODEL_FILE)
    joblib.dump(baselines, directory / BASELINES_FILE)
    write_metadata(metadata, directory)
    return directory / MODEL_FILE


def write_metadata(metadata: dict[str, Any], directory: Path) -> None:
    text = json.dumps(metadata, indent=2, sort_keys=True, default=str)
    (directory / METADATA_FILE).write_text(text + "\n", encoding="utf-8")


def read_metadata(directory: Path) -> dict[str, Any]:
    path = directory / METADATA_FILE
    if not path.is_file():
        raise ArtifactError(f"no model metadata at {path}: run `make train` first")
    metadata: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return metadata


def load_model(directory: Path) -> tuple[Any, dict[str, Any]]:
    """The fitted pipeline and its metadata; a readable error when training has not run."""
    metadata = read_metadata(directory)
    path = directory / MODEL_FILE
    if not path.is_file():
        raise ArtifactError(f"no model at {path}: run `make train` first")
    return joblib.load(path), metadata


def load_baselines(directory: Path) -> dict[str, Any]:
    path = directory / BASELINES_FILE
    if not path.is_file():
        raise ArtifactError(f"no baselines at {path}: run `make train` first")
    baselines: dict[str, Any] = joblib.load(path)
    return baselines
