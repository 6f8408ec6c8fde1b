"""The local git template store, and the template history shipped with the package.

Copier's update re-renders a project at the template version it was made from, so it needs a git history that
still holds that version. A wheel has no .git, so the package ships every released template as a git bundle and
keeps a local, non-bare store at a fixed ``~``-relative path (the same ``_src_path`` on every machine). Release
commits have a fixed author and date, so a version's commit is the same everywhere.
"""

from __future__ import annotations

import fcntl
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from packaging.version import Version

from scaffold import __version__, git
from scaffold.errors import ScaffoldError

STORE_SOURCE = "~/.cache/scaffold/template-store"
ANSWERS_FILE = ".copier-answers.yml"
PACKAGE_DIR = Path(__file__).resolve().parent
SHIPPED_BUNDLE = PACKAGE_DIR / "history" / "templates.bundle"
RELEASE_TAG = re.compile(r"^v\d+\.\d+\.\d+$")
RELEASE_IDENTITY = {
    "GIT_AUTHOR_NAME": "scaffold release",
    "GIT_AUTHOR_EMAIL": "release@scaffold.invalid",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00+0000",
    "GIT_COMMITTER_NAME": "scaffold release",
    "GIT_COMMITTER_EMAIL": "release@scaffold.invalid",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00+0000",
}
# Written next to template files by tools (pip compiles the installed template's .py files); never template content.
IGNORED_DIRS = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}
IGNORED_SUFFIXES = {".pyc", ".pyo"}


@dataclass(frozen=True)
class TemplateSource:
    """Where the template of one tool version comes from: its files, the released history, its version."""

    templates: Path
    bundle: Path
    version: str

    @classmethod
    def installed(cls) -> TemplateSource:
        packaged = PACKAGE_DIR / "templates"
        templates = packaged if packaged.is_dir() else PACKAGE_DIR.parent / "templates"
        bundle = Path(os.environ.get("SCAFFOLD_HISTORY_BUNDLE", SHIPPED_BUNDLE))
        return cls(templates=templates, bundle=bundle, version=__version__)


def store_path() -> Path:
    return Path(STORE_SOURCE).expanduser()


