"""Cost as the data grows: time and peak memory of the data stage, training and batch scoring at
1x, 3x and 10x this project's default synthetic size, and how each grows. Prints figures;
asserts nothing and changes nothing in the project.

`python benchmarks/bench_scale.py [--sizes 1 3 10] [--task TASK]` (or `make bench-scale`), from
the project root. Each size runs in a temporary folder of its own holding a copy of configs/ in
which every whole-number `synthetic_*` setting of data.yaml (rows, users, engines, images...) is
multiplied by the size and the source is `synthetic`. There the project's command runs `data`,
`train` and `score` (the test split in, predictions out) as separate processes, one at a time, so
the data/, models/ and reports/ of the project are never touched. Time is wall-clock; peak
memory is the largest resident set of the stage's process (Linux and macOS). Growth compares
each size with the one before: the time (or memory) ratio, and its exponent, log(time ratio) /
log(size ratio): 1 grows linearly with the data, 2 quadratically, 0 not at all.
With `--runs N` every size runs N times and the figures are medians. Training with one thread
(`APP_COMPUTE__THREADS=1`) gives figures that other work on the machine disturbs less.
"""

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

STAGES = ("data", "train", "score")
SCALED_PREFIX = "synthetic_"


@dataclass(frozen=True)
class Run:
    """One stage at one size: seconds, peak resident memory in MB, or why it failed."""

    stage: str
    size: int
    seconds: float = math.nan
    peak_mb: float = math.nan
    failure: str = ""


def command_name(root: Path) -> str:
    """The project's command, as pyproject.toml names it."""
    scripts = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return str(next(iter(scripts["scripts"])))


def scaled(settings: Any, size: int) -> Any:
    """The data settings with every whole-number `synthetic_*` value multiplied by `size` and
    every source synthetic (at any depth: a project with tasks has a section per task)."""
    if isinstance(settings, dict):
        return {
            key: value * size
            if key.startswith(SCALED_PREFIX) and type(value) is int
            else "synthetic"
            if key == "source"
            else scaled(value, size)
            for key, value in settings.items()
        }
    return settings


def first_task(data_settings: dict[str, Any]) -> str | None:
    """The task the command scores by default (the first), in a project with tasks."""
    tasks = data_settings.get("tasks")
    return next(iter(tasks)) if isinstance(tasks, dict) and tasks else None


def prepare_folder(root: Path, folder: Path, size: int) -> dict[str, Any]:
    """A copy of the project's configs in `folder`, its data settings scaled; returns them."""
    shutil.copytree(root / "configs", folder / "configs")
    path = folder / "configs" / "data.yaml"
    settings = scaled(yaml.safe_load(path.read_text(encoding="utf-8")), size)
    path.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return dict(settings)


def run_stage(command: list[str], folder: Path) -> tuple[float, float, str]:
    """Run one stage in `folder`: its seconds, its peak memory in MB, and its last line of
    error output when it failed (else "")."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        errors.seek(0)
        lines = errors.read().decode(errors="replace").strip().splitlines()
    # ru_maxrss counts kilobytes on Linux, bytes on macOS
    peak_mb = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)
    failure = "" if process.returncode == 0 else (lines[-1] if lines else f"exit {status}")
    return seconds, peak_mb, failure


def stage_command(cli: str, stage: str, task: str | None, folder: Path) -> list[str] | str:
    """The command line of `stage`, or why it cannot run (no test split to score)."""
    task_option = ["--task", task] if task else []
    if stage != "score":
        return [cli, *task_option, stage]
    processed = folder / "data" / "processed" / (task or "")
    test_split = processed / "test.csv"
    if not test_split.is_file():
        return f"no CSV test split in {processed.relative_to(folder)} to score"
    output = folder / "predictions.csv"
    return [cli, *task_option, "score", "--input", str(test_split), "--output", str(output)]


def measure_size(root: Path, cli: str, size: int, task: str | None) -> list[Run]:
    runs = []
    with tempfile.TemporaryDirectory(prefix=f"bench-scale-{size}x-") as temporary:
        folder = Path(temporary)
        settings = prepare_folder(root, folder, size)
        scoring_task = task or first_task(settings)
        for stage in STAGES:
            command = stage_command(cli, stage, scoring_task if stage == "score" else task, folder)
            if isinstance(command, str):
                runs.append(Run(stage, size, failure=command))
                continue
            seconds, peak_mb, failure = run_stage(command, folder)
            runs.append(Run(stage, size, seconds, peak_mb, failure))
            print(f"  {size:>3}x {stage:<6} {seconds:8.1f} s {peak_mb:8.0f} MB  {failure}")
            if failure:
                break  # the next stages need this one's files
    return runs


def medians(runs: list[Run]) -> list[Run]:
    """One run per stage and size: the median of its runs' figures (failed when one failed)."""
    grouped: dict[tuple[str, int], list[Run]] = {}
    for run in runs:
        grouped.setdefault((run.stage, run.size), []).append(run)
    summary = []
    for (stage, size), group in grouped.items():
        failed = [run.failure for run in group if run.failure]
        if failed:
            summary.append(Run(stage, size, failure=failed[0]))
        else:
            seconds = statistics.median(run.seconds for run in group)
            peak_mb = statistics.median(run.peak_mb for run in group)
            summary.append(Run(stage, size, seconds, peak_mb))
    return summary


def growth(before: float, after: float, size_ratio: float) -> str:
    """`x2.9 (exponent 0.97)`: the ratio between two sizes and its exponent."""
    if not (before > 0 and after > 0):
        return "-"
    ratio = after / before
    return f"x{ratio:.2f} (exponent {math.log(ratio) / math.log(size_ratio):.2f})"


def report(runs: list[Run], sizes: list[int]) -> str:
    lines = [f"{'stage':<6} {'size':>5} {'seconds':>9} {'peak MB':>9}  note"]
    for run in runs:
        seconds = f"{run.seconds:9.1f}" if not math.isnan(run.seconds) else f"{'-':>9}"
        peak = f"{run.peak_mb:9.0f}" if not math.isnan(run.peak_mb) else f"{'-':>9}"
        lines.append(f"{run.stage:<6} {run.size:>4}x {seconds} {peak}  {run.failure}")
    lines.append("")
    lines.append("growth from one size to the next (exponent 1 = linear in the data)")
    by_key = {(run.stage, run.size): run for run in runs if not run.failure}
    for stage in STAGES:
        for smaller, larger in zip(sizes, sizes[1:], strict=False):
            first, second = by_key.get((stage, smaller)), by_key.get((stage, larger))
            if first is None or second is None:
                continue
            size_ratio = larger / smaller
            lines.append(
                f"{stage:<6} {smaller}x -> {larger}x: time "
                f"{growth(first.seconds, second.seconds, size_ratio)}, peak memory "
                f"{growth(first.peak_mb, second.peak_mb, size_ratio)}"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 3, 10])
    parser.add_argument("--runs", type=int, default=1, help="runs of each size (medians shown)")
    parser.add_argument("--task", help="in a project with tasks: this one (default: every task)")
    arguments = parser.parse_args()
    sizes = sorted(set(arguments.sizes))
    if sizes[0] < 1 or arguments.runs < 1:
        parser.error("sizes are whole multiples of the default size, and runs a count, 1 or more")
    root = Path.cwd()
    cli = str(Path(sys.executable).parent / command_name(root))
    runs: list[Run] = []
    for size in sizes:
        for _ in range(arguments.runs):
            runs.extend(measure_size(root, cli, size, arguments.task))
    print()
    print(report(medians(runs), sizes))


if __name__ == "__main__":
    main()
