"""`scaffold update` of a churn project made by release 0.7.0, the last one before the frame moved to `src/frame/`.

Release 0.7.0 comes out of the shipped history, as a learner's scaffold holds it; the version updated to is today's
templates/ (a development tag on top of 0.7.0 until the next release, that release once it is cut). Nothing is
installed or locked: Copier's renders and merge are the whole test.
"""

from __future__ import annotations

import ast
from pathlib import Path, PurePosixPath

import pytest
import yaml

from scaffold import generate, store
from tests.conftest import commit_all, edit, git_out, run, shipped_release

PREVIOUS_RELEASE = "0.7.0"
KIND = "churn-predictor"
PACKAGE = "src/churn_predictor"
MONITORING = f"{PACKAGE}/monitoring.py"
CLI = f"{PACKAGE}/cli.py"
FEATURES = f"{PACKAGE}/features.py"
MY_FEATURE = '''

def charge_per_service(frame: pd.DataFrame) -> pd.Series:
    """Monthly charges per service: the add-ons and the line itself."""
    return frame["MonthlyCharges"] / (count_add_ons(frame) + 1)
'''
# Each edit: (file, text the release wrote, the learner's text). The learner also adds MY_FEATURE to FEATURES.
STAYING_EDITS = [
    ("configs/model.yaml", "      max_leaf_nodes: 15", "      max_leaf_nodes: 31  # more leaves: my data is larger"),
    (
        "README.md",
        "A subscription business loses customers every month, and winning a new one costs far more than keeping one.",
        "My operator loses 2% of its customers every month, and winning a new one costs five times keeping one.",
    ),
]
MOVED_EDITS = [
    (MONITORING, "SHARE_FLOOR = 1e-4", "SHARE_FLOOR = 1e-3  # my batches are small: floor the empty bins higher"),
    (CLI, 'help="Rows in the batch."', 'help="Rows in the batch (I send 5000 a day)."'),
]
MOVES_HEADING = "The template moved or deleted files you had edited; your versions stay where they are:"
# What the move rule makes of the two: monitoring.py is nearly the same module in the frame; cli.py became the
# frame's `build_cli`, much rewritten (ratio 0.28), but it keeps its name, which is enough for the rule.
KEPT_LINES = [
    f"  {CLI} (the template moved it to src/frame/cli.py: carry your change over, then delete this one)",
    f"  {MONITORING} (the template moved it to src/frame/monitoring.py: carry your change over, then delete this one)",
]
LEARNERS_DATA = {"data/raw/customers.csv": "customerID,tenure\n0001,12\n", "models/model.joblib": "my model\n"}


@pytest.fixture
def previous_release(tmp_path: Path) -> store.TemplateSource:
    """Release 0.7.0's template files, checked out of the shipped history; the installed version stays today's."""
    return shipped_release(tmp_path, PREVIOUS_RELEASE)


def _files(project: Path, *folders: str) -> dict[str, bytes]:
    """``{path: content}`` of the project's files (those in ``folders`` only, when given), .git left out."""
    paths = [path for folder in folders or ["."] for path in (project / folder).rglob("*") if path.is_file()]
    names = (path.relative_to(project).as_posix() for path in paths)
    return {name: (project / name).read_bytes() for name in names if ".git" not in PurePosixPath(name).parts}


def _learner_edits(project: Path) -> None:
    for name, old, new in STAYING_EDITS + MOVED_EDITS:
        edit(project / name, old, new)
    with (project / FEATURES).open("a") as features:
        features.write(MY_FEATURE)
    commit_all(project, "my feature, a deeper model, my notes, my monitoring floor and help text")
    for name, text in LEARNERS_DATA.items():  # ignored by git, as everything `make` writes there
        (project / name).write_text(text)


def _with_edits(name: str, content: bytes) -> str:
    """``content`` (a file of today's template) with the learner's edit to ``name`` made the same way."""
    text = content.decode()
    for edited, old, new in STAYING_EDITS:
        if edited == name:
            assert old in text, f"today's {name} no longer has {old!r}: update this test"
            text = text.replace(old, new, 1)
    return text + MY_FEATURE if name == FEATURES else text


