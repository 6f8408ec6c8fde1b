"""Speed figures of the scaffold command line; prints medians, asserts nothing.

    uv run python benchmarks/bench_cli.py [--runs N]

Goals (issue 2 and 3): `--help` and `list` <= 0.25 s; `new --defaults` (git included) <= 1.2x a plain `copier copy`
of the same template; a no-op `update` <= 1.2x a plain `copier update` of the same project. Runs in a temporary
HOME so that the user's template store is left alone; the store is warmed once first, as after any first use.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BIN = Path(sys.executable).parent
SCAFFOLD = str(BIN / "scaffold")
COPIER = str(BIN / "copier")
REPO = Path(__file__).resolve().parent.parent


def timed(command: list[str], cwd: Path, env: dict[str, str], expect: int = 0) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != expect:
        raise SystemExit(f"{' '.join(command)} exited {result.returncode}: {result.stderr.strip()}")
    return elapsed


def median_of(runs: int, measure: Callable[[int], float]) -> float:
    return statistics.median(measure(index) for index in range(runs))


def report(name: str, seconds: float, goal: str = "") -> None:
    print(f"{name:<58} {seconds * 1000:8.0f} ms   {goal}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = {**os.environ, "HOME": str(tmp / "home"), "GIT_CONFIG_GLOBAL": str(tmp / "gitconfig")}
        env.pop("SCAFFOLD_HISTORY_BUNDLE", None)
        work = tmp / "work"
        work.mkdir()
        timed([SCAFFOLD, "new", "churn-predictor", "warm", "-y", "--no-lock"], work, env)  # fills the store
        ref = subprocess.run([SCAFFOLD, "--version"], capture_output=True, text=True).stdout.split()[-1]
        store = "~/.cache/scaffold/template-store"

        print(f"scaffold {ref}, {runs} runs each, medians\n")
        report("scaffold --help", median_of(runs, lambda _: timed([SCAFFOLD, "--help"], work, env)), "goal <= 250 ms")
        report("scaffold list", median_of(runs, lambda _: timed([SCAFFOLD, "list"], work, env)), "goal <= 250 ms")

        new, copy = [], []
        for index in range(runs):  # interleaved, so that both see the same machine load
            new.append(timed([SCAFFOLD, "new", "churn-predictor", f"n{index}", "-y", "--no-lock"], work, env))
            copy.append(timed([COPIER, "copy", "--defaults", "--quiet", "--vcs-ref", f"v{ref}", "--data",
                               "project_kind=churn-predictor", store, f"c{index}"], work, env))  # fmt: skip
        new_s, copy_s = statistics.median(new), statistics.median(copy)
        report("copier copy (same template, no git)", copy_s)
        report("scaffold new --defaults --no-lock (git included)", new_s, f"{new_s / copy_s:.2f}x   goal <= 1.2x")
        if shutil.which("uv"):
            locked = median_of(3, lambda i: timed([SCAFFOLD, "new", "churn-predictor", f"l{i}", "-y"], work, env))
            report("scaffold new --defaults (with uv lock, warm uv cache)", locked)

        project = work / "n0"
        noop = median_of(runs, lambda _: timed([SCAFFOLD, "update", str(project)], work, env))
        copier_update = [COPIER, "update", "--defaults", "--quiet", "--vcs-ref", f"v{ref}", str(project)]
        plain = median_of(runs, lambda _: timed(copier_update, work, env))
        report("copier update (no-op, same project)", plain)
        report("scaffold update (no-op)", noop, f"{noop / plain:.2f}x   goal <= 1.2x")
        report("scaffold update (a real update from an older release)", real_update(tmp, env, runs))


def real_update(tmp: Path, env: dict[str, str], runs: int) -> float:
    """Time updates of a project made by an older release to today's, in a temporary two-release history."""
    from scaffold import __version__, store

    old = tmp / "old-templates"
    shutil.copytree(REPO / "templates", old)
    readme = old / "shared" / "README.md"
    readme.write_text(readme.read_text().replace("runs offline", "works offline"))
    bundle = tmp / "history.bundle"
    store.add_release(bundle, old, "0.0.0")
    store.add_release(bundle, REPO / "templates", __version__)
    env = {**env, "SCAFFOLD_HISTORY_BUNDLE": str(bundle), "HOME": str(tmp / "home-real")}
    seconds = []
    for index in range(runs):
        project = tmp / f"real{index}"
        subprocess.run([sys.executable, "-c", _MAKE_OLD, str(old), str(bundle), str(project)], env=env, check=True)
        seconds.append(timed([SCAFFOLD, "update", str(project)], tmp, env))
    return statistics.median(seconds)


_MAKE_OLD = """
import sys
from pathlib import Path
from scaffold import generate, store
old, bundle, dest = (Path(arg) for arg in sys.argv[1:])
source = store.TemplateSource(templates=old, bundle=bundle, version="0.0.0")
generate.new_project("churn-predictor", dest, {}, interactive=False, lock=False, source=source)
"""


if __name__ == "__main__":
    main()
