"""Every test runs as a new user: empty HOME, no git identity, no Copier settings, no template store."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from plumbum import local
from typer.testing import CliRunner, Result

from scaffold import __version__, generate, store
from scaffold.cli import app

REPO = Path(__file__).resolve().parent.parent
# Packages downloaded once serve every test's environment: the user's uv cache outlives the fake HOME.
UV_CACHE = os.environ.get("UV_CACHE_DIR") or str(Path.home() / ".cache" / "uv")
TEMPLATES = REPO / "templates"


@pytest.fixture(autouse=True)
def new_user(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("home")
    env = {
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "COPIER_SETTINGS_PATH": str(home / ".config" / "copier" / "settings.yml"),
        "UV_CACHE_DIR": UV_CACHE,
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("SCAFFOLD_HISTORY_BUNDLE", raising=False)
    # plumbum (Copier's git runner) copies the environment when it is imported: give it the same one.
    with local.env(**env):
        local.env.pop("SCAFFOLD_HISTORY_BUNDLE", None)
        yield home


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def git_out(path: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=path, capture_output=True, text=True, check=True).stdout


def set_git_identity(home: Path, name: str = "Ada Lovelace", email: str = "ada@example.com") -> None:
    (home / ".gitconfig").write_text(f"[user]\n\tname = {name}\n\temail = {email}\n")


def copy_templates(dest: Path) -> Path:
    shutil.copytree(TEMPLATES, dest, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return dest


OLD_VERSION = "0.0.0"
NEW_TAG = f"v{__version__}"


@dataclass
class History:
    bundle: Path
    old: store.TemplateSource


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{path} no longer contains {old!r}: update this test"
    path.write_text(text.replace(old, new, 1))


@pytest.fixture
def history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> History:
    """A history of two releases: an older template, then today's templates/ as the installed version."""
    old = copy_templates(tmp_path / "old-templates")
    project = old / "project"
    edit(old / "shared" / "README.md", "Everything below runs offline", "Everything here runs offline")
    edit(project / "Makefile.jinja", "## Run the test suite", "## Run the tests")
    (project / "LICENSE.jinja").unlink()  # so that the update adds a file
    edit(project / "pyproject.toml.jinja", '"ruff>=0.8"', '"ruff>=0.7"')  # so that the update re-locks
    bundle = tmp_path / "history.bundle"
    store.add_release(bundle, old, OLD_VERSION)
    store.add_release(bundle, TEMPLATES, __version__)
    monkeypatch.setenv("SCAFFOLD_HISTORY_BUNDLE", str(bundle))
    return History(bundle=bundle, old=store.TemplateSource(templates=old, bundle=bundle, version=OLD_VERSION))


def old_project(history: History, dest: Path) -> Path:
    generate.new_project("churn-predictor", dest, {}, interactive=False, lock=False, source=history.old)
    assert yaml.safe_load((dest / ".copier-answers.yml").read_text())["_commit"] == f"v{OLD_VERSION}"
    return dest


def shipped_release(dest: Path, version: str) -> store.TemplateSource:
    """Release `version`'s template files, checked out of the shipped history into `dest`, as a learner's scaffold
    holds them; the installed version stays today's."""
    history = dest / "history"
    store.init_repo(history)
    store.import_bundle(history, store.SHIPPED_BUNDLE)
    templates = dest / f"v{version}"
    templates.mkdir()
    git_out(history, f"--work-tree={templates}", "checkout", f"v{version}", "--", ".")
    return store.TemplateSource(templates=templates, bundle=store.SHIPPED_BUNDLE, version=version)


def commit_all(project: Path, message: str) -> None:
    git_out(project, "add", "--all")
    git_out(project, "-c", "user.name=Learner", "-c", "user.email=l@example.com", "commit", "-q", "-m", message)
