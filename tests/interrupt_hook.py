"""Run the scaffold CLI and send it a signal at the N-th matching step, for interruption tests.

    SCAFFOLD_TEST_AT=popen:apply SCAFFOLD_TEST_SIGNAL=SIGTERM python -m tests.interrupt_hook update DIR

Steps are seen through Python's audit events, so the signal comes at the same point on every run (no timer race):
`write:TEXT` a file opened for writing whose path contains TEXT; `popen:WORD` a subprocess with WORD among its
arguments; `rename:TEXT` a rename or replace onto a path containing TEXT; `rmtree:TEXT` a folder tree removed.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

from scaffold.cli import main

AT = os.environ["SCAFFOLD_TEST_AT"]
NTH = int(os.environ.get("SCAFFOLD_TEST_NTH", "1"))
SIGNAL = signal.Signals[os.environ.get("SCAFFOLD_TEST_SIGNAL", "SIGINT")]
_seen = 0


def _matches(event: str, args: tuple[Any, ...]) -> bool:
    step, _, text = AT.partition(":")
    if step == "write" and event == "open":
        return isinstance(args[1], str) and "w" in args[1] and text in str(args[0])
    if step == "popen" and event == "subprocess.Popen":
        return text in [Path(str(arg)).name for arg in args[1]]
    if step == "rename" and event == "os.rename":
        return text in str(args[1])
    return step == "rmtree" and event == "shutil.rmtree" and text in str(args[0])


def _hook(event: str, args: tuple[Any, ...]) -> None:
    global _seen
    if _seen < NTH and _matches(event, args):
        _seen += 1
        if _seen == NTH:
            sys.stderr.write(f"test: {SIGNAL.name} at {AT} #{NTH}\n")
            os.kill(os.getpid(), SIGNAL)


if __name__ == "__main__":
    sys.addaudithook(_hook)
    sys.argv = ["scaffold", *sys.argv[1:]]
    main()
