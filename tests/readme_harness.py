"""Run a generated README as a learner would: every fenced bash block, command by command, in order.

A command marked `# keeps running: URL` is a server: it is started in the background, the harness waits until URL
answers, and stops it at the end. Docker commands and local-cluster commands (kubectl, kind, minikube) are the only ones
skipped (no engine or cluster runs here); each kind is counted.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SERVER_MARK = re.compile(r"#\s*keeps running:\s*(\S+)")
DOCKER = re.compile(r"^(docker\b|make\s+docker-)")
CLUSTER = re.compile(r"^(kubectl|kind|minikube)\b")


@dataclass
class Run:
    executed: list[str] = field(default_factory=list)
    skipped_docker: list[str] = field(default_factory=list)
    skipped_cluster: list[str] = field(default_factory=list)
    servers: list[str] = field(default_factory=list)


def shell_commands(readme: str) -> list[str]:
    """The commands of every ```bash block, in order; continuation lines joined, comments kept for marks."""
    commands = []
    for block in re.findall(r"^```bash\n(.*?)^```", readme, flags=re.MULTILINE | re.DOTALL):
        pending = ""
        for line in block.splitlines():
            if line.rstrip().endswith("\\"):
                pending += line.rstrip()[:-1].strip() + " "
                continue
            command = pending + line.strip()
            pending = ""
            if command and not command.startswith("#"):
                commands.append(command)
    return commands


def example_request(readme: str) -> dict[str, Any]:
    """The JSON body of the README's first `curl ... -d '{...}'` call: one example, used by README and tests."""
    match = re.search(r"-d '(\{.*?\})'", readme)
    assert match, "the README shows an example request"
    body: dict[str, Any] = json.loads(match.group(1))
    return body


def example_upload(readme: str) -> tuple[str, str]:
    """The field and file of the README's first `curl ... -F field=@file` call (a path in the project)."""
    match = re.search(r"-F '?(\w+)=@([^\s']+)", readme)
    assert match, "the README shows an example upload"
    return match.group(1), match.group(2)


def _wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def run_readme(readme: str, cwd: Path, env: dict[str, str]) -> Run:
    run = Run()
    servers: list[subprocess.Popen[bytes]] = []
    try:
        for command in shell_commands(readme):
            if DOCKER.match(command):
                run.skipped_docker.append(command)
                continue
            if CLUSTER.match(command):
                run.skipped_cluster.append(command)
                continue
            mark = SERVER_MARK.search(command)
            if mark:
                server = subprocess.Popen(
                    ["bash", "-c", command], cwd=cwd, env=env, start_new_session=True,
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                )  # fmt: skip
                servers.append(server)
                _wait_for(mark.group(1), server)
                run.servers.append(command)
                continue
            result = subprocess.run(
                ["bash", "-euo", "pipefail", "-c", command], cwd=cwd, env=env, capture_output=True, text=True
            )
            if result.returncode != 0:
                raise AssertionError(f"README command failed ({result.returncode}): {command}\n{result.stdout[-3000:]}"
                                     f"\n{result.stderr[-3000:]}")  # fmt: skip
            run.executed.append(command)
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
    return run
