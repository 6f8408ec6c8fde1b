"""The README says what the CLI does: its commands, options and answers match the real ones."""

from __future__ import annotations

import re

from scaffold import names
from scaffold.cli import app
from tests.conftest import REPO, run

README = (REPO / "README.md").read_text()


def _commands() -> set[str]:
    return {
        command.name or (command.callback.__name__ if command.callback else "") for command in app.registered_commands
    }


def test_the_readme_opens_with_the_two_set_up_commands() -> None:
    first_block = re.search(r"```bash\n(.*?)```", README, flags=re.DOTALL)
    assert first_block and README.index("```bash") < README.index("## ")
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines()]
    assert commands == ["make demo", "make test"]
    makefile = (REPO / "Makefile").read_text()
    assert re.search(r"^demo:", makefile, flags=re.MULTILINE) and re.search(r"^test:", makefile, flags=re.MULTILINE)
    ci = (REPO / ".ci" / "run").read_text()
    assert "make test" in ci


def test_every_command_is_documented_and_every_documented_command_exists() -> None:
    documented = set(re.findall(r"\$ scaffold ([a-z]+)", README))
    assert documented == _commands()


def test_every_documented_option_exists() -> None:
    help_text = {command: run(command, "--help").output for command in _commands()}
    help_text[""] = run("--help").output
    for option in set(re.findall(r"`(--?[a-z][a-z-]*)", README)):
        assert any(option in text for text in help_text.values()), f"{option} is in the README but no command has it"


def test_the_documented_answers_are_the_real_questions() -> None:
    paragraph = README[README.index("`new` takes") : README.index("Names are checked")]
    assert set(re.findall(r"`([a-z]+_[a-z_]+|license|description|seed)`", paragraph)) == set(names.CHECKS)
    for value in (*names.LICENSES, *names.PYTHON_VERSIONS):
        assert value in paragraph
