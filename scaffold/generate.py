"""`scaffold new`: validate the answers, render with Copier into a temporary directory, commit, move into place."""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from scaffold import catalog, git, interrupts, names, store
from scaffold.errors import RefusedError
from scaffold.interrupts import Interrupted

NO_GIT_WARNING = (
    "git is not installed: the project has no history; `scaffold update` will need one "
    "(install git, then `git init && git add -A && git commit -m 'Initial commit'`)"
)

# The folder a project is rendered into is named `.NAME.scaffold-PID-RANDOM` beside it, NAME cut so that any name the
# file system allows still fits.
TEMP_MARK = ".scaffold-"
TEMP_NAME_KEEP = 100


@dataclass(frozen=True)
class NewProject:
    path: Path
    kind: str
    ref: str
    warnings: list[str] = field(default_factory=list)


def parse_data(pairs: list[str]) -> dict[str, str]:
    """Turn repeated ``KEY=VALUE`` options into answers, refusing unknown keys and invalid values."""
    data: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise RefusedError(f"--data {pair!r}: expected KEY=VALUE")
        if key == "project_kind":
            raise RefusedError("--data project_kind: give the kind as the KIND argument instead")
        if key not in names.CHECKS:
            raise RefusedError(f"--data {key}: unknown question; known: {', '.join(names.CHECKS)}")
        problem = names.CHECKS[key](value)
        if problem:
            raise RefusedError(f"{key} {value!r} {problem}")
        data[key] = value
    return data


def check_kind(kind: str) -> None:
    if catalog.get_kind(kind) is None:
        closest = catalog.closest_kind(kind)
        hint = f"did you mean {closest}? " if closest else ""
        raise RefusedError(f"unknown kind {kind!r}: {hint}kinds: {', '.join(catalog.kind_names())}")


def check_destination(dest: Path) -> None:
    length, longest = len(os.fsencode(dest.name)), _longest_name(dest.parent)
    if length > longest:
        raise RefusedError(
            f"{dest.name[:20]}... is a {length}-byte name; this file system allows {longest}: choose a shorter one"
        )
    if dest.is_symlink():
        raise RefusedError(f"{dest} is a symbolic link: choose a directory that is not a link")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise RefusedError(f"{dest} already exists and is not empty: choose a new directory")
    if not dest.parent.is_dir():
        raise RefusedError(f"{dest.parent} does not exist: create it first or choose another destination")


