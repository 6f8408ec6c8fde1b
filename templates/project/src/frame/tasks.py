"""Several problems in one project: each task is a subpackage with its own `Project`, and this
module makes them one command line and one service.

Settings: every task reads the same configs/*.yaml, the shared keys with `tasks.<task>` merged
over them, and keeps its data, models and reports in a subfolder named after it. Environment
variables `APP_TASKS__<TASK>__<SECTION>__<FIELD>` set one task's value and rank above the shared
`APP_<SECTION>__<FIELD>`. The command line takes `--task` before the command: data, train and
evaluate run every task unless it names one; the other commands use the first task, or the one
named. The service serves every task: each task's routes, each with its task's model.
"""

import json
import os
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from pydantic import PrivateAttr
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource

from .cli import Target, build_cli, fail
from .contract import Project, Serving
from .errors import ConfigError
from .settings import (
    DEFAULT_CONFIG_DIR,
    PathsSettings,
    ProjectSettings,
    Settings,
    build_settings,
    merge_deep,
    read_yaml_files,
)

if TYPE_CHECKING:  # FastAPI is imported when the service is built, not for `--help`
    from fastapi import FastAPI

    from .api.app import ModelLoader
    from .api.deps import ServedModel

LOADING = ContextVar("LOADING", default="")  # the task whose settings are being built


class TaskPathsSettings(PathsSettings):
    task: str = ""  # set when the settings load: the task's files live in <folder>/<task>

    def folder(self, relative: Path) -> Path:
        path = self.under_root(relative)
        return path / self.task if self.task else path

    def for_task(self, task: str) -> "TaskPathsSettings":
        """The same folders for another task of the project."""
        return self.model_copy(update={"task": task})


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


class TaskEnvironment(PydanticBaseSettingsSource):
    """`APP_TASKS__<TASK>__<SECTION>__<FIELD>` variables: a setting of one task only, where
    `APP_<SECTION>__<FIELD>` reaches every task (and fails where a task lacks the field). A value
    is read as JSON when it parses (a list, a number).
    """

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # every variable is read at once, in __call__

    def __call__(self) -> dict[str, Any]:
        task = LOADING.get()
        return task_environment(task) if task else {}


class TaskSettings(ProjectSettings):
    """The settings of one task of several: its own folders, its own environment variables."""

    paths: TaskPathsSettings = TaskPathsSettings()
    # Where these settings were read from (the configs folder, the overrides), so that the
    # service reads every other task's settings the same way.
    _loaded_from: tuple[Path, Mapping[str, Any]] = PrivateAttr(default=(DEFAULT_CONFIG_DIR, {}))

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


