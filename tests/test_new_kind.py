"""Adding a kind, as the README's "Adding a kind" says: a kind built from the frame's contract alone (the fixture
tests/fixtures/minimal-kind, never shipped) is put into a copy of the template with a catalog entry and a re-synced
copier.yml, rendered, then generated, trained, evaluated, served and checked with its own tests and mypy.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path

import copier
import pytest

from scaffold import catalog, generate
from tests.conftest import REPO, copy_templates
from tests.readme_harness import example_request
from tests.slow_support import call, free_port, serving, sh, user_env
from tests.test_templates import SHARED_FILES, frame_files

FIXTURE = REPO / "tests" / "fixtures" / "minimal-kind"
KIND = catalog.Kind(name="minimal", builds="Delivery time regression", shows="the contract alone", tabular=False,
                    evaluation=())  # fmt: skip


def templates_with_the_kind(dest: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of templates/ with the fixture as the `minimal` kind's folder, and copier.yml written by
    scripts/sync_copier_yml.py from a catalog that lists the kind.
    """
    templates = copy_templates(dest)
    shutil.copytree(FIXTURE, templates / "project" / "{% if project_kind == 'minimal' %}.{% endif %}")
    monkeypatch.setattr(catalog, "KINDS", (*catalog.KINDS, KIND))
    spec = importlib.util.spec_from_file_location("sync_copier_yml", REPO / "scripts" / "sync_copier_yml.py")
    assert spec and spec.loader
    sync_copier_yml = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sync_copier_yml)
    sync_copier_yml.TEMPLATES = templates  # where it counts each kind's lines of code
    (templates / "copier.yml").write_text(sync_copier_yml.render())
    return templates


def render(templates: Path, dest: Path) -> Path:
    copier.run_copy(str(templates), dest, data={"project_kind": KIND.name}, defaults=True, settings=copier.Settings(),
                    quiet=True, unsafe=False)  # fmt: skip
    return dest


def test_the_kind_renders_its_folder_the_shared_files_and_the_frame_without_its_optional_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = render(templates_with_the_kind(tmp_path / "templates", monkeypatch), tmp_path / "project")
    own = {
        path.relative_to(FIXTURE).as_posix().removesuffix(".jinja").replace("{{ package_name }}", "{package}")
        for path in FIXTURE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    } - {"dependencies.toml"}
    expected = {name.format(package="minimal") for name in SHARED_FILES | own} | frame_files(KIND)
    assert {path.relative_to(project).as_posix() for path in project.rglob("*") if path.is_file()} == expected
    for name in expected:
        text = (project / name).read_text()
        assert not re.findall(r"(?<!\$)\{\{|\{%|\{#", text), f"{name} has Jinja left in it"
        if name.endswith(".py"):
            compile(text, name, "exec")


@pytest.mark.slow
def test_a_kind_built_from_the_contract_alone_trains_serves_and_passes_its_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = render(templates_with_the_kind(tmp_path / "templates", monkeypatch), tmp_path / "minimal")
    assert generate.lock_dependencies(project) == []
    env = user_env(tmp_path)
    sh(["make", "setup"], cwd=project, env=env)
    score = ["score", "INPUT=data/processed/test.csv", "OUTPUT=reports/predictions.csv"]
    sh(["make", "data", "train", "evaluate", *score], cwd=project, env=env)

    metrics = json.loads((project / "reports" / "metrics.json").read_text())
    assert metrics["rmse"] < metrics["baseline_rmse"] and metrics["r2"] > metrics["baseline_r2"]
    declared = sh([".venv/bin/python", "-c", "from minimal.project import PROJECT; import json; "
                   "print(json.dumps([list(PROJECT.reports.figures), list(PROJECT.reports.model_card_sections)]))"],
                  cwd=project, env=env)  # fmt: skip
    figures, sections = json.loads(declared.stdout)
    assert {path.name for path in (project / "reports" / "figures").glob("*.png")} == set(figures)
    card = (project / "reports" / "model_card.md").read_text()
    assert [line[3:] for line in card.splitlines() if line.startswith("## ")] == [*sections, "Figures"]
    sh(["make", "report"], cwd=project, env=env)
    readme = (project / "README.md").read_text()
    assert "| `rmse` | " in readme and "(reports/figures/predicted_vs_true.png)" in readme, "headline, key figure"
    assert len((project / "reports" / "predictions.csv").read_text().splitlines()) > 100

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with serving(["make", "serve"], project, {**env, "APP_SERVING__PORT": str(port)}, base):
        delivery = example_request((project / "README.md").read_text())
        status, body = call(f"{base}/predict", delivery)
        assert status == 200, body
        assert 10 < json.loads(body)["minutes"] < 120
        status, body = call(f"{base}/predict", {**delivery, "zone": "moon"})
        assert status == 422 and "zone" in body

    checks = sh(["make", "test", "lint"], cwd=project, env=env)  # pytest, ruff and mypy against the contract
    assert re.search(r"\d+ passed", checks.stdout) and "failed" not in checks.stdout
