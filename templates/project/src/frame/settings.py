"""Settings: one strict, frozen model read from configs/*.yaml, then overridden by the environment.

Precedence, highest first: environment variables (``APP_SECTION__FIELD``), explicit overrides
passed to ``load_settings``, the YAML files, the defaults below. Nothing is read at import time.
A project's own settings class subclasses ``ProjectSettings`` and adds its sections (data, split,
model, evaluation); the sections here are what every project configures the same way.
"""

from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from .errors import ConfigError

DEFAULT_CONFIG_DIR = Path("configs")


class Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PathsSettings(Section):
    root: Path = Path()
    raw_dir: Path = Path("data/raw")
    processed_dir: Path = Path("data/processed")
    models_dir: Path = Path("models")
    reports_dir: Path = Path("reports")
    batches_dir: Path = Path("data/batches")

    def under_root(self, relative: Path) -> Path:
        return relative if relative.is_absolute() else self.root / relative

    def folder(self, relative: Path) -> Path:
        """Where one of the folders below is: under the root (a subclass may add a level)."""
        return self.under_root(relative)

    @property
    def raw(self) -> Path:
        return self.folder(self.raw_dir)

    @property
    def processed(self) -> Path:
        return self.folder(self.processed_dir)

    @property
    def models(self) -> Path:
        return self.folder(self.models_dir)

    @property
    def reports(self) -> Path:
        return self.folder(self.reports_dir)

    @property
    def figures(self) -> Path:
        return self.reports / "figures"

    @property
    def batches(self) -> Path:
        return self.folder(self.batches_dir)


class DataSettings(Section):
    """Where the data comes from; a project adds how big its generated data set is."""

    source: str = "synthetic"  # synthetic | public | a path: a file, or a folder of files
    public_url: str
    public_hash: str | None = Field(default=None, pattern=r"^(sha256|md5):[0-9a-f]+$")
    public_file_name: str


class EstimatorSettings(Section):
    name: str
    params: dict[str, Any] = Field(default_factory=dict)


class TrackingSettings(Section):
    enabled: bool = True
    store: Path = Path("mlflow.db")
    artifacts_dir: Path = Path("mlartifacts")
    experiment: str


class ServingSettings(Section):
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    batch_limit: int = Field(default=1000, ge=1)  # records in one batch request
    # Bodies larger than these are refused (413) before they are read whole: a one-record
    # request, and a batch (room for batch_limit records).
    max_body_bytes: int = Field(default=524_288, ge=1024)
    max_batch_body_bytes: int = Field(default=2_097_152, ge=1024)
    prediction_log: Path | None = None  # JSON lines, one per prediction; None writes nothing


class MonitoringSettings(Section):
    """When a feature counts as drifted; see monitoring.py for how each figure is computed."""

    bins: int = Field(default=10, ge=2)
    psi_threshold: float = Field(default=0.2, gt=0)
    ks_p_value: float = Field(default=0.01, gt=0, lt=1)
    ks_min_statistic: float = Field(default=0.1, gt=0, le=1)
    min_drifted_features: int = Field(default=1, ge=1)
    min_rows: int = Field(default=100, ge=1)


class ComputeSettings(Section):
    """How many threads the numeric libraries (OpenMP, BLAS) may use in each stage and in the
    service; None: half the CPUs this process may use, at least one, so that a busy machine is
    not oversubscribed.
    """

    threads: int | None = Field(default=None, ge=1)


class ProjectSettings(BaseSettings):
    """What every project configures: seed, folders, tracking, serving, monitoring, threads."""

    model_config = SettingsConfigDict(
        frozen=True, extra="forbid", env_prefix="APP_", env_nested_delimiter="__"
    )

    seed: int = 42
    paths: PathsSettings = PathsSettings()
    tracking: TrackingSettings
    serving: ServingSettings = ServingSettings()
    monitoring: MonitoringSettings = MonitoringSettings()
    compute: ComputeSettings = ComputeSettings()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return env_settings, init_settings


Settings = TypeVar("Settings", bound=ProjectSettings)


def read_yaml_files(config_dir: Path) -> dict[str, Any]:
    """Merge every configs/*.yaml file, in name order; a later file wins on a repeated key."""
    files = sorted(config_dir.glob("*.yaml"))
    if not files:
        raise ConfigError(f"no *.yaml file in {config_dir}")
    merged: dict[str, Any] = {}
    for file in files:
        content = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        if not isinstance(content, dict):
            raise ConfigError(f"{file}: expected a mapping at the top level")
        merged = merge_deep(merged, content)
    return merged


def merge_deep(base: Mapping[str, Any], update: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merge_deep(merged[key], value)
        else:
            merged[key] = value
    return merged


def describe_validation_error(error: ValidationError) -> str:
    lines = [
        f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"
        for problem in error.errors()
    ]
    return "invalid settings:\n  " + "\n  ".join(lines)


def build_settings(settings_class: type[Settings], values: Mapping[str, Any]) -> Settings:  # noqa: UP047 (3.11)
    try:
        return settings_class(**values)
    except ValidationError as error:
        raise ConfigError(describe_validation_error(error)) from error


def load_settings(  # noqa: UP047 (3.11)
    settings_class: type[Settings],
    config_dir: Path = DEFAULT_CONFIG_DIR,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """The project's settings: the YAML files, then ``overrides``, then the environment."""
    values = merge_deep(read_yaml_files(config_dir), overrides or {})
    return build_settings(settings_class, values)
