"""How every stage writes its files: each output goes to a temporary file beside its target, and
only when all of a stage's outputs are complete are they renamed into place, in the order they
were written (the manifest or metadata that describes the others last). An interruption while
writing leaves the previous outputs untouched; Ctrl-C (SIGINT) or SIGTERM while renaming waits the
few microseconds until every rename is done. So a stage leaves all its old outputs or all its new
ones, never a half-written file or a mix; the hashes the manifest records catch what nothing can
hold back (a power cut, SIGKILL).
"""

import hashlib
import os
import secrets
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def file_sha256(path: Path) -> str:
    """The sha256 of a file; of a folder, the sha256 over its files' relative paths and hashes."""
    digest = hashlib.sha256()
    if path.is_dir():
        for member in sorted(item for item in path.rglob("*") if item.is_file()):
            relative = member.relative_to(path).as_posix()
            digest.update(f"{relative}\0{file_sha256(member)}\n".encode())
        return digest.hexdigest()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block ends, then act as they would have. Python runs
    signal handlers in the main thread only, so elsewhere the block runs as it is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {
        number: signal.signal(number, lambda caught, _frame: received.append(caught))
        for number in HELD_SIGNALS
    }
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)
        for caught in received:
            signal.raise_signal(caught)


def temporary_name(target: Path) -> str:
    """`.train.<random>.partial.csv` for train.csv: hidden, and ending as the target does, so
    writers that choose a format by the extension choose the same one.
    """
    return f".{target.stem}.*.partial{target.suffix}"


class StagedFiles:
    """The files a stage is writing: each is written to `path(target)` and renamed over its
    target by `replace_all`, in the order `path` was first asked for.
    """

    def __init__(self) -> None:
        self.staged: dict[Path, Path] = {}

    def path(self, target: Path) -> Path:
        """Where to write `target`'s new content (a new temporary file in its folder)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        for leftover in target.parent.glob(temporary_name(target)):
            leftover.unlink(missing_ok=True)  # from a run killed outright (SIGKILL)
        temporary = target.parent / temporary_name(target).replace("*", secrets.token_hex(4))
        # created empty, with the permissions of any new file (mkstemp's 0600 would keep a
        # model from the non-root user of the Docker image)
        os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        self.staged[target] = temporary
        return temporary

    def replace_all(self) -> None:
        with signals_held():
            try:
                for target, temporary in list(self.staged.items()):
                    temporary.replace(target)
                    del self.staged[target]
            finally:
                self.discard()

    def discard(self) -> None:
        for temporary in self.staged.values():
            temporary.unlink(missing_ok=True)
        self.staged.clear()


@contextmanager
def written_together() -> Iterator[StagedFiles]:
    """Stage files in the block; on leaving it, rename them all into place; on any exception
    (KeyboardInterrupt included), remove them and leave the targets as they were.
    """
    files = StagedFiles()
    try:
        yield files
    except BaseException:
        files.discard()
        raise
    files.replace_all()


def write_file(target: Path, write: Callable[[Path], object]) -> Path:
    """One file written atomically: `write` fills a temporary path, which then replaces `target`."""
    with written_together() as files:
        write(files.path(target))
    return target


def write_text(target: Path, text: str) -> Path:
    return write_file(target, lambda path: path.write_text(text, encoding="utf-8"))
