"""Ctrl-C and SIGTERM: a command is either undone by them, or is past its point of no return and finishes its report.

`command()` wraps a CLI command: SIGTERM then stops it as Ctrl-C does, so the same clean-up runs. `held()` wraps a
short step that must not be cut in two (moving a finished result into place): both signals wait until it is over.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM; ``outcome`` says what the interrupted command left behind, once that was checked."""

    def __init__(self, signum: int = signal.SIGINT, outcome: str = "") -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.outcome = outcome


# Inside command(): the signals that arrived during or after a held step. The step's result stands, so the command
# reports it in full and then says it was interrupted, instead of being cut off before it could say what it did.
_late: list[int] | None = None


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(signum)


def _note_late(signum: int, frame: FrameType | None) -> None:
    if _late is not None:
        _late.append(signum)


def _can_handle() -> bool:
    return threading.current_thread() is threading.main_thread()  # Python runs signal handlers there only


@contextmanager
def command() -> Iterator[list[int]]:
    """Around a CLI command; yields the signals that arrived once it was past its point of no return."""
    global _late
    if not _can_handle():
        yield []
        return
    previous = {signum: signal.signal(signum, _interrupt) for signum in SIGNALS}
    _late = []
    try:
        yield _late
    finally:
        _late = None
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def held() -> Iterator[list[int]]:
    """SIGINT and SIGTERM wait until the block is over; it sees them in the list it is given, and may undo itself.

    If the block fails, they go with its failure. Once it is done, inside command() they keep waiting until the
    command has reported; elsewhere they are raised then.
    """
    caught: list[int] = []
    if not _can_handle():
        yield caught
        return
    previous = {signum: signal.signal(signum, lambda signum, frame: caught.append(signum)) for signum in SIGNALS}
    done = False
    try:
        yield caught
        done = True
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, _note_late if done and _late is not None else handler)
    if _late is not None:
        _late.extend(caught)
    elif caught:
        raise Interrupted(caught[0], outcome="the step had already finished")
