"""Files the learner renamed or deleted whose template version changed: Copier merges by path and drops those changes.

A renamed module silently misses the template's changes to it, and a renamed package gets the template's new modules
in its old folder, beside nothing. `update` lists both, apart from the files it changed.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from scaffold import store


@dataclass
class TemplateChanges:
    changes: dict[str, str] = field(default_factory=dict)  # path -> "changed", "added" or "added beside"
    removed_here: dict[str, bytes] = field(default_factory=dict)  # old template files the project no longer has
    deleted: dict[str, bytes] = field(default_factory=dict)  # files only the old version has: their old content
    added: dict[str, bytes] = field(default_factory=dict)  # files only the new version has: their new content


@contextmanager
def watching_copier(tracked: set[str], inside: str) -> Iterator[TemplateChanges]:
    """Note what the template changed, from the renders of both versions that Copier compares (its dircmp call).

    Copier deletes those renders before it returns. Its render of the new version leaves out the files the project
    removed, so their old content is kept here, for `moved_away` to compare; so is the content of the files only one
    version has, for `kept.keep_edited`. ``tracked`` are the project's files and ``inside`` its folder in its
    repository, where Copier renders. Only Copier's first call compares the two renders: later ones come from its
    removal of a folder the new version no longer has, and compare that folder with the project's.
    """
    from copier import _main as copier_main

    compare = copier_main.dircmp  # type: ignore[attr-defined]
    seen = TemplateChanges()
    calls = []

    def noting(old: str, new: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(old)
        if len(calls) == 1:
            _note(seen, Path(old, inside), Path(new, inside), tracked)
        return compare(old, new, *args, **kwargs)

    copier_main.dircmp = noting  # type: ignore[attr-defined,assignment]
    try:
        yield seen
    finally:
        copier_main.dircmp = compare  # type: ignore[attr-defined]


def _note(seen: TemplateChanges, old: Path, new: Path, tracked: set[str]) -> None:
    seen.changes.update(template_changes(old, new))
    old_files, new_files = set(_files(old)), set(_files(new))
    deleted = {name: (old / name).read_bytes() for name in old_files - new_files}
    seen.deleted.update(deleted)
    seen.removed_here.update((name, content) for name, content in deleted.items() if name not in tracked)
    seen.added.update((name, (new / name).read_bytes()) for name in new_files - old_files)


def _files(root: Path) -> list[str]:
    names = (path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())
    return [name for name in names if name.split("/")[0] != ".git"]


def template_changes(old: Path, new: Path) -> dict[str, str]:
    """``{path: change}`` for the files of render ``new`` that differ from render ``old``.

    A change is "changed", "added" (in a new folder) or "added beside" (in a folder the old version had too).
    """
    changes = {}
    for name in _files(new):
        before = old / name
        if not before.is_file():
            changes[name] = "added beside" if before.parent.is_dir() else "added"
        elif before.read_bytes() != (new / name).read_bytes():
            changes[name] = "changed"
    return changes


def moved_away(seen: TemplateChanges, tracked: set[str], project: Path, ref: str, changed: list[str]) -> list[str]:
    """Template files changed where the project no longer has them, new ones in folders the project moved, and the
    files the update ``changed`` that use a module the project no longer has."""
    changes = dict(seen.changes)
    if seen.removed_here:  # only then is the new version rendered once more, to see which of them it changed
        new = _render(project, ref)
        for name, old_content in seen.removed_here.items():
            if new.get(name, old_content) != old_content:
                changes[name] = "changed"
    folders_left = {str(PurePosixPath(name).parent) for name in tracked}
    gone, moved = [], []
    for name, change in sorted(changes.items()):
        if name in tracked:
            continue
        if change == "changed":
            gone.append(name)
        elif change == "added beside" and str(PurePosixPath(name).parent) not in folders_left:
            moved.append(f"{name} (new, in a folder your project no longer has)")
    return gone + moved + _users_of(gone, changed, project)


def _users_of(gone: list[str], changed: list[str], project: Path) -> list[str]:
    """The changed Python files that import one of the modules ``gone`` (by its dotted name, or relatively)."""
    patterns: dict[str, tuple[re.Pattern[str], re.Pattern[str], PurePosixPath]] = {}
    for name in gone:
        module = PurePosixPath(name)
        if module.suffix == ".py" and module.parts[0] == "src":
            dotted = ".".join(module.with_suffix("").parts[1:])
            from_sibling = re.compile(rf"^\s*from \.{re.escape(module.stem)} import", re.MULTILINE)
            patterns[dotted] = (re.compile(rf"\b{re.escape(dotted)}\b"), from_sibling, module.parent)
    users = []
    for name in changed:
        file = project / name
        if not patterns or file.suffix != ".py" or not file.is_file():
            continue
        text = file.read_text(errors="replace")
        for dotted, (absolute, relative, folder) in patterns.items():
            if absolute.search(text) or (PurePosixPath(name).parent == folder and relative.search(text)):
                users.append(f"{name} (uses {dotted})")
                break
    return users


def _render(project: Path, ref: str) -> dict[str, bytes]:
    """The template at ``ref``, rendered with the project's answers: ``{path: content}``."""
    import copier
    import yaml

    answers = yaml.safe_load((project / store.ANSWERS_FILE).read_text(encoding="utf-8"))
    data = {key: value for key, value in answers.items() if not key.startswith("_")}
    with tempfile.TemporaryDirectory(prefix="scaffold-render-") as tmp:
        copier.run_copy(
            store.STORE_SOURCE, tmp, data=data, vcs_ref=ref, settings=copier.Settings(), defaults=True, quiet=True
        )
        return {name: (Path(tmp) / name).read_bytes() for name in _files(Path(tmp))}
