"""Validation of the answers a project is generated from.

This module is the one source of the rules: the CLI checks ``--data`` values with it before calling Copier, and
scripts/sync_copier_yml.py writes the same rules into templates/copier.yml, so that answers typed at Copier's own
prompts are held to them too. The names an answer may not take are data beside it: python_names.json (fixed, the
same whatever Python runs scaffold) and locked_names.json (written by scripts/sync_reserved_names.py from what the
generated projects really lock and install).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from importlib import resources
from typing import Any

PROJECT_NAME_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
PACKAGE_NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
EMAIL_PATTERN = r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+[.][A-Za-z]{2,}$"
MAX_NAME_LENGTH = 50
MAX_TEXT_LENGTH = 200

LICENSES = ("MIT", "Apache-2.0", "BSD-3-Clause")
MAX_SEED = 2**32 - 1  # numpy's and scikit-learn's largest
MAX_DRAWN_SEED = 99_999  # `scaffold new` draws from 1 to this: short enough to read and type
PYTHON_VERSIONS = ("3.11", "3.12", "3.13")


@functools.cache
def _names_file(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resources.files("scaffold").joinpath(name).read_text())
    return data


def python_names() -> dict[str, Any]:
    """Keywords and standard-library modules of every supported Python: a fixed union, whatever Python runs this."""
    return _names_file("python_names.json")


def locked_names() -> dict[str, Any]:
    """What a generated project locks and installs, written by scripts/sync_reserved_names.py."""
    return _names_file("locked_names.json")


def normalize_distribution(name: str) -> str:
    """A distribution name as package indexes compare them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


FRAME_PACKAGE = "frame"  # the package every project has beside its own (templates/project/src/frame/)


def reserved_package_names() -> list[str]:
    """Names a package may not take: Python keywords, the standard library, the modules the project installs and
    the project's own top-level folders."""
    python, locked = python_names(), locked_names()
    reserved = {*python["keywords"], *python["soft_keywords"], *python["stdlib_modules"]}
    return sorted(reserved | {*locked["modules"], *locked["project_folders"], FRAME_PACKAGE})


def reserved_project_names() -> list[str]:
    """Names a project may not take: a distribution it locks (it would depend on itself) or a command one installs."""
    locked = locked_names()
    return sorted({*locked["distributions"], *locked["commands"]})


PROJECT_NAME_RULE = "use lowercase letters, digits and single hyphens, starting with a letter (like churn-predictor)"
PACKAGE_NAME_RULE = "use lowercase letters, digits and underscores, starting with a letter (like churn_predictor)"


def _hostile_characters(value: str) -> str | None:
    if "/" in value or "\\" in value:
        return "must not contain path separators"
    if ".." in value:
        return "must not contain '..'"
    if any(delimiter in value for delimiter in ("{{", "}}", "{%", "%}", "{#", "#}")):
        return "must not contain Jinja delimiters"
    if re.search(r"[;&|$`<>()!*?'\"]", value):
        return "must not contain shell metacharacters"
    if any(ord(char) < 32 for char in value):
        return "must not contain control characters"
    return None


def _check_name(value: str, pattern: str, rule: str) -> str | None:
    problem = _hostile_characters(value)
    if problem:
        return problem
    if len(value) > MAX_NAME_LENGTH:
        return f"must be at most {MAX_NAME_LENGTH} characters"
    return None if re.fullmatch(pattern, value) else rule


def check_project_name(value: str) -> str | None:
    """Return why ``value`` is not a valid project name, or None when it is."""
    problem = _check_name(value, PROJECT_NAME_PATTERN, PROJECT_NAME_RULE)
    if problem:
        return problem
    if normalize_distribution(value) in reserved_project_names():
        return "is a package or command the project itself installs: choose another name"
    return None


def check_package_name(value: str) -> str | None:
    """Return why ``value`` is not a valid package name, or None when it is."""
    problem = _check_name(value, PACKAGE_NAME_PATTERN, PACKAGE_NAME_RULE)
    if problem:
        return problem
    python = python_names()
    if value in python["keywords"] or value in python["soft_keywords"]:
        return "is a Python keyword"
    if value in reserved_package_names():
        return "would shadow a standard-library or dependency module of the same name"
    return None


# Control characters, line and paragraph separators, and the characters that reorder or hide text (the "Trojan
# Source" attack): no file can show them literally, so an answer holding one is refused rather than escaped.
TEXT_CONTROLS_PATTERN = r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]"
TEXT_CONTROLS_RULE = "must be a single line without control or bidirectional characters"


def check_text(value: str) -> str | None:
    """A one-line free text answer (description, author name)."""
    if re.search(TEXT_CONTROLS_PATTERN, value):
        return TEXT_CONTROLS_RULE
    if len(value) > MAX_TEXT_LENGTH:
        return f"must be at most {MAX_TEXT_LENGTH} characters"
    if any(delimiter in value for delimiter in ("{{", "{%", "{#")):
        return "must not contain Jinja delimiters"
    return None


AUTHOR_NAME_RULE = "must not contain a comma (the package metadata cannot hold one): write it without"


def check_author_name(value: str) -> str | None:
    """The author's name, which pyproject.toml's authors list cannot hold with a comma (PEP 621)."""
    return check_text(value) or (AUTHOR_NAME_RULE if "," in value else None)


def check_email(value: str) -> str | None:
    return None if re.fullmatch(EMAIL_PATTERN, value) else "must be an e-mail address like you@example.com"


def check_seed(value: str) -> str | None:
    if not value.isdigit() or int(value) > MAX_SEED:
        return f"must be a whole number from 0 to {MAX_SEED}"
    return None


def _choice(choices: tuple[str, ...]) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        return None if value in choices else f"must be one of {', '.join(choices)}"

    return check


CHECKS: dict[str, Callable[[str], str | None]] = {
    "project_name": check_project_name,
    "package_name": check_package_name,
    "description": check_text,
    "author_name": check_author_name,
    "author_email": check_email,
    "license": _choice(LICENSES),
    "python_version": _choice(PYTHON_VERSIONS),
    "seed": check_seed,
}


def default_package_name(project_name: str) -> str:
    return project_name.replace("-", "_")
