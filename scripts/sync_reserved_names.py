"""Write scaffold/locked_names.json: the names a generated project's own environment already uses.

A package named after a module of a locked distribution shadows it (package_name=packaging breaks the project's
CLI), and a project named after a locked distribution depends on itself (project_name=ruff: `uv lock` fails). So
the names come from what the projects really lock, never from a hand-kept list: every kind is rendered, locked and
installed from uv's cache, and each installed distribution's RECORD gives its top-level modules and the commands it
installs. A distribution locked for another platform only (pywin32, colorama) is not installed here: its
normalized name stands in for its module. Run this after changing a kind's dependencies; `--check` exits 1 when
the file is out of date (a test runs it).
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import copier

from scaffold import catalog, names

REPO = Path(__file__).resolve().parent.parent
LOCKED_NAMES = REPO / "scaffold" / "locked_names.json"
ABOUT = (
    "Written by scripts/sync_reserved_names.py from the uv.lock and installed environment of a project of every "
    "kind: the distributions they lock, the top-level modules and commands those install, and the project's own "
    "top-level folders. Do not edit by hand."
)
MODULE_SUFFIXES = (".py", ".so", ".pyd")


def _uv(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    uv = os.environ.get("UV") or shutil.which("uv") or "uv"  # `uv run` names itself in UV
    # Offline first: uv's cache holds every package once a project was set up; the index only when it does not.
    for mode in ("--offline", "--no-progress"):
        result = subprocess.run([uv, *args, "--quiet", mode], cwd=cwd, env=env, capture_output=True, text=True)
        if result.returncode == 0:
            return
    raise SystemExit(f"uv {' '.join(args)} failed in {cwd}: {result.stderr.strip()}")


def _record_names(dist: importlib.metadata.Distribution) -> tuple[set[str], set[str]]:
    """The top-level modules and the commands one installed distribution brings, from its RECORD."""
    modules, commands = set(), set()
    for file in dist.files or []:
        parts = file.parts
        if parts[0] == ".." and "bin" in parts:
            commands.add(parts[-1])
        elif parts[0].endswith(".data") and len(parts) > 2 and parts[1] == "scripts":
            commands.add(parts[2])
        elif parts[0] == ".." or parts[0].endswith((".dist-info", ".data")) or parts[0] == "__pycache__":
            continue
        elif len(parts) > 1:
            modules.add(parts[0])
        elif parts[0].endswith(MODULE_SUFFIXES):
            modules.add(parts[0].split(".")[0])
    commands |= {entry.name for entry in dist.entry_points if entry.group in ("console_scripts", "gui_scripts")}
    return modules, commands


def _kind_names(kind: str, work: Path, environment: Path) -> dict[str, set[str]]:
    project = work / kind
    copier.run_copy(str(REPO / "templates"), project, data={"project_kind": kind}, defaults=True,
                    settings=copier.Settings(), quiet=True)  # fmt: skip
    _uv(["lock"], project)
    lock = tomllib.loads((project / "uv.lock").read_text())
    locked = {package["name"] for package in lock["package"] if package["name"] != kind}
    # One environment, re-synced per kind: uv adds and removes only the difference.
    env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(environment)}
    _uv(["sync", "--locked", "--no-install-project"], project, env)
    site = next(environment.glob("lib/python*/site-packages"))
    modules, commands, installed = set(), set(), set()
    for dist in importlib.metadata.distributions(path=[str(site)]):
        installed.add(names.normalize_distribution(dist.metadata["Name"]))
        dist_modules, dist_commands = _record_names(dist)
        modules |= dist_modules
        commands |= dist_commands
    modules |= {name.replace("-", "_") for name in locked - installed}
    folders = {path.name for path in project.iterdir() if path.is_dir() and not path.name.startswith(".")}
    return {"distributions": locked, "modules": modules, "commands": commands, "project_folders": folders}


def derive() -> dict[str, object]:
    found: dict[str, set[str]] = {"distributions": set(), "modules": set(), "commands": set(), "project_folders": set()}
    with tempfile.TemporaryDirectory(prefix="scaffold-reserved-") as work:
        for kind in catalog.kind_names():
            for key, values in _kind_names(kind, Path(work), Path(work) / "environment").items():
                found[key] |= values
    # Only what an answer could ever equal: a module named PIL or _yaml cannot collide with a valid package name.
    found["modules"] = {name for name in found["modules"] if re.fullmatch(names.PACKAGE_NAME_PATTERN, name)}
    found["commands"] = {name for name in found["commands"] if re.fullmatch(names.PROJECT_NAME_PATTERN, name)}
    return {"about": ABOUT, **{key: sorted(values) for key, values in found.items()}}


def render() -> str:
    return json.dumps(derive(), indent=1) + "\n"


def main() -> int:
    text = render()
    if sys.argv[1:] == ["--check"]:
        current = LOCKED_NAMES.read_text() if LOCKED_NAMES.is_file() else "{}"
        if current != text:
            old, new = json.loads(current), json.loads(text)
            for key in ("distributions", "modules", "commands", "project_folders"):
                added, removed = set(new[key]) - set(old.get(key, [])), set(old.get(key, [])) - set(new[key])
                if added or removed:
                    print(f"{key}: added {sorted(added)}, removed {sorted(removed)}", file=sys.stderr)
            print(f"{LOCKED_NAMES} is out of date: run scripts/sync_reserved_names.py", file=sys.stderr)
            return 1
        return 0
    LOCKED_NAMES.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
