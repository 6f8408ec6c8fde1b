"""An interrupted or failed `scaffold update` leaves the project exactly as it was, and says so; a later one works.

Each run is a real process, signalled at a fixed step by tests/interrupt_hook.py (a Python audit hook).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scaffold import apply, generate
from tests.conftest import REPO, History, commit_all, edit, git_out, old_project, run


def _learner_project(history: History, project: Path) -> Path:
    """An old project with uv.lock (so that the update re-locks), learner edits, a binary and ignored artefacts."""
    generate.new_project("churn-predictor", project, {}, interactive=False, source=history.old)
    assert (project / "uv.lock").is_file()
    with (project / "src" / "churn_predictor" / "dataset.py").open("a") as file:
        file.write("\n\ndef my_helper() -> int:\n    return 42\n")
    edit(project / "README.md", "## Architecture", "## Architecture (my notes: read this first)")
    edit(project / "Makefile", "## Run the tests", "## Run the tests, stop at the first failure")  # a conflict
    (project / "docs").mkdir()
    (project / "docs" / "diagram.png").write_bytes(bytes(range(256)) * 4)
    commit_all(project, "my edits")
    for ignored in ("data/raw/mine.csv", "models/model.joblib", ".venv/bin/python-marker"):
        (project / ignored).parent.mkdir(parents=True, exist_ok=True)
        (project / ignored).write_bytes(os.urandom(64))
    assert git_out(project, "status", "--porcelain", "--untracked-files=all") == ""
    return project


def _snapshot(project: Path) -> dict[str, object]:
    """Every file's bytes and mode (ignored ones included, .git left out), HEAD and the index's entries."""
    files: dict[str, object] = {}
    for path in sorted(project.rglob("*")):
        name = path.relative_to(project).as_posix()
        if name == ".git" or name.startswith(".git/"):
            continue
        if path.is_symlink():
            files[name] = str(path.readlink())
        else:
            files[name] = (path.is_dir() or path.read_bytes(), path.stat().st_mode)
    files["HEAD"] = git_out(project, "rev-parse", "HEAD")
    files["index"] = git_out(project, "ls-files", "--stage")
    return files


def _interrupted_update(project: Path, at: str, nth: int, signal_name: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SCAFFOLD_TEST_AT": at, "SCAFFOLD_TEST_NTH": str(nth), "SCAFFOLD_TEST_SIGNAL": signal_name}
    command = [sys.executable, "-m", "tests.interrupt_hook", "update", str(project)]
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert f"test: {signal_name} at {at} #{nth}" in result.stderr, f"the step was never reached: {result.stderr}"
    return result


def _assert_a_later_update_keeps_every_edit(project: Path) -> None:
    result = run("update", str(project))
    assert result.exit_code == 3, result.output
    assert result.stderr.strip().splitlines()[-1].strip() == "Makefile"
    assert "def my_helper() -> int:" in (project / "src" / "churn_predictor" / "dataset.py").read_text()
    assert "## Architecture (my notes: read this first)" in (project / "README.md").read_text()
    assert "## Run the tests, stop at the first failure" in (project / "Makefile").read_text()
    assert (project / "LICENSE").is_file()
    assert git_out(project, "status", "--porcelain", "--", "Makefile") == "UU Makefile\n"


INTERRUPTIONS = [
    ("write:scaffold-update-", 2, "SIGINT", "Copier rendering the new version (2nd file written)"),
    ("popen:apply", 1, "SIGTERM", "Copier's git apply of the learner's edits"),
    ("popen:merge-file", 1, "SIGINT", "Copier's 3-way merge of a conflicting file"),
    ("popen:lock", 1, "SIGTERM", "uv lock re-locking"),
    ("rename:{project}/", 3, "SIGINT", "moving the result into the project (3rd file)"),
    ("rename:{project}/", 1, "SIGTERM", "moving the result into the project (1st file)"),
]


@pytest.mark.parametrize(("at", "nth", "signal_name", "step"), INTERRUPTIONS, ids=[item[3] for item in INTERRUPTIONS])
def test_an_interrupted_update_leaves_the_project_as_it_was(
    workdir: Path, history: History, at: str, nth: int, signal_name: str, step: str
) -> None:
    project = _learner_project(history, workdir / "churn-predictor")
    before = _snapshot(project)

    result = _interrupted_update(project, at.format(project=project), nth, signal_name)

    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "error: interrupted: the project was left as it was"
    assert result.stdout == ""
    assert _snapshot(project) == before
    assert git_out(project, "status", "--porcelain", "--untracked-files=all") == ""
    _assert_a_later_update_keeps_every_edit(project)


def test_an_interrupt_once_the_update_is_in_place_lets_it_report_in_full(workdir: Path, history: History) -> None:
    project = _learner_project(history, workdir / "churn-predictor")

    result = _interrupted_update(project, "rmtree:scaffold-update-", 1, "SIGINT")  # removing the clone, at the end

    assert result.returncode == 3, result.stderr
    assert "  LICENSE\n" in result.stdout
    assert "Files left with conflict markers" in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        "warning: interrupted (SIGINT) after the update had been applied: the report above is complete"
    )
    assert (project / "LICENSE").is_file()
    assert "## Run the tests, stop at the first failure" in (project / "Makefile").read_text()
    assert git_out(project, "status", "--porcelain", "--", "Makefile") == "UU Makefile\n"


def test_a_failure_while_moving_the_result_in_puts_every_file_back(
    workdir: Path, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _learner_project(history, workdir / "churn-predictor")
    before = _snapshot(project)
    copied = []
    real_copy = apply.shutil.copyfile

    def failing_copy(source: Path, target: Path) -> object:
        copied.append(target)
        if len(copied) == 4:
            raise OSError(28, "No space left on device")
        return real_copy(source, target)

    monkeypatch.setattr(apply.shutil, "copyfile", failing_copy)
    result = run("update", str(project))

    assert result.exit_code == 1
    assert result.stderr.strip().startswith("error: OSError: [Errno 28] No space left on device")
    assert _snapshot(project) == before
    monkeypatch.setattr(apply.shutil, "copyfile", real_copy)
    _assert_a_later_update_keeps_every_edit(project)


def test_a_project_in_a_folder_of_a_larger_repository_is_updated_there_only(workdir: Path, history: History) -> None:
    outer = workdir / "mono"
    project = outer / "services" / "churn"
    project.parent.mkdir(parents=True)
    git_out(outer.parent, "init", "--quiet", "mono")
    (outer / "notes.md").write_text("mine\n")
    old_project(history, project)  # inside the outer repository: `new` made its own; use the outer one instead
    subprocess.run(["rm", "-rf", str(project / ".git")], check=True)
    commit_all(outer, "a monorepo")
    (outer / "notes.md").write_text("mine, still being written\n")  # dirty, but outside the project
    before = _snapshot(outer)

    interrupted = _interrupted_update(project, "popen:apply", 1, "SIGINT")
    assert interrupted.stderr.strip().splitlines()[-1] == "error: interrupted: the project was left as it was"
    assert _snapshot(outer) == before

    result = run("update", str(project))
    assert result.exit_code == 0, result.output
    assert (project / "LICENSE").is_file() and not (outer / "LICENSE").exists()
    assert (outer / "notes.md").read_text() == "mine, still being written\n"
    assert git_out(outer, "status", "--porcelain").splitlines() == [
        " M notes.md",
        " M services/churn/.copier-answers.yml",
        " M services/churn/Makefile",
        " M services/churn/README.md",
        " M services/churn/pyproject.toml",
        "?? services/churn/LICENSE",
    ]
