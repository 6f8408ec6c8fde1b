"""Write templates/copier.yml from scaffold/catalog.py and scaffold/names.py (with the name lists it reads).

The rules for answers live once, in Python; Copier's prompts need them in copier.yml. Run this after changing
either module; `--check` exits 1 when copier.yml is out of date (a test runs it).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from scaffold import catalog, names

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
COPIER_YML = TEMPLATES / "copier.yml"


def _python_lines(folder: Path, skip: tuple[str, ...] = ()) -> list[int]:
    """Lines and modules of the plain Python files under ``folder`` (a path in ``skip`` or under it left out)."""
    files = [
        path
        for path in folder.rglob("*.py")
        if not any(path.relative_to(folder).as_posix().startswith(part) for part in skip)
    ]
    return [sum(len(path.read_text().splitlines()) for path in files), len(files)]


def code_lines(kind: catalog.Kind) -> dict[str, list[int]]:
    """[lines, modules] of Python in a project of ``kind``: its frame (the parts it uses), and its own package (the
    package's ``__init__.py`` aside: it is rendered from the description)."""
    unused = tuple(sorted(set(catalog.OPTIONAL_FRAME_PARTS) - kind.frame_parts()))
    own = (
        TEMPLATES / "project" / f"{{% if project_kind == '{kind.name}' %}}.{{% endif %}}" / "src" / "{{ package_name }}"
    )
    return {"frame": _python_lines(TEMPLATES / "project" / "src" / "frame", unused), "own": _python_lines(own)}


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text)


def _name_validator(variable: str, pattern: str, rule: str, extra: str = "") -> str:
    return (
        f"{{% if {variable} | length > {names.MAX_NAME_LENGTH} %}}must be at most {names.MAX_NAME_LENGTH} characters"
        f"{{% elif not ({variable} | regex_search('{pattern}')) %}}{rule}{extra}{{% endif %}}"
    )


def _text_validator(variable: str, extra: str = "") -> str:
    return (
        f"{{% if {variable} | length > {names.MAX_TEXT_LENGTH} %}}must be at most {names.MAX_TEXT_LENGTH} characters"
        f"{{% elif {variable} | regex_search('{names.TEXT_CONTROLS_PATTERN}') %}}{names.TEXT_CONTROLS_RULE}"
        f"{extra}{{% endif %}}"
    )


def _email_validator() -> str:
    return (
        f"{{% if not (author_email | regex_search('{names.EMAIL_PATTERN}')) %}}"
        "must be an e-mail address like you@example.com{% endif %}"
    )


def _jinja_list(items: list[str]) -> str:
    return json.dumps(items).replace('"', "'")


def _jinja_map(value: dict[str, str]) -> str:
    """A Jinja literal inside a YAML double-quoted scalar: single quotes, none inside the texts."""
    assert not any("'" in text or '"' in text for text in value.values()), "a kind's text holds a quote"
    return json.dumps(value).replace('"', "'")


