"""Any valid name gives a lint-clean project: the longest names, sorting first and last among the imports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scaffold import catalog, names
from tests.conftest import run

LONGEST = {"sorts-first": "a" * names.MAX_NAME_LENGTH, "sorts-last": "z" * names.MAX_NAME_LENGTH}


def _generate(kind: str, name: str, *options: str) -> Path:
    result = run("new", kind, "proj", "-y", "--no-git", *options, "-d", f"project_name={name}",
                 "-d", f"package_name={name}")  # fmt: skip
    assert result.exit_code == 0, result.output
    return Path("proj").absolute()


@pytest.mark.parametrize("name", LONGEST.values(), ids=LONGEST.keys())
@pytest.mark.parametrize("kind", catalog.kind_names())
def test_the_longest_names_render_a_ruff_clean_project(workdir: Path, kind: str, name: str) -> None:
    project = _generate(kind, name, "--no-lock")
    for command in (["check", "."], ["format", "--check", "."]):
        lint = subprocess.run([sys.executable, "-m", "ruff", *command], cwd=project, capture_output=True, text=True)
        assert lint.returncode == 0, lint.stdout + lint.stderr


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One mypy cache for the four projects: the libraries they share are analysed once, not four times."""
    return tmp_path_factory.mktemp("mypy-cache")


@pytest.mark.slow
@pytest.mark.parametrize("kind", catalog.kind_names())
def test_a_project_with_the_longest_names_passes_its_own_make_lint(workdir: Path, mypy_cache: Path, kind: str) -> None:
    project = _generate(kind, LONGEST["sorts-last"])
    env = {**os.environ, "MYPY_CACHE_DIR": str(mypy_cache)}
    lint = subprocess.run(["make", "lint"], cwd=project, env=env, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert "Success: no issues found" in lint.stdout