def test_an_update_from_the_previous_release_keeps_every_edit(
    workdir: Path, previous_release: store.TemplateSource
) -> None:
    project = workdir / KIND
    generate.new_project(KIND, project, {}, interactive=False, lock=False, source=previous_release)
    assert yaml.safe_load((project / store.ANSWERS_FILE).read_text())["_commit"] == f"v{PREVIOUS_RELEASE}"
    rendered_then = _files(project)
    _learner_edits(project)
    learners = {name: (project / name).read_bytes() for name, _, _ in MOVED_EDITS}
    data_and_models = _files(project, "data", "models")
    (workdir / "today").mkdir()
    # The answers the project keeps: the previous release had no seed question (its projects update with the default,
    # 42), and its default description was recorded as an answer.
    answers = {"seed": "42", "description": "Churn predictor: a portfolio machine-learning project"}
    today_project = generate.new_project(KIND, workdir / "today" / KIND, answers, interactive=False, lock=False)
    today = _files(today_project.path)

    result = run("update", str(project))

    # 0, not 3 (conflicts): every edit is in a part of its file that the template left alone, or in a file it removed.
    assert result.exit_code == 0, result.output
    assert "conflict" not in result.output
    today_ref = store.ensure_ref(store.TemplateSource.installed())
    assert result.stdout.startswith(f"Updated from template v{PREVIOUS_RELEASE} to {today_ref}; files changed:\n")
    assert yaml.safe_load((project / store.ANSWERS_FILE).read_text())["_commit"] == today_ref
    lines = result.stderr.splitlines()
    assert lines[lines.index(MOVES_HEADING) + 1 :] == KEPT_LINES
    assert "check these by hand" not in result.stderr
    for name, content in learners.items():
        assert (project / name).read_bytes() == content, f"{name} is the learner's, byte for byte"
        assert f"  {name}\n" not in result.stdout, "not among the files the update changed"
    for name in [FEATURES, *(name for name, _, _ in STAYING_EDITS)]:
        assert (project / name).read_text() == _with_edits(name, today[name]), f"{name}: today's, with the edit"
    assert (project / f"{PACKAGE}/project.py").read_bytes() == today[f"{PACKAGE}/project.py"]
    frame = {name: content for name, content in today.items() if name.startswith("src/frame/")}
    assert frame and all((project / name).read_bytes() == content for name, content in frame.items())
    assert _files(project, "data", "models") == data_and_models
    assert data_and_models.keys() > LEARNERS_DATA.keys()

    # The status is today's template over the release's render: the two kept files, and the files the learner edited
    # where the template did not change them, are as committed.
    kept = {name for name, _, _ in MOVED_EDITS}
    expected = sorted(
        [f" M {name}" for name in rendered_then if name in today and today[name] != rendered_then[name]]
        + [f" D {name}" for name in rendered_then if name not in today and name not in kept]
        + [f"?? {name}" for name in today if name not in rendered_then],
        key=lambda line: (line[:2] == "??", line[3:]),
    )
    status = git_out(project, "status", "--porcelain", "--untracked-files=all").splitlines()
    assert status == expected
    for line in (f" D {PACKAGE}/errors.py", f"?? {PACKAGE}/project.py", "?? src/frame/monitoring.py", " M README.md"):
        assert line in status

    # The old monitoring.py and cli.py stay only for the learner to carry their edits over: nothing else in the
    # project uses them (no module, no test, no script, no Makefile target), so it runs on the frame's.
    old_modules = {"churn_predictor.monitoring", "churn_predictor.cli"}
    for path in project.rglob("*"):
        name = path.relative_to(project).as_posix()
        if path.is_file() and ".git" not in path.parts and name not in kept and path.suffix != ".pyc":
            assert not any(module in path.read_bytes().decode(errors="replace") for module in old_modules), name
            if path.suffix == ".py":
                assert not _imports(path, project) & old_modules, name


def _imports(path: Path, project: Path) -> set[str]:
    """The dotted modules ``path`` imports, or imports from (with each name it imports from them, which may be a
    module too); relative imports resolved within src/."""
    package = path.relative_to(project / "src").parent.parts if path.is_relative_to(project / "src") else ()
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            modules.update([module, *(f"{module}.{alias.name}" for alias in node.names)])
    return modules
