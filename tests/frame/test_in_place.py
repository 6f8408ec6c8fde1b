"""The frame is checked where it lives, as a generated project checks it: plain Python, its ruff settings and
dependencies the generated projects' own, ruff-clean and mypy --strict-clean, with nothing rendered.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import jinja2
import pytest

from scaffold import names
from tests.conftest import REPO, TEMPLATES

FRAME = TEMPLATES / "project" / "src" / "frame"
DEMO_ASSETS = {".html", ".js", ".css", ".svg"}  # the demo page's files, beside its module
PROJECT_PYPROJECT = (TEMPLATES / "project" / "pyproject.toml.jinja").read_text()


def _frame_files() -> list[Path]:
    return sorted(path for path in FRAME.rglob("*") if path.is_file() and "__pycache__" not in path.parts)


def _project_ruff_tables() -> str:
    """The generated pyproject.toml's ruff tables, as the template writes them."""
    tables = re.finditer(r"^\[tool\.ruff[\].].*\n(?:[^\[\n].*\n)*", PROJECT_PYPROJECT, flags=re.MULTILINE)
    return "".join(table.group(0) for table in tables)


def test_the_frame_is_plain_python_copied_as_it_is() -> None:
    """Python sources, and the demo page's static files (frame/api/demo/)."""
    files = _frame_files()
    assert files, f"{FRAME} holds no file"
    for path in files:
        expected = DEMO_ASSETS if path.parent == FRAME / "api" / "demo" else {".py"}
        assert path.suffix in expected, f"{path.relative_to(FRAME)}: the frame holds Python sources only"
        assert not re.search(r"\{\{|\{%|\{#", path.read_text()), f"{path.relative_to(FRAME)} holds Jinja"


def test_the_frame_ruff_settings_are_the_generated_projects() -> None:
    """templates/ruff.toml is what ruff reads for the frame in place; it must say what a project's pyproject says,
    for the oldest Python a project targets.
    """
    rendered = jinja2.Template(_project_ruff_tables()).render(python_version=names.PYTHON_VERSIONS[0])
    project = tomllib.loads(rendered)["tool"]["ruff"]
    in_place = tomllib.loads((TEMPLATES / "ruff.toml").read_text())
    assert in_place.pop("src") == ["project/src"]  # where `frame` is, so that it sorts as first-party
    assert in_place == project


def test_the_frame_group_holds_the_generated_projects_dependencies() -> None:
    """The tool's `frame` dependency group: a project's runtime dependencies with the same specifiers (those of
    every kind), its batch group's (frame/scoring.py), and the pandas stubs of a project's dev group.
    """
    group = tomllib.loads((REPO / "pyproject.toml").read_text())["dependency-groups"]["frame"]
    runtime = PROJECT_PYPROJECT.split("{%- set requirements = [", 1)[1].split("] %}", 1)[0]
    project = [value.replace("\\'", "'") for value in re.findall(r"^\s+\('\"(.+?)\",", runtime, flags=re.MULTILINE)]
    batch_group = PROJECT_PYPROJECT.split("\nbatch = [", 1)[1].split("\n]", 1)[0]
    batch = re.findall(r'^    "([^"]+)",', batch_group, flags=re.MULTILINE)
    stubs = re.findall(r'"(pandas-stubs[^"]*)"', PROJECT_PYPROJECT)
    assert project and batch and stubs
    assert sorted(group) == sorted({*project, *batch, *stubs})


@pytest.mark.parametrize(
    "command",
    [["ruff", "check", str(FRAME)], ["ruff", "format", "--check", str(FRAME)], ["mypy", str(FRAME)]],
    ids=["ruff-check", "ruff-format", "mypy-strict"],
)
def test_the_frame_passes_the_checks_in_place(command: list[str]) -> None:
    """What `make lint` runs on the frame; mypy reads the tool's pyproject (strict, the frame's mypy_path)."""
    check = subprocess.run([sys.executable, "-m", *command], cwd=REPO, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
