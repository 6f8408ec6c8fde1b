"""`scaffold update` across a release that moves and deletes files: an edited one is kept where it was, and listed.

The two releases are a tiny template built here (a few files, no kind's code), so each update takes about a second.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold import __version__, apply, generate, store
from tests.conftest import OLD_VERSION, commit_all, edit, run
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
