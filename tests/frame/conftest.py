"""The frame is tested where it lives: templates/project/src on the import path, no rendering."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "templates" / "project" / "src"))