def _longest_name(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255


def _make_temporary_folder(dest: Path) -> Path:
    """A private folder beside ``dest`` to render into; its name holds our pid, so that a later run knows it stale."""
    prefix = f".{dest.name[:TEMP_NAME_KEEP]}{TEMP_MARK}{os.getpid()}-"
    try:
        return Path(tempfile.mkdtemp(prefix=prefix, dir=dest.parent))
    except OSError as error:  # PermissionError included (EACCES, EPERM)
        if error.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise
        raise RefusedError(f"cannot write in {dest.parent} ({error.strerror}): choose another destination") from error


def remove_stale_temporary_folders(parent: Path) -> list[str]:
    """Remove the folders that killed runs of `scaffold new` left in ``parent``: those whose process is gone."""
    removed = []
    for folder in parent.glob(f".*{TEMP_MARK}*-*"):
        pid, dash, _ = folder.name.rpartition(TEMP_MARK)[2].partition("-")
        if folder.is_symlink() or not folder.is_dir() or not (dash and pid.isdigit()) or _running(int(pid)):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            removed.append(f"removed {folder}, left by a `scaffold new` that was stopped (its process {pid} is gone)")
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def draw_seed() -> str:
    """A seed of its own for each project, so that no two learners get the same data and numbers."""
    return str(secrets.randbelow(names.MAX_DRAWN_SEED) + 1)


def default_answers(kind: str, dest: Path, data: dict[str, str]) -> dict[str, str]:
    """Defaults offered at the prompts: a project name from the destination, the author from git config, a seed
    drawn at random."""
    defaults = {"project_name": dest.name if names.check_project_name(dest.name) is None else kind, "seed": draw_seed()}
    for key, git_key in (("author_name", "user.name"), ("author_email", "user.email")):
        value = git.config_value(git_key)
        if value and names.CHECKS[key](value) is None:
            defaults[key] = value
    project_name = data.get("project_name", defaults["project_name"])
    package_name = data.get("package_name", names.default_package_name(project_name))
    problem = names.check_package_name(package_name)
    if problem:
        raise RefusedError(f"package name {package_name!r} {problem}: choose one with --data package_name=NAME")
    return defaults


def new_project(
    kind: str,
    dest: Path,
    data: dict[str, str],
    *,
    interactive: bool,
    use_git: bool = True,
    lock: bool = True,
    source: store.TemplateSource | None = None,
) -> NewProject:
    """Generate a project of ``kind`` at ``dest``; on any failure or interrupt nothing is left behind."""
    check_kind(kind)
    dest = dest.absolute()
    check_destination(dest)
    user_defaults = default_answers(kind, dest, data)
    source = source or store.TemplateSource.installed()
    has_git = shutil.which("git") is not None
    warnings = [] if has_git else [NO_GIT_WARNING]
    # Without git there is no store: render the installed files and record the release they belong to.
    ref = store.ensure_ref(source) if has_git else f"v{source.version}"
    warnings += remove_stale_temporary_folders(dest.parent)
    tmp = _make_temporary_folder(dest)
    emptied = created = False
    try:
        answers = {**data, "project_kind": kind}
        if has_git:
            _render(store.STORE_SOURCE, tmp, ref, answers, user_defaults, interactive)
        else:
            _render(str(source.templates), tmp, None, answers, user_defaults, interactive)
            _record_template(tmp / store.ANSWERS_FILE, ref)
        if lock:
            warnings.extend(lock_dependencies(tmp))
        local = local_sources(tmp / LOCK_FILE)
        if local:
            warnings.append(
                f"uv.lock installs from files on this machine ({local}), so it was not committed:"
                " run `uv lock` where the package index is reachable and commit uv.lock"
            )
        if use_git and has_git:
            git.run(["init", "--quiet", "--initial-branch=main"], cwd=tmp)
            if local:
                with (tmp / ".git" / "info" / "exclude").open("a") as exclude:
                    exclude.write(f"/{LOCK_FILE}\n")
            git.commit_all(tmp, first_commit_message(tmp, kind, source.version, dest.name))
        tmp.chmod(0o777 & ~_umask())  # mkdtemp made it private; a project directory follows the umask
        with interrupts.held():  # an interrupt from here on comes after the project was created
            if dest.exists():
                dest.rmdir()
                emptied = True
            tmp.rename(dest)
            created = True
    except BaseException as error:
        if created:  # a signal held during the rename, raised after it outside a CLI command: the project stands
            raise Interrupted(
                getattr(error, "signum", signal.SIGINT), f"the project had been created in {dest}"
            ) from None
        shutil.rmtree(tmp, ignore_errors=True)
        if emptied and not dest.exists():
            dest.mkdir()  # the empty folder the user had made
        if isinstance(error, KeyboardInterrupt) and not tmp.exists():
            raise Interrupted(getattr(error, "signum", signal.SIGINT), "nothing was changed") from None
        raise
    return NewProject(path=dest, kind=kind, ref=ref, warnings=warnings)


def first_commit_message(project: Path, kind: str, version: str, folder: str) -> str:
    """The project's first commit says what it is and where it came from, as its author would: by the name
    answered (a template that records none: the folder's)."""
    import yaml  # Copier's dependency; imported with it, only by `new`

    answers = yaml.safe_load((project / store.ANSWERS_FILE).read_text()) or {}
    return f"Start {answers.get('project_name') or folder} from the scaffold {kind} template {version}"


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


LOCK_FILE = "uv.lock"
# How uv records a package that comes from a folder or a file on this machine (an index given as file://, as the
# tool's CI gives one for torch): such a lock works here only, and must not be committed.
LOCAL_SOURCE = re.compile(r'(?:registry|path|url|index) = "(?:file://)?(/[^"]*)"')


def local_sources(lock: Path) -> str | None:
    """The first local path a lock file installs from, or None (also when there is no lock)."""
    try:
        found = LOCAL_SOURCE.search(lock.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return found.group(1) if found else None


def lock_dependencies(project: Path) -> list[str]:
    """Write uv.lock so that it is committed with the project and `make setup` installs exactly it.

    From uv's cache first: that works offline once the packages were downloaded, and takes a fraction of a second
    instead of seconds; from the index only when the cache lacks something.
    """
    uv = shutil.which("uv")
    if uv is None:
        return ["uv is not installed, so uv.lock was not written: install uv, run `uv lock` and commit uv.lock"]
    for mode in ("--offline", "--no-progress"):
        result = subprocess.run([uv, "lock", "--quiet", mode], cwd=project, capture_output=True, text=True, check=False)
        if result.returncode == 0:
            return []
    detail = (result.stderr.strip().splitlines() or ["no output"])[-1]
    return [f"`uv lock` failed ({detail}): run `uv lock` in the project when online and commit uv.lock"]


def _record_template(answers_file: Path, ref: str) -> None:
    """Point the answers at the template store and version, as a render from the store would have."""
    lines = [line for line in answers_file.read_text().splitlines() if not line.startswith("_src_path:")]
    at = next(index for index, line in enumerate(lines) if not line.startswith("#"))
    lines[at:at] = [f"_commit: {ref}", f"_src_path: {store.STORE_SOURCE}"]
    answers_file.write_text("\n".join(lines) + "\n")


def _render(
    src: str, dst: Path, ref: str | None, data: dict[str, str], user_defaults: dict[str, str], interactive: bool
) -> None:
    import copier  # imported here: it is slow to import and only `new` and `update` need it
    from copier.errors import UserMessageError

    try:
        copier.run_copy(
            src,
            dst,
            data=data,
            vcs_ref=ref,
            settings=copier.Settings(),
            defaults=not (interactive and sys.stdin.isatty()),
            user_defaults=user_defaults,
            overwrite=True,
            unsafe=False,
            quiet=True,
        )
    except UserMessageError as error:
        raise RefusedError(f"copier refused the answers: {error}") from error
