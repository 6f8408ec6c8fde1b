"""Move a finished update from its throw-away clone into the project: every file, or none of them.

The project's work tree was clean, so ``changed`` (from git in the clone) is all the update did; files git ignores in
the project (data, models, .venv) are never written. The move runs with SIGINT and SIGTERM held: one that arrives
during it, like any failure, puts back every file it had replaced, so the project is left either updated in full or
exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

from scaffold import git, interrupts

LITERAL = {"GIT_LITERAL_PATHSPECS": "1"}  # file names are names, not patterns


def apply_result(work: Path, project: Path, changed: list[str], conflicts: list[str]) -> list[str]:
    """Bring the files ``changed`` in ``work`` into ``project``, and mark ``conflicts`` unmerged in its index."""
    literal = {"GIT_LITERAL_PATHSPECS": "1"}
    tracked = (
        set(git.run(["ls-files", "-z", "--", *changed], cwd=project, env=literal).split("\0")) if changed else set()
    )
    kept = [name for name in changed if name not in tracked and os.path.lexists(project / name)]
    changed = [name for name in changed if name not in kept]
    index = _index_path(project)
    new_index = _index_with_conflicts(work, project, index, conflicts)
    undo: list[Callable[[], None]] = []
    with interrupts.held() as caught:
        try:
            for name in changed:
                _move(work / name, project / name, project, undo)
                if caught:  # Ctrl-C before the update is done cancels it
                    raise interrupts.Interrupted(caught[0])
            if new_index is not None:
                new_index.replace(index)  # last: from here on, the update is done
                new_index = None
        except BaseException:
            for step in reversed(undo):
                step()
            raise
        finally:
            if new_index is not None:
                new_index.unlink(missing_ok=True)
    return [
        f"the template adds {name}, but your project has a file there that git ignores: kept yours" for name in kept
    ]


def _move(source: Path, target: Path, project: Path, undo: list[Callable[[], None]]) -> None:
    """Make ``target`` what ``source`` is (a file, a link, or nothing), noting how to put it back.

    Undone in reverse: a file is removed before the folder made for it, and a folder put back before its file.
    """
    if not os.path.lexists(source):
        _remember(target, undo)
        target.unlink(missing_ok=True)
        _remove_empty_folders(target.parent, project, undo)
        return
    _make_folders(target.parent, undo)
    _remember(target, undo)
    temporary = target.with_name(f".{target.name[:40]}.{os.getpid()}.scaffold-new")
    temporary.unlink(missing_ok=True)
    if source.is_symlink():
        temporary.symlink_to(source.readlink())
    else:
        shutil.copyfile(source, temporary)
        temporary.chmod(stat.S_IMODE(source.stat().st_mode))
    try:
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _remember(target: Path, undo: list[Callable[[], None]]) -> None:
    if target.is_symlink():
        link = target.readlink()
        undo.append(lambda: _put_back(target, lambda temporary: temporary.symlink_to(link)))
    elif target.is_file():
        content, mode = target.read_bytes(), stat.S_IMODE(target.stat().st_mode)
        undo.append(lambda: _put_back(target, lambda temporary: _write(temporary, content, mode)))
    else:
        undo.append(lambda: target.unlink(missing_ok=True))


def _write(file: Path, content: bytes, mode: int) -> None:
    file.write_bytes(content)
    file.chmod(mode)


def _put_back(target: Path, create: Callable[[Path], None]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name[:40]}.scaffold-undo")
    temporary.unlink(missing_ok=True)
    create(temporary)
    temporary.replace(target)


def _make_folders(folder: Path, undo: list[Callable[[], None]]) -> None:
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for created in reversed(missing):
        created.mkdir()
        undo.append(created.rmdir)


def _remove_empty_folders(folder: Path, project: Path, undo: list[Callable[[], None]]) -> None:
    """Git keeps no empty folders: one the update emptied goes, as it would in a fresh checkout."""
    while folder != project and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        undo.append(folder.mkdir)
        folder = folder.parent


def _index_path(project: Path) -> Path:
    return Path(git.run(["rev-parse", "--path-format=absolute", "--git-path", "index"], cwd=project).strip())


def _index_with_conflicts(work: Path, project: Path, index: Path, conflicts: list[str]) -> Path | None:
    """A copy of the project's index where ``conflicts`` are unmerged as in the clone, for `git status` to show.

    Written beside the index before the move, so that the move itself only renames it into place.
    """
    if not conflicts:
        return None
    entries = git.run(["ls-files", "--stage", "--full-name", "-z", "--", *conflicts], cwd=work, env=LITERAL).split("\0")
    lines = []
    for entry in filter(None, entries):
        info, name = entry.split("\t", 1)
        mode, sha, number = info.split()
        if number == "0":
            continue
        lines.append(f"{mode} {_copy_object(work, project, sha)} {number}\t{name}")
        lines.insert(0, f"0 {'0' * 40}\t{name}")  # drops the merged entry before the stages are added
    top = Path(git.run(["rev-parse", "--show-toplevel"], cwd=project).strip())
    copy = index.with_name(f"index.scaffold-{os.getpid()}")
    try:
        shutil.copyfile(index, copy)
        git.run(
            ["update-index", "--index-info"], cwd=top, env={"GIT_INDEX_FILE": str(copy)}, input_text="\n".join(lines)
        )
    except BaseException:
        copy.unlink(missing_ok=True)
        raise
    return copy


def _copy_object(work: Path, project: Path, sha: str) -> str:
    """Store a blob of the clone in the project's repository (unreferenced objects change nothing a user sees)."""
    content = subprocess.run(["git", "cat-file", "blob", sha], cwd=work, capture_output=True, check=True).stdout
    written = subprocess.run(
        ["git", "hash-object", "-w", "--stdin"], cwd=project, input=content, capture_output=True, check=True
    )
    return written.stdout.decode().strip()
