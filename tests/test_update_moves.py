"""`scaffold update` across a release that moves and deletes files: an edited one is kept where it was, and listed.

The two releases are a tiny template built here (a few files, no kind's code), so each update takes about a second.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scaffold import __version__, apply, generate, kept, store, update
from tests.conftest import OLD_VERSION, commit_all, edit, git_out, run
from tests.test_update_interrupted import _snapshot

COPIER_YML = "_subdirectory: project\n_answers_file: .copier-answers.yml\nproject_kind:\n    type: str\n"
ANSWERS = "{{ _copier_answers | to_nice_yaml }}"
SETTINGS = "".join(f"SETTING_{n} = {n}\n" for n in range(10))
TRACKING = "def track(run: str) -> str:\n    return run\n"
METRICS = "def accuracy(right: int, total: int) -> float:\n    return right / total\n"
OLD = {
    "keep.py": "".join(f"LINE_{n} = {n}\n" for n in range(12)),
    "notes.md": "# Notes\n\nWrite here.\n",
    "unused.md": "Nothing.\n",
    "pkg/settings.py": "from pkg import tracking\n\n" + SETTINGS,
    "pkg/tracking.py": TRACKING,
    "pkg/metrics.py": METRICS,
    "old/a.txt": "a\n",
    "old/b.txt": "b\n",
}
NEW = {
    "keep.py": OLD["keep.py"].replace("LINE_11 = 11", "LINE_11 = 110"),
    "frame/settings.py": "from frame import tracking\n\n" + SETTINGS,
    "frame/tracking.py": TRACKING,
    "frame/evaluation.py": METRICS,
}
MOVES_HEADING = "The template moved or deleted files you had edited; your versions stay where they are:"


def _template(root: Path, files: dict[str, str]) -> Path:
    for name, text in {
        "copier.yml": COPIER_YML,
        "project/{{ _copier_conf.answers_file }}.jinja": ANSWERS,
        **{f"project/{name}": text for name, text in files.items()},
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


@pytest.fixture
def moving_release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> store.TemplateSource:
    """Two releases of the tiny template; the newer one is what this scaffold has installed. Returns the older."""
    old, new = _template(tmp_path / "old", OLD), _template(tmp_path / "new", NEW)
    bundle = tmp_path / "history.bundle"
    store.add_release(bundle, old, OLD_VERSION)
    store.add_release(bundle, new, __version__)
    installed = store.TemplateSource(templates=new, bundle=bundle, version=__version__)
    monkeypatch.setattr(store.TemplateSource, "installed", classmethod(lambda cls: installed))
    return store.TemplateSource(templates=old, bundle=bundle, version=OLD_VERSION)


def _old_project(release: store.TemplateSource, dest: Path) -> Path:
    generate.new_project("churn-predictor", dest, {}, interactive=False, lock=False, source=release)
    return dest


def _learner_edits(project: Path) -> dict[str, bytes]:
    """Edits in a file that stays, in three the template moves or deletes, and a file of the learner's own."""
    edit(project / "keep.py", "LINE_1 = 1", "LINE_1 = 'mine'")
    edit(project / "notes.md", "Write here.", "My findings: the churn rate is 12%.")
    edit(project / "pkg/settings.py", "SETTING_3 = 3", "SETTING_3 = 33  # tuned")
    edit(project / "pkg/metrics.py", "return right / total", "return right / max(total, 1)")
    edit(project / "old/a.txt", "a", "a, edited")
    (project / "old/mine.txt").write_text("mine\n")
    commit_all(project, "my edits")
    return {name: (project / name).read_bytes() for name in ("notes.md", "pkg/settings.py", "pkg/metrics.py")}


def test_edited_files_the_template_moved_or_deleted_are_kept_and_listed(
    workdir: Path, moving_release: store.TemplateSource
) -> None:
    project = _old_project(moving_release, workdir / "proj")
    edited = _learner_edits(project)

    result = run("update", str(project))

    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    heading = lines.index(MOVES_HEADING)
    assert lines[heading + 1 :] == [
        "  notes.md (the template no longer has it: yours is kept)",
        "  old/a.txt (the template no longer has it: yours is kept)",
        "  pkg/metrics.py (the template moved it to frame/evaluation.py: carry your change over, then delete this one)",
        "  pkg/settings.py (the template moved it to frame/settings.py: carry your change over, then delete this one)",
    ]
    assert "check these by hand" not in result.stderr, "Copier's removal of old/ is no template change to list"
    for name, content in edited.items():
        assert (project / name).read_bytes() == content, f"{name} is the learner's, byte for byte"
    assert (project / "old/a.txt").read_text() == "a, edited\n"
    assert (project / "old/mine.txt").read_text() == "mine\n", "a file of the learner's own stays"
    assert (project / "frame/settings.py").read_text() == NEW["frame/settings.py"]
    assert (project / "frame/evaluation.py").read_text() == METRICS
    for name in ("notes.md", "pkg/settings.py", "pkg/metrics.py", "old/a.txt"):
        assert f"  {name}\n" not in result.stdout, "not among the files the update changed"


