"""Settings: one strict, frozen model read from configs/*.yaml, then overridden by the environment.

Precedence, highest first: environment variables (``APP_TASKS__<TASK>__SECTION__FIELD`` for one
task, then ``APP_SECTION__FIELD``), explicit overrides passed to ``load_settings``, the YAML files,
the defaults below. Nothing is read at import time.
A project with several tasks (``TASKS``) reads the shared keys plus ``tasks.<task>`` from the
same files, and keeps each task's data, models and reports in a subfolder named after it.
"""

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError{% block pydantic_imports %}{% endblock %}
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from .errors import ConfigError

DEFAULT_CONFIG_DIR = Path("configs")


class Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PathsSettings(Section):
    root: Path = Path()
    task: str = ""  # set by load_settings: a task's data, models and reports live in <dir>/<task>
    raw_dir: Path = Path("data/raw")
    processed_dir: Path = Path("data/processed")
    models_dir: Path = Path("models")
    reports_dir: Path = Path("reports")
    batches_dir: Path = Path("data/batches")

    def under_root(self, relative: Path) -> Path:
        return relative if relative.is_absolute() else self.root / relative

    def task_folder(self, relative: Path) -> Path:
        path = self.under_root(relative)
        return path / self.task if self.task else path

    def for_task(self, task: str) -> "PathsSettings":
        """The same folders for another task of the project (a service may serve several)."""
        return self.model_copy(update={"task": task})

    @property
    def raw(self) -> Path:
        return self.task_folder(self.raw_dir)

    @property
    def processed(self) -> Path:
        return self.task_folder(self.processed_dir)

    @property
    def models(self) -> Path:
        return self.task_folder(self.models_dir)

    @property
    def reports(self) -> Path:
        return self.task_folder(self.reports_dir)

    @property
    def figures(self) -> Path:
        return self.reports / "figures"

    @property
    def batches(self) -> Path:
        return self.task_folder(self.batches_dir)


class DataSettings(Section):
    source: str = "synthetic"  # synthetic | public | a path: a file, or a folder of files
    public_url: str
    public_hash: str | None = Field(default=None, pattern=r"^(sha256|md5):[0-9a-f]+$")
    public_file_name: str
    # How big the generated data set is, in this kind's own terms.
{% block data_fields %}{% endblock %}

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
    # request (/predict, an engine's cycles), and a batch (room for batch_limit records).
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


# What this kind of project configures for itself: how it splits, which models, how it evaluates.
{% block kind_sections %}{% endblock %}


class TaskEnvironment(PydanticBaseSettingsSource):
    """`APP_TASKS__<TASK>__<SECTION>__<FIELD>` variables: a setting of one task only, where
    `APP_<SECTION>__<FIELD>` reaches every task (and fails where a task lacks the field). They
    rank above the shared variables; a value is read as JSON when it parses (a list, a number).
    """

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # every variable is read at once, in __call__

    def __call__(self) -> dict[str, Any]:
        task = next((name for name, kind in TASKS.items() if kind is self.settings_cls), "")
        return task_environment(task) if task else {}


class ProjectSettings(BaseSettings):
    """What every task of every kind configures: seed, folders, tracking, serving, monitoring."""

    model_config = SettingsConfigDict(
        frozen=True, extra="forbid", env_prefix="APP_", env_nested_delimiter="__"
    )

    seed: int = 42
    paths: PathsSettings = PathsSettings()
    tracking: TrackingSettings
    serving: ServingSettings = ServingSettings()
    monitoring: MonitoringSettings = MonitoringSettings()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return TaskEnvironment(settings_cls), env_settings, init_settings
{% block settings %}

class Settings(ProjectSettings):
    data: DataSettings
    split: SplitSettings = SplitSettings()
    model: ModelSettings
    evaluation: EvaluationSettings


# The project's tasks and the settings class of each; a kind with one task has one, unnamed.
TASKS: dict[str, type[Settings]] = {"": Settings}{% endblock %}


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


def named_tasks() -> str:
    return ", ".join(TASKS) if len(TASKS) > 1 else "none: this project has a single task"


def task_values(values: dict[str, Any], task: str) -> dict[str, Any]:
    """The shared keys with `tasks.<task>` merged over them, and the task's folder set."""
    by_task = values.pop("tasks", None) or {}
    unknown = sorted(set(by_task) - set(TASKS))
    if unknown:
        named = named_tasks()
        raise ConfigError(f"tasks.{unknown[0]}: not a task of this project (tasks: {named})")
    return merge_deep(merge_deep(values, by_task.get(task) or {}), {"paths": {"task": task}})


def env_value(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def task_environment(task: str) -> dict[str, Any]:
    """The `APP_TASKS__<TASK>__...` variables of one task, as nested settings values."""
    prefix = f"APP_TASKS__{task.upper()}__"
    values: dict[str, Any] = {}
    for name, value in os.environ.items():
        if name.upper().startswith(prefix):
            *sections, field = name[len(prefix) :].lower().split("__")
            target = values
            for section in sections:
                target = target.setdefault(section, {})
            target[field] = env_value(value)
    return values


def check_task_environment() -> None:
    """An `APP_TASKS__<NAME>__...` variable must name a task of the project."""
    for name in os.environ:
        parts = name.upper().split("__")
        if parts[0] == "APP_TASKS" and len(parts) > 2 and parts[1].lower() not in TASKS:
            raise ConfigError(f"{name}: not a task of this project (tasks: {named_tasks()})")


def load_settings(
    config_dir: Path = DEFAULT_CONFIG_DIR,
    overrides: Mapping[str, Any] | None = None,
    task: str | None = None,
) -> Settings:
    """The settings of one task (default: the project's first, or only, task)."""
    chosen = next(iter(TASKS)) if task is None else task
    if chosen not in TASKS:
        raise ConfigError(f"unknown task {chosen!r}; tasks: {named_tasks()}")
    check_task_environment()
    values = merge_deep(task_values(read_yaml_files(config_dir), chosen), overrides or {})
    try:
        return TASKS[chosen](**values)
    except ValidationError as error:
        raise ConfigError(describe_validation_error(error)) from error
