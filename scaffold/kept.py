"""Files the new template version moved or deleted that the learner had edited: kept where they are, and listed.

Copier's update deletes every file the old version rendered and the new one does not, edited or not (with a folder
the new version no longer has, every file of the old version's folder goes; files the learner added there stay), and
says nothing. A moved file arrives at its new path as the template has it, without the learner's edit. So `update`
puts back, in its clone, each such file whose committed content differs from the old version's render, and names it
with the path the template moved it to, if it moved. A file the learner left as rendered goes, as Copier does.
"""

from __future__ import annotations

import difflib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from scaffold import git
from scaffold.apply import LITERAL
from scaffold.renames import TemplateChanges

# A deleted file and an added one are a move when the added file's lines are at least this similar to the deleted
# file's old lines (difflib's ratio); git calls a delete and an add a rename from the same 50%. A file that keeps its
# name in another folder needs less: a module moved and rewritten (cli.py into the frame: 28%) is still its move.
MOVE_SIMILARITY = 0.5
SAME_NAME_SIMILARITY = 0.2


@dataclass(frozen=True)
class KeptFile:
    path: str
    moved_to: str | None = None

    def __str__(self) -> str:
        if self.moved_to is None:
            return f"{self.path} (the template no longer has it: yours is kept)"
        return f"{self.path} (the template moved it to {self.moved_to}: carry your change over, then delete this one)"


def keep_edited(seen: TemplateChanges, tracked: set[str], work: Path) -> list[KeptFile]:
    """Put back in ``work`` the files the template no longer has that the project had edited; say where each moved.

    ``work`` is the project's throw-away clone after Copier's update, whose HEAD is the project's last commit.
    """
    edited = [name for name in sorted(seen.deleted) if name in tracked and _committed(work, name) != seen.deleted[name]]
    if not edited:
        return []
    git.run(["-c", f"core.hooksPath={os.devnull}", "checkout", "HEAD", "--", *edited], cwd=work, env=LITERAL)
    moves = move_targets({name: seen.deleted[name] for name in edited}, seen.added)
    return [KeptFile(name, moves.get(name)) for name in edited]


def _committed(work: Path, name: str) -> bytes:
    shown = subprocess.run(["git", "cat-file", "blob", f"HEAD:./{name}"], cwd=work, capture_output=True, check=True)
    return shown.stdout


def move_targets(deleted: dict[str, bytes], added: dict[str, bytes]) -> dict[str, str]:
    """``{deleted path: added path}`` for the deleted files that moved: the added file most similar to each.

    Similarity is difflib's ratio between the old and the new lines, at least MOVE_SIMILARITY, or SAME_NAME_SIMILARITY
    for a file of the same name; a file with the same name wins a tie; each added file is the new place of one deleted
    file at most, the most similar one.
    """
    pairs = []
    for old_name, old_content in deleted.items():
        old_lines = _lines(old_content)
        for new_name, new_content in added.items():
            same_name = PurePosixPath(old_name).name == PurePosixPath(new_name).name
            least = SAME_NAME_SIMILARITY if same_name else MOVE_SIMILARITY
            similarity = _similarity(old_content, old_lines, new_content, least)
            if similarity >= least:
                pairs.append((similarity, same_name, old_name, new_name))
    moves: dict[str, str] = {}
    for _, _, old_name, new_name in sorted(pairs, reverse=True):
        if old_name not in moves and new_name not in moves.values():
            moves[old_name] = new_name
    return moves


def _similarity(old_content: bytes, old_lines: list[str], new_content: bytes, least: float) -> float:
    if old_content == new_content:
        return 1.0
    matcher = difflib.SequenceMatcher(None, old_lines, _lines(new_content), autojunk=False)
    if matcher.real_quick_ratio() < least or matcher.quick_ratio() < least:
        return 0.0
    return matcher.ratio()


def _lines(content: bytes) -> list[str]:
    return content.decode(errors="replace").splitlines()
