"""Slow tests: the built wheel in a fresh environment, and generated projects run with their own commands."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scaffold import __version__, generate
from tests.conftest import REPO, History, git_out, run

pytestmark = pytest.mark.slow


def sh(
    args: list[str], cwd: Path, env: dict[str, str] | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(args)} exited {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


def _next(version: str, step: int) -> str:
    major, minor, patch = (int(part) for part in version.split("."))
    return f"{major}.{minor}.{patch + step}"


def _release_and_build(repo: Path, version: str, line: str, out: Path) -> Path:
    """Change the template, release it as ``version`` with the repository's own script, build the wheel."""
    readme = repo / "templates" / "project" / "README.md.jinja"
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


@pytest.fixture
def generated(workdir: Path) -> Path:
    result = run("new", "churn-predictor", "-y")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output, "uv lock ran and uv.lock was committed"
    project = workdir / "churn-predictor"
    assert "uv.lock" in git_out(project, "ls-files")
    return project


METRICS = {"roc_auc", "pr_auc", "f1", "precision", "recall", "accuracy", "brier", "threshold", "expected_saving"}
FIGURES = {"roc", "precision_recall", "calibration", "confusion_matrix", "permutation_importance", "cumulative_gains"}


def test_a_generated_project_runs_end_to_end_passes_its_own_checks_and_stays_clean(generated: Path) -> None:
    sh(["make", "setup"], cwd=generated)
    sh(["make", "data", "train", "evaluate", "predict"], cwd=generated)
    metrics = json.loads((generated / "reports" / "metrics.json").read_text())
    assert set(metrics) == {f"{prefix}{name}" for prefix in ("", "baseline_", "dummy_") for name in METRICS}
    assert metrics["roc_auc"] > metrics["baseline_roc_auc"] > metrics["dummy_roc_auc"]
    assert {path.stem for path in (generated / "reports" / "figures").glob("*.png")} == FIGURES
    assert "## Test metrics against baselines" in (generated / "reports" / "model_card.md").read_text()
    checks = sh(["make", "test", "lint"], cwd=generated)
    assert re.search(r"\d+ passed", checks.stdout)
    assert git_out(generated, "status", "--porcelain", "--untracked-files=all") == ""
    result = run("update", str(generated))
    assert result.exit_code == 0 and result.output.startswith("Already up to date")


def test_update_succeeds_after_the_project_ran_its_own_commands(workdir: Path, history: History) -> None:
    project = workdir / "churn-predictor"
    generate.new_project("churn-predictor", project, {}, interactive=False, source=history.old)
    sh(["make", "setup", "train", "evaluate", "predict"], cwd=project)
    assert git_out(project, "status", "--porcelain", "--untracked-files=all") == ""
    result = run("update", str(project))
    assert result.exit_code == 0, result.output
    assert git_out(project, "status", "--porcelain", "--untracked-files=all").splitlines() == [
        " M .copier-answers.yml",
        " M Makefile",
        " M README.md",
        " M pyproject.toml",
        " M uv.lock",
        "?? LICENSE",
    ]
    assert '"ruff>=0.8"' in (project / "uv.lock").read_text(), "uv.lock follows the updated pyproject.toml"
