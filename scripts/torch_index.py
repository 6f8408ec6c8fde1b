"""For machines that reach PyPI but not the PyPI CPU index (this tool's CI): stand in for it.

Image-classification projects install torch from the named index `pytorch-cpu`
(https://download.pytorch.org/whl/cpu). Where that host is unreachable but its wheel lies on disk (the folders in
PIP_FIND_LINKS), this writes a one-package PEP 503 index, <folder>/torch/index.html, linking each torch wheel there
by file:// URL with its sha256, and prints the value for uv's environment that replaces the named index:

    export UV_INDEX="$(python3 scripts/torch_index.py /tmp/scaffold-torch-index)"

Keep the variable, with the same folder, for every uv command of the run: a lock written with it names the folder,
and uv re-resolves such a lock without it. Such a lock is for this machine only (`scaffold new` says so). Exits 1
when no torch wheel is found. Standard library only: it runs before any environment exists.
"""

import hashlib
import os
import sys
import urllib.parse
from pathlib import Path


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: torch_index.py <folder>", file=sys.stderr)
        return 2
    index = Path(sys.argv[1]).resolve()
    folders = [Path(entry) for entry in os.environ.get("PIP_FIND_LINKS", "").split() if Path(entry).is_dir()]
    wheels = sorted(wheel for folder in folders for wheel in folder.glob("torch-*.whl"))
    if not wheels:
        searched = " ".join(map(str, folders)) or "no folder"
        print(f"torch_index: no torch wheel in PIP_FIND_LINKS ({searched})", file=sys.stderr)
        return 1
    links = [
        f'<a href="file://{urllib.parse.quote(str(wheel.resolve()))}#sha256={sha256(wheel)}">{wheel.name}</a>'
        for wheel in wheels
    ]
    (index / "torch").mkdir(parents=True, exist_ok=True)
    page = "<!DOCTYPE html>\n<html><body>\n" + "\n".join(links) + "\n</body></html>\n"
    (index / "torch" / "index.html").write_text(page)
    print(f"pytorch-cpu={index.as_uri()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
