"""Validation of the answers a project is generated from.

This module is the one source of the rules: the CLI checks ``--data`` values with it before calling Copier, and
scripts/sync_copier_yml.py writes the same rules into templates/copier.yml, so that answers typed at Copier's own
prompts are held to them too.
"""

from __future__ import annotations

import keyword
import re
import sys
from collections.abc import Callable

PROJECT_NAME_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
PACKAGE_NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
EMAIL_PATTERN = r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+[.][A-Za-z]{2,}$"
MAX_NAME_LENGTH = 50
MAX_TEXT_LENGTH = 200

LICENSES = ("MIT", "Apache-2.0", "BSD-3-Clause")
PYTHON_VERSIONS = ("3.11", "3.12", "3.13")

# Import names of the generated projects' dependencies, and top-level folders of a generated project: a package
# named after one of them would shadow it.
DEPENDENCY_IMPORT_NAMES = (
    "click", "configs", "data", "fastapi", "httpx", "jinja2", "joblib", "lightgbm", "matplotlib", "mlflow",
    "models", "numpy", "pandas", "pandera", "pooch", "prometheus_client", "prometheus_fastapi_instrumentator",
    "pydantic", "pydantic_settings", "pytest", "reports", "requests", "rich", "scaffold", "scipy", "sklearn",
    "src", "starlette", "tests", "typer", "uvicorn", "yaml",
)  # fmt: skip


def reserved_package_names() -> list[str]:
    """Names a package may not take: Python keywords, the standard library, and the projects' dependencies."""
    stdlib = {name for name in sys.stdlib_module_names if not name.startswith("_")}
    return sorted(set(keyword.kwlist) | set(keyword.softkwlist) | stdlib | set(DEPENDENCY_IMPORT_NAMES))


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
    return _check_name(value, PROJECT_NAME_PATTERN, PROJECT_NAME_RULE)


def check_package_name(value: str) -> str | None:
    """Return why ``value`` is not a valid package name, or None when it is."""
    problem = _check_name(value, PACKAGE_NAME_PATTERN, PACKAGE_NAME_RULE)
    if problem:
        return problem
    if keyword.iskeyword(value) or keyword.issoftkeyword(value):
        return "is a Python keyword"
    if value in reserved_package_names():
        return "would shadow a standard-library or dependency module of the same name"
    return None


def check_text(value: str) -> str | None:
    """A one-line free text answer (description, author name)."""
    if "\n" in value or "\r" in value:
        return "must be a single line"
    if any(ord(char) < 32 for char in value):
        return "must not contain control characters"
    if len(value) > MAX_TEXT_LENGTH:
        return f"must be at most {MAX_TEXT_LENGTH} characters"
    if any(delimiter in value for delimiter in ("{{", "{%", "{#")):
        return "must not contain Jinja delimiters"
    return None


def check_email(value: str) -> str | None:
    return None if re.fullmatch(EMAIL_PATTERN, value) else "must be an e-mail address like you@example.com"


def _choice(choices: tuple[str, ...]) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        return None if value in choices else f"must be one of {', '.join(choices)}"

    return check


CHECKS: dict[str, Callable[[str], str | None]] = {
    "project_name": check_project_name,
    "package_name": check_package_name,
    "description": check_text,
    "author_name": check_text,
    "author_email": check_email,
    "license": _choice(LICENSES),
    "python_version": _choice(PYTHON_VERSIONS),
}


def default_package_name(project_name: str) -> str:
    return project_name.replace("-", "_")
