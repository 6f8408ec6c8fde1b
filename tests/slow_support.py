"""What the slow tests share: running a command, a new user's environment, and a project's service
started with its own command and called over HTTP.
"""

from __future__ import annotations

import json
import mimetypes
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import UV_CACHE


def sh(
    args: list[str], cwd: Path, env: dict[str, str] | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(args)} exited {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


def user_env(root: Path) -> dict[str, str]:
    """A new user's environment that still shares the package cache (the tests' own HOME is per test)."""
    home = root / "home"
    home.mkdir(exist_ok=True)
    return {**os.environ, "HOME": str(home), "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"), "UV_CACHE_DIR": UV_CACHE}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def call(url: str, body: object = None, files: Mapping[str, Sequence[Path]] | None = None) -> tuple[int, str]:
    """GET without a body, POST with one: JSON, or `files` uploaded as a form (field -> files); the status and
    the text of the response."""
    if files is not None:
        data, content_type = multipart(files)
        return send(url, data, content_type)
    return send(url, None if body is None else json.dumps(body).encode(), "application/json")


def multipart(files: Mapping[str, Sequence[Path]]) -> tuple[bytes, str]:
    """A multipart/form-data body holding each file under its field, as a browser or `curl -F` sends it."""
    boundary = f"----scaffold{uuid.uuid4().hex}"
    parts = []
    for name, paths in files.items():
        for path in paths:
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{path.name}"\r\n'
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            parts.append(f"{head}Content-Type: {kind}\r\n\r\n".encode() + path.read_bytes() + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def send(url: str, data: bytes | None, content_type: str) -> tuple[int, str]:
    """GET without data, POST with it; the status and the text of the response."""
    request = urllib.request.Request(url, data=data, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@contextmanager
def serving(command: list[str], cwd: Path, env: dict[str, str], base: str) -> Iterator[None]:
    server = subprocess.Popen(command, cwd=cwd, env=env, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while call_or_none(f"{base}/ready") != 200:
            assert server.poll() is None, f"{command} exited with {server.returncode}"
            assert time.monotonic() < deadline, f"{base}/ready never answered 200"
            time.sleep(0.3)
        yield
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def call_or_none(url: str) -> int | None:
    try:
        return call(url)[0]
    except OSError:
        return None
