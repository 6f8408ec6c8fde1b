"""`scaffold new` on a terminal: Copier's questions, its own validation of typed answers, and Ctrl-C."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pexpect
import yaml

SCAFFOLD = str(Path(sys.executable).parent / "scaffold")
DOWN, CLEAR_LINE, CTRL_C = "\x1b[B", "\x15", "\x03"


def _spawn(workdir: Path, *args: str) -> pexpect.spawn:
    return pexpect.spawn(SCAFFOLD, ["new", "churn-predictor", *args], cwd=str(workdir), encoding="utf-8",
                         timeout=30, dimensions=(40, 200))  # fmt: skip


def test_typed_answers_are_validated_by_copier_and_used(workdir: Path) -> None:
    child = _spawn(workdir, "dest", "--no-lock")
    child.expect("Project name")
    child.send("Bad Name\r")
    child.expect("use lowercase letters, digits and single hyphens")
    child.send(CLEAR_LINE + "telco-churn\r")
    for question in ("Python import name", "One-line description", "Author name", "Author e-mail"):
        child.expect(question)
        child.send("\r")
    child.expect("Licence")
    child.send(DOWN + "\r")
    child.expect("Python version")
    child.send("\r")
    child.expect("Seed")
    child.logfile_read = shown = io.StringIO()
    child.send("\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    answers = yaml.safe_load((workdir / "dest" / ".copier-answers.yml").read_text())
    assert (answers["project_name"], answers["package_name"], answers["license"]) == (
        "telco-churn", "telco_churn", "Apache-2.0",
    )  # fmt: skip
    assert 1 <= answers["seed"] <= 99_999 and str(answers["seed"]) in shown.getvalue(), "the drawn seed was offered"
    assert (workdir / "dest" / "src" / "telco_churn").is_dir()


def test_the_destination_name_is_the_offered_default(workdir: Path) -> None:
    child = _spawn(workdir, "bank-churn", "--no-lock")
    child.expect("Project name")
    child.expect("bank-churn")
    child.send(CTRL_C)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert "interrupted: nothing was changed" in str(child.before)
    assert list(workdir.iterdir()) == [], "Ctrl-C at a prompt leaves nothing"


def test_reanswer_asks_again_and_applies_the_new_answers(workdir: Path) -> None:
    child = _spawn(workdir, "proj", "--no-lock", "--defaults")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    child = pexpect.spawn(SCAFFOLD, ["update", "proj", "--reanswer"], cwd=str(workdir), encoding="utf-8", timeout=60,
                          dimensions=(40, 200))  # fmt: skip
    for question in ("Project name", "Python import name", "One-line description", "Author name", "Author e-mail"):
        child.expect(question)
        child.send("\r")
    seed = yaml.safe_load((workdir / "proj" / ".copier-answers.yml").read_text())["seed"]
    child.expect("Licence")
    child.send(DOWN + DOWN + "\r")
    child.expect("Python version")
    child.send("\r")
    child.expect("Seed")
    child.expect(str(seed))
    child.send("\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert "  LICENSE" in str(child.before) and "  pyproject.toml" in str(child.before)
    assert (workdir / "proj" / "LICENSE").read_text().startswith("BSD 3-Clause License")
    answers = yaml.safe_load((workdir / "proj" / ".copier-answers.yml").read_text())
    assert answers["license"] == "BSD-3-Clause"
    assert answers["seed"] == seed, "the project keeps its seed"
