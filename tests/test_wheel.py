"""Slow test: the built wheel in a fresh environment makes a project, and updates it after an upgrade."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from scaffold import __version__
from tests.conftest import REPO, git_out
from tests.slow_support import sh

pytestmark = pytest.mark.slow


def _next(version: str, step: int) -> str:
    major, minor, patch = (int(part) for part in version.split("."))
    return f"{major}.{minor}.{patch + step}"


def _release_and_build(repo: Path, version: str, line: str, out: Path) -> Path:
    """Change the template, release it as ``version`` with the repository's own script, build the wheel."""
    readme = repo / "templates" / "shared" / "README.md"  # every project's README extends it
    readme.write_text(readme.read_text() + f"\n{line}\n")
    changelog = repo / "CHANGELOG.md"
    changelog.write_text(changelog.read_text().replace("## Unreleased", f"## Unreleased\n\n- {line}", 1))
    sh([sys.executable, "scripts/release.py", version], cwd=repo, env={"PYTHONPATH": str(repo)})
    sh(["uv", "build", "--wheel", "--out-dir", str(out), "--quiet"], cwd=repo)
    return next(out.glob(f"*-{version}-*.whl"))


def test_the_built_wheel_makes_a_project_and_updates_it_after_an_upgrade(tmp_path: Path, new_user: Path) -> None:
    repo = tmp_path / "repo"
    files = git_out(REPO, "ls-files", "--cached", "--others", "--exclude-standard").splitlines()
    for name in files:
        if (REPO / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            (repo / name).write_bytes((REPO / name).read_bytes())
    first, second = _next(__version__, 1), _next(__version__, 2)
    wheel_1 = _release_and_build(repo, first, "Template change one.", tmp_path / "dist1")
    wheel_2 = _release_and_build(repo, second, "Template change two.", tmp_path / "dist2")

    venv = tmp_path / "venv"
    sh(["uv", "venv", "--quiet", str(venv)], cwd=tmp_path)
    python = ["--python", str(venv / "bin" / "python")]
    sh(["uv", "pip", "install", "--quiet", *python, str(wheel_1)], cwd=tmp_path)
    scaffold = str(venv / "bin" / "scaffold")
    assert sh([scaffold, "--version"], cwd=tmp_path).stdout.strip() == f"scaffold {first}"
    sh([scaffold, "new", "churn-predictor", "proj", "--defaults", "--no-lock"], cwd=tmp_path)
    project = tmp_path / "proj"
    assert yaml.safe_load((project / ".copier-answers.yml").read_text())["_commit"] == f"v{first}"
    assert "Template change one." in (project / "README.md").read_text()

    sh(["uv", "pip", "install", "--quiet", *python, str(wheel_2)], cwd=tmp_path)
    assert sh([scaffold, "check", "proj"], cwd=tmp_path, check=False).returncode == 4
    fresh_home = {"HOME": str(tmp_path / "fresh-home")}  # another machine: no template store yet
    updated = sh([scaffold, "update", "proj"], cwd=tmp_path, env=fresh_home)
    assert f"Updated from template v{first} to v{second}" in updated.stdout
    assert "Template change two." in (project / "README.md").read_text()
    assert git_out(project, "status", "--porcelain").strip() == "M .copier-answers.yml\n M README.md".strip()
