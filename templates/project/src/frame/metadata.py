"""Saved model and its metadata: what was trained, when, from which code and which data.

Kept free of MLflow and pandas so that serving code can load a model without the training stack.
"""

import importlib.metadata
import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import joblib

if TYPE_CHECKING:
    import pandas as pd

from .errors import ArtifactError
from .files import file_sha256, written_together
from .settings import ProjectSettings

MODEL_FILE = "model.joblib"
BASELINES_FILE = "baselines.joblib"
METADATA_FILE = "metadata.json"
# The settings sections that change neither what a model learns nor how it is judged; every other
# section is recorded with the model, and an evaluation under different values is refused.
UNTRAINED_SECTIONS = frozenset({"paths", "tracking", "serving", "monitoring", "compute"})
# The sections the data stage reads too: a change there needs the data prepared again.
DATA_SECTIONS = ("seed", "data", "split")
SHOWN_CHANGES = 3  # changed keys named in the message; the rest are counted


def project_version(settings: ProjectSettings) -> str:
    """The installed version of the project whose settings these are (its distribution's)."""
    package = type(settings).__module__.partition(".")[0]
    try:
        return importlib.metadata.version(package)
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


def describe_features(features: "pd.DataFrame") -> dict[str, str]:
    return {str(name): str(dtype) for name, dtype in features.dtypes.items()}


def trained_settings(settings: ProjectSettings) -> dict[str, Any]:
    """The settings a model is trained and judged with, as JSON values (every section but
    UNTRAINED_SECTIONS).
    """
    values = settings.model_dump(mode="json", exclude=set(UNTRAINED_SECTIONS))
    loaded: dict[str, Any] = json.loads(json.dumps(values))
    return loaded


def flat_settings(values: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, dict) and value:
            flat.update(flat_settings(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def changed_settings(settings: ProjectSettings, metadata: dict[str, Any]) -> list[str]:
    """The keys (`evaluation.costs.false_negative`) whose value differs from the one the model
    was trained with, in name order.
    """
    recorded = flat_settings(metadata.get("settings") or {})
    current = flat_settings(trained_settings(settings))
    return sorted(
        key
        for key in recorded.keys() | current.keys()
        if recorded.get(key, ...) != current.get(key, ...)
    )


def check_trained_with(settings: ProjectSettings, metadata: dict[str, Any]) -> None:
    """Refuse (ArtifactError) to judge a model under settings other than those it was trained
    with: its threshold, model card and costs would contradict each other.
    """
    task = getattr(settings.paths, "task", "")
    command = " TASK=" + task if task else ""
    if "settings" not in metadata:
        raise ArtifactError(
            "the model records no training settings (trained by an older version): "
            f"run `make train{command}`"
        )
    changed = changed_settings(settings, metadata)
    if not changed:
        return
    named = ", ".join(changed[:SHOWN_CHANGES])
    if len(changed) > SHOWN_CHANGES:
        named += f" and {len(changed) - SHOWN_CHANGES} more"
    stages = "data train" if any(key.split(".")[0] in DATA_SECTIONS for key in changed) else "train"
    raise ArtifactError(f"settings changed since training ({named}): run `make {stages}{command}`")


def build_metadata(
    *, settings: ProjectSettings, data_sha256: str, features: "pd.DataFrame", extra: dict[str, Any]
) -> dict[str, Any]:
    """What is saved beside a model: the project's version, when and from which commit it was
    trained, with which settings, on which data, its input schema, and `extra`.
    """
    return {
        "version": project_version(settings),
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(settings.paths.root),
        "settings": trained_settings(settings),
        "data_sha256": data_sha256,
        "feature_schema": describe_features(features),
        **extra,
    }


def save_model(
    model: Any,
    baselines: dict[str, Any],
    metadata: dict[str, Any],
    directory: Path,
    files: dict[str, bytes] | None = None,
) -> Path:
    """Save the model, its baselines, any other `files` (name to content: an exported form of
    the model) and then its metadata, with the hash of each file: all replace the previous ones
    together (metadata last), or none does when interrupted.
    """
    with written_together() as staged:
        hashes = {}
        for name, artifact in ((MODEL_FILE, model), (BASELINES_FILE, baselines)):
            path = staged.path(directory / name)
            joblib.dump(artifact, path)
            hashes[name] = file_sha256(path)
        for name, content in (files or {}).items():
            path = staged.path(directory / name)
            path.write_bytes(content)
            hashes[name] = file_sha256(path)
        staged_metadata = staged.path(directory / METADATA_FILE)
        staged_metadata.write_text(metadata_text({**metadata, "files": hashes}), encoding="utf-8")
    return directory / MODEL_FILE


def metadata_text(metadata: dict[str, Any]) -> str:
    return json.dumps(metadata, indent=2, sort_keys=True, default=str) + "\n"


def read_metadata(directory: Path) -> dict[str, Any]:
    path = directory / METADATA_FILE
    if not path.is_file():
        raise ArtifactError(f"no model metadata at {path}: run `make train` first")
    try:
        metadata: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise ArtifactError(f"{path} is unreadable ({one_line(error)}): run `make train`") from None
    return metadata


def one_line(error: BaseException) -> str:
    return " ".join(f"{type(error).__name__}: {error}".split())


def load_artifact(path: Path, metadata: dict[str, Any]) -> Any:
    """A saved joblib file, checked against the hash its metadata records (when it records one:
    models saved by older versions do not). Any failure is an ArtifactError that says what to run.
    """
    if not path.is_file():
        raise ArtifactError(f"no {path.stem} at {path}: run `make train` first")
    expected = metadata.get("files", {}).get(path.name)
    if expected is not None and file_sha256(path) != expected:
        raise ArtifactError(
            f"{path} does not match its hash in {METADATA_FILE} (changed since, or left by an "
            "interrupted run): run `make train`"
        )
    try:
        return joblib.load(path)
    except Exception as error:  # unpickling fails in many ways: EOFError, UnpicklingError, ...
        raise ArtifactError(f"{path} is unreadable ({one_line(error)}): run `make train`") from None


def load_model(directory: Path) -> tuple[Any, dict[str, Any]]:
    """The fitted pipeline and its metadata; a readable error when training has not run."""
    metadata = read_metadata(directory)
    return load_artifact(directory / MODEL_FILE, metadata), metadata


def load_baselines(directory: Path) -> dict[str, Any]:
    baselines: dict[str, Any] = load_artifact(directory / BASELINES_FILE, read_metadata(directory))
    return baselines
