"""Names that would break the project are refused, from lists that do not depend on the Python running scaffold."""

from __future__ import annotations

import importlib.util
import keyword
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scaffold import names
from tests.conftest import REPO, run


def _load_script(name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_python_names_cover_the_running_interpreter_and_every_supported_version() -> None:
    python = names.python_names()
    assert tuple(python["versions"]) == names.PYTHON_VERSIONS, "a new Python choice needs its names added"
    public = {name for name in sys.stdlib_module_names if not name.startswith("_")}
    assert public <= set(python["stdlib_modules"])
    assert set(keyword.kwlist) <= set(python["keywords"])
    assert set(keyword.softkwlist) <= set(python["soft_keywords"])
    # Removed in 3.12 or 3.13, still importable on 3.11: a package named so breaks a project on 3.11.
    assert {"cgi", "telnetlib", "distutils", "imp", "asyncore"} <= set(python["stdlib_modules"])
    assert "type" in python["soft_keywords"]  # a soft keyword from 3.12


def test_copier_yml_is_the_same_whatever_python_writes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    sync = _load_script("sync_copier_yml")
    written = sync.render()
    # What Python 3.13 reports: the modules removed since 3.11 are gone.
    monkeypatch.setattr(sys, "stdlib_module_names", frozenset(sys.stdlib_module_names - {"cgi", "telnetlib", "imp"}))
    monkeypatch.setattr(keyword, "softkwlist", [*keyword.softkwlist, "type"])
    assert sync.render() == written


@pytest.mark.slow
def test_the_locked_names_are_those_of_the_generated_projects() -> None:
    """Renders, locks and installs a project of every kind from uv's cache: a new dependency fails this test."""
    check = subprocess.run(
        [sys.executable, "scripts/sync_reserved_names.py", "--check"],
        cwd=REPO, env={**os.environ, "UV_OFFLINE": "1"}, capture_output=True, text=True,
    )  # fmt: skip
    assert check.returncode == 0, check.stderr


REFUSED_NAMES = [
    ("project_name", "ruff", "is a package or command the project itself installs"),
    ("project_name", "mypy", "is a package or command the project itself installs"),
    ("project_name", "scikit-learn", "is a package or command the project itself installs"),
    ("project_name", "pre-commit", "is a package or command the project itself installs"),
    ("project_name", "pandas-stubs", "is a package or command the project itself installs"),
    ("project_name", "check-yaml", "is a package or command the project itself installs"),
    ("package_name", "packaging", "would shadow a standard-library or dependency module"),
    ("package_name", "pyarrow", "would shadow a standard-library or dependency module"),
    ("package_name", "uvloop", "would shadow a standard-library or dependency module"),
    ("package_name", "httptools", "would shadow a standard-library or dependency module"),
    ("package_name", "dateutil", "would shadow a standard-library or dependency module"),
    ("package_name", "pre_commit", "would shadow a standard-library or dependency module"),
    ("package_name", "telnetlib", "would shadow a standard-library or dependency module"),
    ("package_name", "type", "is a Python keyword"),
]


@pytest.mark.parametrize(("key", "value", "message"), REFUSED_NAMES, ids=[value for _, value, _ in REFUSED_NAMES])
def test_a_name_the_project_already_uses_is_refused_before_anything_is_written(
    workdir: Path, key: str, value: str, message: str
) -> None:
    result = run("new", "churn-predictor", "proj", "-y", "--no-git", "--no-lock", "-d", f"{key}={value}")
    assert result.exit_code == 2
    assert message in result.output and result.output.count("\n") == 1, result.output
    assert list(workdir.iterdir()) == []
