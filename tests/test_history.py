"""The shipped template history: every release is in it, and the current version's tree is templates/."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scaffold import __version__, git, store
from scaffold.errors import ScaffoldError
from tests.conftest import REPO, TEMPLATES, copy_templates


def _changelog_versions() -> list[str]:
    text = (REPO / "CHANGELOG.md").read_text()
    return re.findall(r"^## (\d+\.\d+\.\d+) \(\d{4}-\d{2}-\d{2}\)$", text, flags=re.MULTILINE)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("shipped")
    store.init_repo(repo)
    store.import_bundle(repo, store.SHIPPED_BUNDLE)
    return repo


def test_the_history_holds_every_released_version_and_nothing_else(shipped: Path) -> None:
    released = sorted(tag.removeprefix("v") for tag in store.tags(shipped))
    assert released == sorted(_changelog_versions()), "CHANGELOG.md and the shipped history disagree"
    assert __version__ in released, f"{__version__} is not released: run `make release VERSION={__version__}`"


def test_the_current_version_is_todays_templates(shipped: Path) -> None:
    released = store.tree_of(shipped, f"v{__version__}")
    assert store.write_tree(shipped, TEMPLATES) == released, (
        f"templates/ changed since v{__version__} was released: every change to templates/ is a release "
        "(add a CHANGELOG entry under '## Unreleased', then `make release VERSION=<next>`)"
    )


def test_each_release_follows_the_one_before(shipped: Path) -> None:
    tags = store.tags(shipped)
    ordered = sorted(tags, key=store.tag_version)
    for previous, current in itertools.pairwise(ordered):
        assert git.run(["rev-parse", f"{current}^"], cwd=shipped).strip() == tags[previous]


def _repo_copy(dest: Path) -> Path:
    out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=REPO, capture_output=True, text=True)
    for name in out.stdout.splitlines():
        if (REPO / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            (dest / name).write_bytes((REPO / name).read_bytes())
    return dest


def _release(repo: Path, version: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "scripts/release.py", version],
        cwd=repo, env={"PYTHONPATH": str(repo), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True,
    )  # fmt: skip


def test_the_release_step_bumps_extends_the_history_and_dates_the_changelog(tmp_path: Path) -> None:
    repo = _repo_copy(tmp_path / "repo")
    changelog = repo / "CHANGELOG.md"
    changelog.write_text(re.sub(r"## Unreleased\n.*?(?=^## |\Z)", "## Unreleased\n\n", changelog.read_text(),
                                flags=re.MULTILINE | re.DOTALL))  # fmt: skip
    (repo / "templates" / "project" / "Makefile").write_text("# changed\n")
    major, minor, patch = __version__.split(".")
    version = f"{major}.{minor}.{int(patch) + 1}"

    refused = _release(repo, version)
    assert refused.returncode == 2
    assert "CHANGELOG.md has nothing under '## Unreleased'" in refused.stderr

    changelog.write_text(changelog.read_text().replace("## Unreleased", "## Unreleased\n\n- A change.", 1))
    done = _release(repo, version)
    assert done.returncode == 0, done.stderr
    assert f'__version__ = "{version}"' in (repo / "scaffold" / "__init__.py").read_text()
    assert re.search(rf"^## Unreleased\n\n## {version} \(\d{{4}}-\d\d-\d\d\)\n\n- A change\.", changelog.read_text(),
                     flags=re.MULTILINE)  # fmt: skip
    history = tmp_path / "check"
    store.init_repo(history)
    store.import_bundle(history, repo / "scaffold" / "history" / "templates.bundle")
    assert store.tree_of(history, f"v{version}") == store.write_tree(history, repo / "templates")
    assert set(store.tags(history)) == {f"v{v}" for v in [*_changelog_versions(), version]}


def test_a_release_refuses_an_unchanged_template_and_a_lower_version(tmp_path: Path) -> None:
    bundle = tmp_path / "history.bundle"
    store.add_release(bundle, TEMPLATES, "1.0.0")
    with pytest.raises(ScaffoldError, match=r"unchanged since v1\.0\.0"):
        store.add_release(bundle, TEMPLATES, "1.0.1")
    changed = copy_templates(tmp_path / "changed")
    (changed / "project" / "Makefile").write_text("# changed\n")
    with pytest.raises(ScaffoldError, match=r"not above the latest release v1\.0\.0"):
        store.add_release(bundle, changed, "0.9.0")
    store.add_release(bundle, changed, "1.1.0")
