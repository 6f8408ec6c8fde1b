"""Release the current templates/ as a new scaffold version.

    uv run python scripts/release.py 0.2.0      (or: make release VERSION=0.2.0)

Bumps the version in scaffold/__init__.py, appends the current template to the shipped history
(scaffold/history/templates.bundle) as a commit tagged v<version> with a fixed author and date, and turns the
CHANGELOG's "Unreleased" section into the entry for this version. Every change to templates/ is released this
way, so that projects made by an earlier version can `scaffold update` to it.
"""

from __future__ import annotations

import datetime
import re
import sys
from pathlib import Path

from scaffold import store
from scaffold.errors import ScaffoldError

ROOT = Path(__file__).resolve().parent.parent
INIT = ROOT / "scaffold" / "__init__.py"
CHANGELOG = ROOT / "CHANGELOG.md"
BUNDLE = ROOT / "scaffold" / "history" / "templates.bundle"
UNRELEASED = "## Unreleased"


class ReleaseError(Exception):
    pass


def unreleased_notes(changelog: str) -> str:
    match = re.search(rf"^{UNRELEASED}\n(.*?)(?=^## |\Z)", changelog, flags=re.MULTILINE | re.DOTALL)
    notes = match.group(1).strip() if match else ""
    if not notes:
        raise ReleaseError(f"CHANGELOG.md has nothing under '{UNRELEASED}': say what this release brings a user")
    return notes


def release(version: str, today: datetime.date) -> None:
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise ReleaseError(f"version {version!r} must look like 1.2.3")
    changelog = CHANGELOG.read_text()
    unreleased_notes(changelog)
    store.add_release(BUNDLE, ROOT / "templates", version)
    INIT.write_text(re.sub(r'__version__ = "[^"]+"', f'__version__ = "{version}"', INIT.read_text()))
    CHANGELOG.write_text(changelog.replace(UNRELEASED, f"{UNRELEASED}\n\n## {version} ({today.isoformat()})", 1))


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        release(sys.argv[1], datetime.date.today())
    except (ReleaseError, ScaffoldError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"Released {sys.argv[1]}: commit scaffold/__init__.py, scaffold/history/templates.bundle and CHANGELOG.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
