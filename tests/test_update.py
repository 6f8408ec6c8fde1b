"""`scaffold update` and `scaffold check` across real template versions, built in a temporary history."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from scaffold import __version__, store
from tests.conftest import (
    NEW_TAG,
    OLD_VERSION,
    TEMPLATES,
    History,
    commit_all,
    copy_templates,
    edit,
    git_out,
    old_project,
    run,
)


def _learner_edits(project: Path) -> None:
    with (project / "src" / "churn_predictor" / "dataset.py").open("a") as file:
        file.write("\n\ndef my_helper() -> int:\n    return 42\n")
    edit(project / "README.md", "## Architecture", "## Architecture (my notes: read this first)")
    edit(project / "Makefile", "## Run the tests", "## Run the tests, stop at the first failure")  # the template's line
    commit_all(project, "my edits")


def test_update_keeps_edits_merges_template_changes_and_shows_conflicts(workdir: Path, history: History) -> None:
    project = old_project(history, workdir / "churn-predictor")
    _learner_edits(project)
    assert run("check", str(project)).exit_code == 4

    result = run("update", str(project))

    assert result.exit_code == 3, result.output
    assert f"Updated from template v{OLD_VERSION} to {NEW_TAG}" in result.output
    for changed in ("LICENSE", "Makefile", "README.md", ".copier-answers.yml"):
        assert f"  {changed}\n" in result.stdout
    assert "conflict markers" in result.stderr
    assert result.stderr.strip().splitlines()[-1].strip() == "Makefile"
    assert "def my_helper() -> int:" in (project / "src" / "churn_predictor" / "dataset.py").read_text()
    readme = (project / "README.md").read_text()
    assert "## Architecture (my notes: read this first)" in readme, "the learner's edit survives"
    assert "Everything below runs offline, on data" in readme, "the nearby template change is merged"
    assert "<<<<<<<" not in readme
    makefile = (project / "Makefile").read_text()
    assert "<<<<<<< " in makefile
    assert "## Run the tests, stop at the first failure" in makefile and "## Run the test suite" in makefile
    assert (project / "LICENSE").is_file(), "a file new in the template is added"
    assert yaml.safe_load((project / ".copier-answers.yml").read_text())["_commit"] == NEW_TAG


def test_update_with_an_empty_home_rebuilds_the_store_from_the_shipped_history(
    workdir: Path, history: History, new_user: Path
) -> None:
    project = old_project(history, workdir / "churn-predictor")
    shutil.rmtree(new_user / ".cache")
    result = run("update", str(project))
    assert result.exit_code == 0, result.output
    assert (project / "LICENSE").is_file()
    commit_all(project, "update")
    assert run("check", str(project)).exit_code == 0


def test_clean_update_then_check_is_current(workdir: Path, history: History) -> None:
    project = old_project(history, workdir / "churn-predictor")
    result = run("update", str(project))
    assert result.exit_code == 0, result.output
    assert "Review with `git diff`, then commit." in result.output
    assert (project / "README.md").read_text().count("Everything below runs offline") == 1
    commit_all(project, "update")
    check = run("check", str(project))
    assert check.exit_code == 0
    assert f"Up to date: {project} is on template {NEW_TAG}." in check.output


def test_pretend_lists_the_changes_and_writes_nothing(workdir: Path, history: History) -> None:
    project = old_project(history, workdir / "churn-predictor")
    _learner_edits(project)
    head = git_out(project, "rev-parse", "HEAD")
    result = run("update", str(project), "--pretend")
    assert result.exit_code == 3
    assert f"Would update from template v{OLD_VERSION} to {NEW_TAG}" in result.output
    assert "  LICENSE\n" in result.stdout and "Makefile" in result.stderr
    assert git_out(project, "status", "--porcelain") == "" and git_out(project, "rev-parse", "HEAD") == head
    assert not (project / "LICENSE").exists()


def test_a_no_op_update_changes_nothing(workdir: Path) -> None:
    assert run("new", "churn-predictor", "-y", "--no-lock").exit_code == 0
    project = workdir / "churn-predictor"
    result = run("update", str(project))
    assert result.exit_code == 0
    assert result.output.startswith("Already up to date")
    assert git_out(project, "status", "--porcelain") == ""


def test_a_dirty_tree_is_refused_and_left_as_it_is(workdir: Path, history: History) -> None:
    project = old_project(history, workdir / "churn-predictor")
    (project / "notes.md").write_text("draft")
    result = run("update", str(project))
    assert result.exit_code == 2
    assert "uncommitted changes (1 files, first notes.md): commit or stash them first" in result.stderr
    assert git_out(project, "status", "--porcelain") == "?? notes.md\n"
    assert not (project / "LICENSE").exists()


def test_a_directory_that_is_not_a_project_is_refused(workdir: Path) -> None:
    for command in ("update", "check"):
        result = run(command, str(workdir))
        assert result.exit_code == 2
        assert f"{workdir} is not a scaffold project: it has no .copier-answers.yml" in result.stderr


def test_a_project_of_another_template_is_refused(workdir: Path) -> None:
    (workdir / ".copier-answers.yml").write_text("_src_path: gh:someone/else\n_commit: v1.0.0\n")
    result = run("check", str(workdir))
    assert result.exit_code == 2
    assert "was not generated by scaffold" in result.stderr


def test_a_project_from_a_newer_scaffold_is_refused(workdir: Path) -> None:
    assert run("new", "churn-predictor", "-y", "--no-lock").exit_code == 0
    project = workdir / "churn-predictor"
    answers = project / ".copier-answers.yml"
    answers.write_text(answers.read_text().replace(f"_commit: {NEW_TAG}", "_commit: v99.0.0"))
    commit_all(project, "pretend to be newer")
    for command in ("update", "check"):
        result = run(command, str(project))
        assert result.exit_code == 2
        assert "newer" in result.stderr and "upgrade scaffold" in result.stderr
    assert git_out(project, "status", "--porcelain") == ""


def test_missing_git_is_refused(workdir: Path, history: History, monkeypatch: pytest.MonkeyPatch) -> None:
    project = old_project(history, workdir / "churn-predictor")
    monkeypatch.setenv("PATH", str(workdir))  # no git on it
    result = run("update", str(project))
    assert result.exit_code == 2
    assert "git is not installed" in result.stderr


def test_a_project_without_git_history_is_refused(workdir: Path) -> None:
    assert run("new", "churn-predictor", "-y", "--no-lock", "--no-git").exit_code == 0
    result = run("update", str(workdir / "churn-predictor"))
    assert result.exit_code == 2
    assert "is not a git repository" in result.stderr


def _answers_edited(project: Path, old: str, new: str) -> None:
    edit(project / ".copier-answers.yml", old, new)
    commit_all(project, "edit the answers by hand")


ANSWERS_EDITS = [
    (
        "project_kind: churn-predictor",
        "project_kind: recommender",
        "project_kind was changed from 'churn-predictor' to",
    ),
    ("project_kind: churn-predictor", "project_kind: no-such-kind", "project_kind 'no-such-kind' is not a kind"),
    ("project_kind: churn-predictor\n", "", "has no project_kind: restore it from git"),
    ("package_name: churn_predictor", "package_name: ../../escaped", "package_name"),
]


@pytest.mark.parametrize(("old", "new", "message"), ANSWERS_EDITS, ids=["other kind", "unknown kind", "no kind", "bad"])
def test_a_hand_edited_answer_is_refused_in_one_line(
    workdir: Path, history: History, old: str, new: str, message: str
) -> None:
    project = old_project(history, workdir / "churn-predictor")
    _answers_edited(project, old, new)
    head = git_out(project, "rev-parse", "HEAD")
    result = run("update", str(project))
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "restore it from git" in result.stderr
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1
    assert git_out(project, "status", "--porcelain", "--untracked-files=all") == ""
    assert git_out(project, "rev-parse", "HEAD") == head


def test_an_answers_file_of_random_bytes_is_refused_in_one_line(workdir: Path, history: History) -> None:
    project = old_project(history, workdir / "churn-predictor")
    (project / ".copier-answers.yml").write_bytes(bytes(range(128, 256)) * 24)
    commit_all(project, "garbage")
    for command in ("update", "check"):
        result = run(command, str(project))
        assert result.exit_code == 2, result.output
        assert (
            result.stderr.strip() == f"error: {project / '.copier-answers.yml'} is not UTF-8 text: restore it from git"
        )
    assert git_out(project, "status", "--porcelain", "--untracked-files=all") == ""


@pytest.fixture
def module_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> History:
    """Two releases where the newer one changes features.py and a test that imports it, and adds plots.py."""
    old = copy_templates(tmp_path / "old-templates")
    churn = old / "project" / "{% if project_kind == 'churn-predictor' %}.{% endif %}"
    package = churn / "src" / "{{ package_name }}"
    edit(package / "features.py", "Features: pure functions", "Features, pure functions")
    edit(churn / "tests" / "test_features.py.jinja", "    build_preprocessor,\n", "    build_preprocessor,  # old\n")
    (package / "plots.py").unlink()
    bundle = tmp_path / "history.bundle"
    store.add_release(bundle, old, OLD_VERSION)
    store.add_release(bundle, TEMPLATES, __version__)
    monkeypatch.setenv("SCAFFOLD_HISTORY_BUNDLE", str(bundle))
    return History(bundle=bundle, old=store.TemplateSource(templates=old, bundle=bundle, version=OLD_VERSION))


MOVED_HEADING = "The template changed files your project no longer has (renamed or deleted?); check these by hand:"
RENAMES = [
    (
        "src/churn_predictor/features.py",
        "src/churn_predictor/my_features.py",
        ["  src/churn_predictor/features.py", "  tests/test_features.py (uses churn_predictor.features)"],
    ),
    (
        "src/churn_predictor",
        "src/mychurn",
        [
            "  src/churn_predictor/features.py",
            "  src/churn_predictor/plots.py (new, in a folder your project no longer has)",
            "  tests/test_features.py (uses churn_predictor.features)",
        ],
    ),
]


@pytest.mark.parametrize(("old", "new", "listed"), RENAMES, ids=["module", "package"])
def test_files_the_learner_renamed_are_listed_apart(
    workdir: Path, module_history: History, old: str, new: str, listed: list[str]
) -> None:
    project = old_project(module_history, workdir / "churn-predictor")
    git_out(project, "mv", old, new)
    commit_all(project, "my own names")

    result = run("update", str(project))

    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    heading = lines.index(MOVED_HEADING)
    assert lines[heading + 1 : heading + 1 + len(listed)] == listed
    assert "src/churn_predictor/features.py" not in result.stdout, "not among the files changed"
    assert (project / new).exists() and not (project / "src" / "churn_predictor" / "features.py").exists()


def test_an_update_that_touches_no_renamed_file_lists_none(workdir: Path, module_history: History) -> None:
    project = old_project(module_history, workdir / "churn-predictor")
    git_out(project, "mv", "src/churn_predictor/synthetic.py", "src/churn_predictor/my_synthetic.py")
    commit_all(project, "a rename the template does not care about")
    result = run("update", str(project))
    assert result.exit_code == 0, result.output
    assert "no longer has" not in result.output
    assert "  src/churn_predictor/plots.py\n" in result.stdout


FINDINGS_PROMPT = (
    "_Replace this paragraph with your own notes: what you changed (a setting, a feature, the real data), what you\n"
    "expected, what the results above then showed, and what you would try next._"
)


def test_update_keeps_what_the_learner_found_and_their_seed(workdir: Path, history: History) -> None:
    project = old_project(history, workdir / "churn-predictor")
    seed = yaml.safe_load((project / ".copier-answers.yml").read_text())["seed"]
    edit(project / "README.md", FINDINGS_PROMPT, "Doubling the cost of a missed churner moved the threshold down.")
    commit_all(project, "what I found")

    result = run("update", str(project))

    assert result.exit_code == 0, result.output
    readme = (project / "README.md").read_text()
    assert "Doubling the cost of a missed churner moved the threshold down." in readme
    assert "_Replace this paragraph" not in readme and "<<<<<<<" not in readme
    assert "Everything below runs offline" in readme, "the template's change to the README is merged"
    assert yaml.safe_load((project / ".copier-answers.yml").read_text())["seed"] == seed
    assert f"seed: {seed} " in (project / "configs" / "data.yaml").read_text()