@dataclass(frozen=True)
class Tasks:
    """A project of several tasks, by name; the first is the default one."""

    name: str
    tasks: Mapping[str, Project[Any]]

    def named(self) -> str:
        return ", ".join(self.tasks)

    def first(self) -> str:
        return next(iter(self.tasks))

    def check_environment(self) -> None:
        """An `APP_TASKS__<NAME>__...` variable must name a task of the project."""
        for name in os.environ:
            parts = name.upper().split("__")
            if parts[0] == "APP_TASKS" and len(parts) > 2 and parts[1].lower() not in self.tasks:
                raise ConfigError(f"{name}: not a task of this project (tasks: {self.named()})")

    def load_settings(
        self,
        task: str | None = None,
        config_dir: Path = DEFAULT_CONFIG_DIR,
        overrides: Mapping[str, Any] | None = None,
    ) -> Any:
        """The settings of one task (default: the first), an instance of its settings class."""
        chosen = self.first() if task is None else task
        if chosen not in self.tasks:
            raise ConfigError(f"unknown task {chosen!r}; tasks: {self.named()}")
        self.check_environment()
        values = read_yaml_files(config_dir)
        by_task = values.pop("tasks", None) or {}
        unknown = sorted(set(by_task) - set(self.tasks))
        if unknown:
            raise ConfigError(
                f"tasks.{unknown[0]}: not a task of this project (tasks: {self.named()})"
            )
        values = merge_deep(values, by_task.get(chosen) or {})
        values = merge_deep(merge_deep(values, overrides or {}), {"paths": {"task": chosen}})
        token = LOADING.set(chosen)
        try:
            settings = build_settings(self.tasks[chosen].settings, values)
        finally:
            LOADING.reset(token)
        if isinstance(settings, TaskSettings):
            settings._loaded_from = (config_dir, dict(overrides or {}))
        return settings

    def sibling(self, settings: ProjectSettings, task: str) -> Any:
        """The settings of `task`, read as `settings` were, under the same root."""
        if getattr(settings.paths, "task", None) == task:
            return settings
        config_dir, overrides = getattr(settings, "_loaded_from", (DEFAULT_CONFIG_DIR, {}))
        root = {"paths": {"root": str(settings.paths.root)}}
        return self.load_settings(task, config_dir, merge_deep(overrides, root))

    def serving(self) -> Serving[Any]:
        """Every task's routes, each answered with its own task's model (`ServedModel.parts`);
        every task's model loaded from its own folder when the service starts; every task's
        demos, in task order.
        """
        from fastapi import APIRouter
        from fastapi.routing import APIRoute

        from .api.deps import ServedModel

        servings = {task: project.serving() for task, project in self.tasks.items()}
        router = APIRouter()
        for serving in servings.values():
            # The routes themselves, not an included router: the service finds its batch routes
            # (their body limit) among the router's own routes.
            router.routes.extend(serving.router.routes)
        task_of = {
            route.endpoint: task
            for task, serving in servings.items()
            for route in serving.router.routes
            if isinstance(route, APIRoute)
        }

        def load(settings: ProjectSettings) -> "ServedModel[dict[str, ServedModel[Any]]]":
            served = {
                task: serving.load_model(self.sibling(settings, task))
                for task, serving in servings.items()
            }
            return ServedModel(
                artifact={task: model.artifact for task, model in served.items()},
                metadata={
                    task: {"model_version": model.version, **model.metadata}
                    for task, model in served.items()
                },
                version=" ".join(f"{task}:{model.version}" for task, model in served.items()),
                predictor=served,
                parts={endpoint: served[task] for endpoint, task in task_of.items()},
            )

        demos = [demo for serving in servings.values() for demo in serving.demos]
        return Serving(router=router, load_model=load, demos=demos)

    def project(self) -> Project[Any]:
        """The whole project as the frame sees it: the first task's settings and stages, every
        task's routes and models.
        """
        return replace(self.tasks[self.first()], name=self.name, serving=self.serving)

    def cli(self) -> typer.Typer:
        """The command line (frame.cli), `--task` before the command."""
        return build_tasks_cli(self)

    def main(self) -> None:
        """The console script, `<package>.project:PROJECT.main`."""
        self.cli()()

    def create_app(
        self, settings: ProjectSettings | None = None, loader: "ModelLoader | None" = None
    ) -> "FastAPI":
        """The service (frame.api.app), every task's routes and models, with the first task's
        serving settings unless `settings` are given:
        `uvicorn --factory <package>.project:PROJECT.create_app`. `loader` replaces how the
        models load (tests use it).
        """
        from .api.app import create_app

        return create_app(self.project(), settings or self.load_settings(), loader)


def build_tasks_cli(tasks: Tasks) -> typer.Typer:
    """The command line of a project of several tasks: `--task NAME` before the command."""
    chosen: dict[str, str | None] = {"task": None}

    def target(name: str) -> Target:
        return Target(
            tasks.tasks[name], lambda config_dir: tasks.load_settings(name, config_dir), name
        )

    def select(every: bool) -> list[Target]:
        named = chosen["task"]
        if every and named is None:
            return [target(name) for name in tasks.tasks]
        return [target(named or tasks.first())]

    app = build_cli(tasks.project(), select, choice="task")

    @app.callback()
    def choose_task(
        task: Annotated[
            str | None,
            typer.Option(
                help=f"One of: {tasks.named()}. "
                "Default: every task for data, train and evaluate; the first for the others."
            ),
        ] = None,
    ) -> None:
        if task is not None and task not in tasks.tasks:
            raise fail(f"unknown task {task!r}; tasks: {tasks.named()}")
        chosen["task"] = task

    return app


__all__ = ["Settings", "TaskSettings", "Tasks", "build_tasks_cli"]
