"""This project, described once for the frame: two tasks, each a subpackage with its own
description (frame.contract.Project): `failure` (will this milling process end in a machine
failure?) and `rul` (how many cycles has this engine left?). frame.tasks makes them one command
line (`PROJECT.main`, `--task` before the command) and one service (`PROJECT.create_app`: every
task's routes and models).
"""

from frame.tasks import Tasks

from .failure.project import PROJECT as FAILURE
from .rul.project import PROJECT as RUL

PROJECT = Tasks(__name__.partition(".")[0], {"failure": FAILURE, "rul": RUL})