def test_unedited_files_move_and_go_as_the_template_says(workdir: Path, moving_release: store.TemplateSource) -> None:
    project = _old_project(moving_release, workdir / "proj")
    _learner_edits(project)

    result = run("update", str(project))

    assert (project / "frame/tracking.py").read_text() == TRACKING
    for gone in ("pkg/tracking.py", "unused.md", "old/b.txt"):
        assert not (project / gone).exists()
        assert f"  {gone}\n" in result.stdout
    keep = (project / "keep.py").read_text()
    assert "LINE_1 = 'mine'" in keep and "LINE_11 = 110" in keep, "an edit in a file that stays is merged"
    assert git_out(project, "status", "--porcelain", "--untracked-files=all").splitlines() == [
        " M .copier-answers.yml",
        " M keep.py",
        " D old/b.txt",
        " D pkg/tracking.py",
        " D unused.md",
        "?? frame/evaluation.py",
        "?? frame/settings.py",
        "?? frame/tracking.py",
    ]


def test_without_edits_the_update_is_copiers_and_lists_nothing_kept(
    workdir: Path, moving_release: store.TemplateSource
) -> None:
    project = _old_project(moving_release, workdir / "proj")
    result = run("update", str(project))
    assert result.exit_code == 0, result.output
    assert "your versions stay" not in result.output
    assert sorted(path.relative_to(project).as_posix() for path in project.rglob("*") if ".git" not in path.parts) == [
        ".copier-answers.yml",
        "frame",
        "frame/evaluation.py",
        "frame/settings.py",
        "frame/tracking.py",
        "keep.py",
    ]


def test_in_a_folder_of_a_larger_repository_the_edited_files_are_kept_there(
    workdir: Path, moving_release: store.TemplateSource
) -> None:
    outer = workdir / "mono"
    (outer / "services").mkdir(parents=True)
    git_out(outer, "init", "--quiet")
    project = _old_project(moving_release, outer / "services" / "proj")
    shutil.rmtree(project / ".git")  # `new` made a repository of its own: use the outer one instead
    edited = _learner_edits(project)

    result = run("update", str(project))

    assert result.exit_code == 0, result.output
    assert "  pkg/settings.py (the template moved it to frame/settings.py" in result.stderr
    for name, content in edited.items():
        assert (project / name).read_bytes() == content
    assert not (project / "pkg/tracking.py").exists() and (project / "frame/tracking.py").is_file()


def test_pretend_lists_the_kept_files_and_writes_nothing(workdir: Path, moving_release: store.TemplateSource) -> None:
    project = _old_project(moving_release, workdir / "proj")
    _learner_edits(project)
    before = _snapshot(project)
    result = run("update", str(project), "--pretend")
    assert result.exit_code == 0, result.output
    assert MOVES_HEADING in result.stderr and "  notes.md (the template no longer has it" in result.stderr
    assert _snapshot(project) == before


def test_an_update_interrupted_after_keeping_the_edits_leaves_everything(
    workdir: Path, moving_release: store.TemplateSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _old_project(moving_release, workdir / "proj")
    _learner_edits(project)
    before = _snapshot(project)
    keep_edited = kept.keep_edited

    def interrupted(*args: object, **kwargs: object) -> list[kept.KeptFile]:
        keep_edited(*args, **kwargs)  # type: ignore[arg-type]
        raise KeyboardInterrupt

    monkeypatch.setattr(update.kept, "keep_edited", interrupted)
    result = run("update", str(project))
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: interrupted: the project was left as it was"
    assert _snapshot(project) == before


def test_a_failure_while_moving_the_result_in_leaves_everything(
    workdir: Path, moving_release: store.TemplateSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _old_project(moving_release, workdir / "proj")
    _learner_edits(project)
    before = _snapshot(project)
    copied = []
    real_copy = apply.shutil.copyfile

    def failing_copy(source: Path, target: Path) -> object:
        copied.append(target)
        if len(copied) == 3:
            raise OSError(28, "No space left on device")
        return real_copy(source, target)

    monkeypatch.setattr(apply.shutil, "copyfile", failing_copy)
    result = run("update", str(project))
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert _snapshot(project) == before


MOVES = {
    "same content, another name": ({"a/x.py": "1\n2\n"}, {"b/y.py": "1\n2\n"}, {"a/x.py": "b/y.py"}),
    "similar enough": ({"a/x.py": "1\n2\n3\n4\n"}, {"b/y.py": "1\n2\n3\n5\n"}, {"a/x.py": "b/y.py"}),
    "too different": ({"a/x.py": "1\n2\n3\n4\n"}, {"b/y.py": "1\n5\n6\n7\n"}, {}),
    "the same name, much rewritten": (
        {"a/x.py": "1\n2\n3\n4\n"},
        {"b/x.py": "1\n5\n6\n7\n8\n9\n"},
        {"a/x.py": "b/x.py"},
    ),
    "the same name, nothing alike": ({"a/x.py": "1\n2\n3\n4\n"}, {"b/x.py": "5\n6\n7\n8\n"}, {}),
    "the same name wins a tie": ({"a/x.py": "1\n"}, {"b/y.py": "1\n", "b/x.py": "1\n"}, {"a/x.py": "b/x.py"}),
    "the most similar wins": (
        {"a/x.py": "1\n2\n3\n", "a/y.py": "1\n2\n9\n"},
        {"b/z.py": "1\n2\n3\n"},
        {"a/x.py": "b/z.py"},
    ),
}


@pytest.mark.parametrize(("deleted", "added", "moves"), MOVES.values(), ids=MOVES.keys())
def test_a_move_is_a_deleted_file_and_the_most_similar_added_one(
    deleted: dict[str, str], added: dict[str, str], moves: dict[str, str]
) -> None:
    encoded = {name: text.encode() for name, text in deleted.items()}
    assert kept.move_targets(encoded, {name: text.encode() for name, text in added.items()}) == moves
