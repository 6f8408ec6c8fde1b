"""Time from `scaffold new` to the first 200 from /predict, with a warm package cache; prints medians.

    uv run python benchmarks/bench_first_predict.py [--runs N]

Goal (issue 6): <= 60 s. Each run is a new user (empty HOME) sharing the machine's uv cache, as on a laptop where
the packages were downloaded once before. Steps: new (with uv lock), make setup, make train (prepares the data
first), then make serve and POST /predict until it answers.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

SCAFFOLD = str(Path(sys.executable).parent / "scaffold")
PORT = 8765


def first_prediction(url: str, body: bytes, deadline: float) -> None:
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"{url} gave no 200 in time")


def one_run(root: Path) -> dict[str, float]:
    home = root / "home"
    home.mkdir()
    uv_cache = os.environ.get("UV_CACHE_DIR") or str(Path.home() / ".cache" / "uv")
    env = {**os.environ, "HOME": str(home), "UV_CACHE_DIR": uv_cache, "APP_SERVING__PORT": str(PORT)}
    steps: dict[str, float] = {}
    start = time.perf_counter()
    for name, command, cwd in (
        ("new", [SCAFFOLD, "new", "churn-predictor", "proj", "--defaults"], root),
        ("make setup", ["make", "setup"], root / "proj"),
        ("make train", ["make", "train"], root / "proj"),
    ):
        began = time.perf_counter()
        subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
        steps[name] = time.perf_counter() - began
    began = time.perf_counter()
    server = subprocess.Popen(["make", "serve"], cwd=root / "proj", env=env, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        example = re.search(r"-d '(\{.*?\})'", (root / "proj" / "README.md").read_text())  # the README's request
        assert example, "the README shows an example request"
        first_prediction(f"http://127.0.0.1:{PORT}/predict", example.group(1).encode(), time.monotonic() + 120)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()
    steps["serve to first 200"] = time.perf_counter() - began
    steps["total"] = time.perf_counter() - start
    return steps


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = []
    for _ in range(parser.parse_args().runs):
        with tempfile.TemporaryDirectory() as tmp:
            runs.append(one_run(Path(tmp)))
    print(f"scaffold new -> first 200 from /predict, {len(runs)} runs, medians (goal: total <= 60 s)")
    for step in runs[0]:
        print(f"  {step:<22} {statistics.median(run[step] for run in runs):6.1f} s")


if __name__ == "__main__":
    main()