def render() -> str:
    project_extra = (
        f"{{% elif project_name in {_jinja_list(names.reserved_project_names())} %}}"
        "is a package or command the project itself installs: choose another name"
    )
    author_extra = f"{{% elif ',' in author_name %}}{names.AUTHOR_NAME_RULE}"
    package_extra = (
        f"{{% elif package_name in {_jinja_list(names.reserved_package_names())} %}}"
        "is a Python keyword, or would shadow a standard-library or dependency module of the same name"
    )
    kinds = "\n".join(f"    - {kind}" for kind in catalog.kind_names())
    licenses = "\n".join(f"    - {item}" for item in names.LICENSES)
    pythons = "\n".join(f"    - {_q(item)}" for item in names.PYTHON_VERSIONS)
    tabular = json.dumps([kind.name for kind in catalog.KINDS if kind.tabular]).replace('"', "'")
    tasks = json.dumps({kind.name: list(kind.tasks) for kind in catalog.KINDS if kind.tasks}).replace('"', "'")
    lines = json.dumps({kind.name: code_lines(kind) for kind in catalog.KINDS}).replace('"', "'")
    seed_validator = (
        f"{{% if seed < 0 or seed > {names.MAX_SEED} %}}must be a whole number from 0 to {names.MAX_SEED}{{% endif %}}"
    )
    builds = _jinja_map({kind.name: kind.builds for kind in catalog.KINDS})
    frame_excludes = "\n".join(
        f'    - "{{% if project_kind not in {_jinja_list(users)} %}}src/frame/{part}{{% endif %}}"'
        for part in catalog.OPTIONAL_FRAME_PARTS
        for users in [[kind.name for kind in catalog.KINDS if part in kind.frame_parts()]]
    )
    return f"""\
# Written by scripts/sync_copier_yml.py from scaffold/catalog.py and scaffold/names.py (and the name lists it
# reads: scaffold/python_names.json, scaffold/locked_names.json): edit those, then run
#   uv run python scripts/sync_copier_yml.py
_min_copier_version: "9.19"
_subdirectory: project
_answers_file: .copier-answers.yml
_exclude:
    - __pycache__
    - "*.pyc"
    - "*.pyo"
    - .DS_Store
    - .git
    - .mypy_cache
    - .pytest_cache
    - .ruff_cache
    - ~*
    # A kind's own folder (in project/, rendered for that kind only) lists its dependencies for pyproject.toml.
    - dependencies.toml
    # The optional parts of the frame, in the projects of the kinds that use them only.
{frame_excludes}

project_kind:
    type: str
    help: Which kind of machine-learning project to generate
    choices:
{kinds}

project_name:
    type: str
    help: Project name (lowercase words joined by hyphens)
    default: "{{{{ project_kind }}}}"
    validator: {_q(_name_validator("project_name", names.PROJECT_NAME_PATTERN, names.PROJECT_NAME_RULE, project_extra))}

package_name:
    type: str
    help: Python import name of the package
    default: "{{{{ project_name | replace('-', '_') }}}}"
    validator: {_q(_name_validator("package_name", names.PACKAGE_NAME_PATTERN, names.PACKAGE_NAME_RULE, package_extra))}

description:
    type: str
    help: One-line description
    default: "{{{{ {builds}[project_kind] }}}}"
    validator: {_q(_text_validator("description"))}

author_name:
    type: str
    help: Author name
    default: Your Name
    validator: {_q(_text_validator("author_name", author_extra))}

author_email:
    type: str
    help: Author e-mail
    default: you@example.com
    validator: {_q(_email_validator())}

license:
    type: str
    help: Licence of the generated project
    default: {names.LICENSES[0]}
    choices:
{licenses}

python_version:
    type: str
    help: Python version the project targets
    default: {_q(names.PYTHON_VERSIONS[0])}
    choices:
{pythons}

seed:
    type: int
    help: Seed of the synthetic data, the splits and the models (scaffold new draws one)
    default: 42
    validator: {_q(seed_validator)}

copyright_year:
    type: str
    default: "{{{{ '%Y' | strftime }}}}"
    when: false

tabular_model:
    type: bool
    default: "{{{{ project_kind in {tabular} }}}}"
    when: false

task_names:
    type: yaml
    default: "{{{{ {tasks}.get(project_kind, []) }}}}"
    when: false

# [lines, modules] of Python in the project's frame and in its own package, for its README.
code_lines:
    type: yaml
    default: "{{{{ {lines}[project_kind] }}}}"
    when: false
"""


def main() -> int:
    text = render()
    if sys.argv[1:] == ["--check"]:
        if not COPIER_YML.is_file() or COPIER_YML.read_text() != text:
            print(f"{COPIER_YML} is out of date: run scripts/sync_copier_yml.py", file=sys.stderr)
            return 1
        return 0
    COPIER_YML.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
