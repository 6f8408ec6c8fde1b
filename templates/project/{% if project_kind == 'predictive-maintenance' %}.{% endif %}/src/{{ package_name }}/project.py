"""This project, described once for the frame: two tasks, each a subpackage with its own
description (frame.contract.Project): `failure` (will this milling process end in a machine
failure?) and `rul` (how many cycles has this engine left?). frame.tasks makes them one command
line (`--task` before the command) and one service (every task's routes and models).
"""

from typing import TYPE_CHECKING, Any

from frame.tasks import Tasks, build_tasks_cli

from .failure.project import PROJECT as FAILURE
from .rul.project import PROJECT as RUL

if TYPE_CHECKING:
    from fastapi import FastAPI

PROJECT = Tasks(__name__.partition(".")[0], {"failure": FAILURE, "rul": RUL})


def main() -> None:
    """The command line: `uv run <project> --help`."""
    build_tasks_cli(PROJECT)()


def create_app(settings: Any = None) -> "FastAPI":
    """The service, for `uvicorn --factory <package>.project:create_app`: every task's routes,
    with the first task's serving settings unless `settings` are given.
    """
    from frame.api.app import create_app

    return create_app(PROJECT.project(), settings or PROJECT.load_settings())