def tag_version(tag: str) -> Version:
    return Version(tag.removeprefix("v"))


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` so that two scaffold processes never change the store at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def template_files(templates: Path) -> list[str]:
    """Relative paths of the template's own files, sorted; caches and compiled files left out."""
    files = []
    for path in templates.rglob("*"):
        relative = path.relative_to(templates)
        if path.is_file() and not IGNORED_DIRS & set(relative.parts) and path.suffix not in IGNORED_SUFFIXES:
            files.append(relative.as_posix())
    return sorted(files)


def write_tree(repo: Path, templates: Path) -> str:
    """Store the template's files as a git tree in ``repo`` and return its id.

    Every file gets mode 100644 and no filter is applied, so the id depends on the contents alone and is the
    same for a source checkout and an installed wheel.
    """
    files = template_files(templates)
    if not files:
        raise ScaffoldError(f"no template files found in {templates}: the installation is incomplete")
    paths = "\n".join(str(templates / name) for name in files) + "\n"
    blobs = git.run(["hash-object", "-w", "--no-filters", "--stdin-paths"], cwd=repo, input_text=paths).split()
    index_info = "".join(f"100644 {blob}\t{name}\0" for blob, name in zip(blobs, files, strict=True))
    with tempfile.TemporaryDirectory() as tmp:
        env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        git.run(["update-index", "-z", "--add", "--index-info"], cwd=repo, env=env, input_text=index_info)
        return git.run(["write-tree"], cwd=repo, env=env).strip()


def commit_tree(repo: Path, tree: str, message: str, parent: str | None) -> str:
    args = ["commit-tree", tree, "-m", message, *(["-p", parent] if parent else [])]
    return git.run(args, cwd=repo, env=RELEASE_IDENTITY).strip()


def tags(repo: Path) -> dict[str, str]:
    """Tag name to commit id."""
    out = git.run(["for-each-ref", "refs/tags", "--format=%(refname:strip=2) %(objectname)"], cwd=repo)
    return dict(line.split(" ", 1) for line in out.splitlines() if line)


def bundle_tags(repo: Path, bundle: Path) -> dict[str, str]:
    if not bundle.is_file():
        return {}
    out = git.run(["bundle", "list-heads", str(bundle)], cwd=repo)
    heads = (line.split(" ", 1) for line in out.splitlines() if line)
    return {ref.removeprefix("refs/tags/"): sha for sha, ref in heads if ref.startswith("refs/tags/")}


def latest_release(repo_tags: dict[str, str], below_or_at: str | None = None) -> str | None:
    releases = [tag for tag in repo_tags if RELEASE_TAG.match(tag)]
    if below_or_at is not None:
        releases = [tag for tag in releases if tag_version(tag) <= Version(below_or_at)]
    return max(releases, key=tag_version, default=None)


def tree_of(repo: Path, commit: str) -> str:
    return git.run(["rev-parse", f"{commit}^{{tree}}"], cwd=repo).strip()


def init_repo(repo: Path) -> None:
    if not (repo / ".git").is_dir():
        repo.mkdir(parents=True, exist_ok=True)
        git.run(["init", "--quiet", str(repo)], cwd=repo)
        git.run(["config", "gc.auto", "0"], cwd=repo)


def import_bundle(repo: Path, bundle: Path) -> None:
    """Make the repository hold every tag of the bundle; released tags in the bundle are authoritative."""
    wanted = bundle_tags(repo, bundle)
    have = tags(repo)
    if any(have.get(tag) != sha for tag, sha in wanted.items()):
        git.run(["fetch", "--quiet", "--force", "--no-tags", str(bundle), "+refs/tags/*:refs/tags/*"], cwd=repo)


def ensure_ref(source: TemplateSource) -> str:
    """Make the store hold the shipped history and this tool's template; return the tag to render from.

    The tag is ``v<version>`` when the installed templates are that released tree. A development tree that differs
    from its released version (or whose version is not released yet) never touches a released tag: it gets its
    own local tag, ``v<version>+local.<tree id>``, on top of the latest release it follows.
    """
    store = store_path()
    with locked(store.parent / "template-store.lock"):
        init_repo(store)
        import_bundle(store, source.bundle)
        tree = write_tree(store, source.templates)
        repo_tags = tags(store)
        release = f"v{source.version}"
        if release in repo_tags and tree_of(store, repo_tags[release]) == tree:
            return release
        local = f"{release}+local.{tree[:12]}"
        if local not in repo_tags:
            parent_tag = latest_release(repo_tags, below_or_at=source.version)
            parent = repo_tags[parent_tag] if parent_tag else None
            commit = commit_tree(store, tree, f"scaffold template {source.version} (development tree)", parent)
            git.run(["tag", local, commit], cwd=store)
        return local


def has_ref(ref: str) -> bool:
    store = store_path()
    return (store / ".git").is_dir() and ref in tags(store)


def add_release(bundle: Path, templates: Path, version: str) -> None:
    """Rewrite ``bundle`` with every tag it had plus v<version> holding ``templates``."""
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "history"
        init_repo(repo)
        import_bundle(repo, bundle)
        repo_tags = tags(repo)
        latest = latest_release(repo_tags)
        if latest and tag_version(latest) >= Version(version):
            raise ScaffoldError(f"version {version} is not above the latest release {latest}")
        tree = write_tree(repo, templates)
        if latest and tree_of(repo, repo_tags[latest]) == tree:
            raise ScaffoldError(f"templates/ is unchanged since {latest}: nothing to release")
        commit = commit_tree(repo, tree, f"scaffold template {version}", repo_tags[latest] if latest else None)
        git.run(["tag", f"v{version}", commit], cwd=repo)
        new_bundle = Path(tmp) / "templates.bundle"
        git.run(["bundle", "create", "--quiet", str(new_bundle), "--tags"], cwd=repo)
        bundle.parent.mkdir(parents=True, exist_ok=True)
        bundle.write_bytes(new_bundle.read_bytes())
