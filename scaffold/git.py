"""Small wrappers around the git command line."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from scaffold.errors import RefusedError, ScaffoldError

# A fixed identity for commits scaffold makes where the user has none configured.
FALLBACK_IDENTITY = {
    "GIT_AUTHOR_NAME": "scaffold",
    "GIT_AUTHOR_EMAIL": "scaffold@localhost",
    "GIT_COMMITTER_NAME": "scaffold",
    "GIT_COMMITTER_EMAIL": "scaffold@localhost",
}


def require_git() -> str:
    path = shutil.which("git")
    if path is None:
        raise RefusedError("git is not installed: install git (for example `apt-get install git`) and retry")
    return path


def run(
    args: Sequence[str],
    cwd: Path,
    env: Mapping[str, str] | None = None,
    input_text: str | None = None,
) -> str:
    """Run git and return its standard output; a failure becomes a ScaffoldError with git's own message."""
    full_env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", **(env or {})}
    result = subprocess.run(
        [require_git(), *args],
        cwd=cwd,
        env=full_env,
        input=input_text,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise ScaffoldError(f"git {args[0]} failed in {cwd}: {detail[-1] if detail else 'no output'}")
    return result.stdout


def has_identity(cwd: Path) -> bool:
    for key in ("user.name", "user.email"):
        try:
            if not run(["config", key], cwd=cwd).strip():
                return False
        except ScaffoldError:
            return False
    return True


def config_value(key: str) -> str | None:
    if shutil.which("git") is None:
        return None
    result = subprocess.run(["git", "config", "--global", key], capture_output=True, text=True, check=False)
    return result.stdout.strip() or None


def commit_all(path: Path, message: str) -> None:
    """Stage everything and commit, with a fallback identity for this commit only when none is configured."""
    run(["add", "--all"], cwd=path)
    env = None if has_identity(path) else FALLBACK_IDENTITY
    run(["commit", "--quiet", "--no-verify", "--no-gpg-sign", "-m", message], cwd=path, env=env)
