"""The frame is tested where it lives: templates/project/src goes on the path, so `import frame` finds the
plain-Python sources every generated project copies, with nothing rendered.
"""

import sys
from pathlib import Path

FRAME_SOURCES = Path(__file__).resolve().parents[2] / "templates" / "project" / "src"

if str(FRAME_SOURCES) not in sys.path:
    sys.path.insert(0, str(FRAME_SOURCES))
