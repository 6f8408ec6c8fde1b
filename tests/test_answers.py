"""Free-text answers are data: whatever a user types, each file shows it literally and no code runs from it."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from scaffold import names
from tests.conftest import run

# Each is used as the description and (without its commas, which package metadata cannot hold) as the author's name:
# both reach Python, TOML, YAML, Markdown and the licence.
HOSTILE = {
    "double-quotes": 'Predict "churn" for the "bank"',
    "ends-with-quote": 'Say "hi"',
    "ends-with-backslash": "A path like C:\\",
    "backslash-escapes": "Churn model for A\\N testing, C:\\xdata, \\u0041 and \\n",
    "docstring-injection": 'x"""; import pathlib; pathlib.Path("PWNED").touch(); """',
    "single-quote-injection": "x'''; import pathlib; pathlib.Path('PWNED').touch(); '''",
    "markdown-heading": "# Not a heading",
    "markdown-quote-list": "> quoted - * + 1. 2) list",
    "ordered-list": "1. first item",
    "list": "- a list item",
    "html": "<script>alert(1)</script> <b>bold</b> &amp; &copy;",
    "link": "[click](javascript:alert(1)) ![img](x.png) <https://example.com>",
    "emphasis": "*bold* _em_ `code` ~~strike~~ $x^2$ | a | b | {braces}",
    "yaml-specials": "key: value # comment &anchor *alias !tag @at %pct ? - [a, b] {c: d}",
    "toml-specials": "a = 'b' [table] [[array]] ''' \"\"\" \\t",
    "unicode": "Zoë 日本語 🚀 \U0001d518 ünïcödé",  # one emoji and one letter outside the BMP
    "jinja-lookalike": "{ {x} } %} #} $((1+1))",
    "spaces": "    leading and trailing spaces   ",
}  # fmt: skip
REFUSED = {
    "bidi-override": "evil\u202etxt.py",
    "bidi-isolate": "a\u2066b\u2069",
    "line-separator": "one\u2028two",
    "delete": "a\x7fb",
    "c1-control": "a\x85b",
    "jinja": "{{ 7 * 7 }}",
    "jinja-block": "{% if true %}x{% endif %}",
}


def _author(value: str) -> str:
    return value.replace(",", "")


def _generate(value: str) -> Path:
    result = run("new", "churn-predictor", "proj", "-y", "--no-git", "--no-lock",
                 "-d", f"description={value}", "-d", f"author_name={_author(value)}")  # fmt: skip
    assert result.exit_code == 0, result.output
    return Path("proj").absolute()


def _readme_paragraph(readme: str) -> str:
    """The text of the paragraph below the title, as Markdown (with GitHub's tables and strikethrough) reads it."""
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(readme)
    assert [token.type for token in tokens[:4]] == ["heading_open", "inline", "heading_close", "paragraph_open"]
    children = tokens[4].children or []
    markup = [child.type for child in children if child.type != "text"]
    assert not markup, f"the description became markup: {markup}"
    return "".join(child.content for child in children)


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_answer_is_shown_literally_everywhere(workdir: Path, value: str) -> None:
    assert names.check_text(value) is None and names.check_author_name(_author(value)) is None
    project = _generate(value)
    for path in project.rglob("*.py"):
        ast.parse(path.read_text(), str(path))
    for path in project.rglob("*.toml"):
        tomllib.loads(path.read_text())
    for path in [*project.rglob("*.yml"), *project.rglob("*.yaml")]:
        yaml.safe_load(path.read_text())

    pyproject = tomllib.loads((project / "pyproject.toml").read_text())["project"]
    assert (pyproject["description"], pyproject["authors"][0]["name"]) == (value, _author(value))
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert (answers["description"], answers["author_name"]) == (value, _author(value))
    assert re.search(
        rf"^Copyright \(c\) \d{{4}} {re.escape(_author(value))}$", (project / "LICENSE").read_text(), re.MULTILINE
    )
    assert _readme_paragraph((project / "README.md").read_text()) == value.strip()

    # Importing the package runs no code from the answer, and its docstring holds the answer.
    docstring = subprocess.run(
        [sys.executable, "-c", "import proj; print(proj.__doc__)"], cwd=project / "src", capture_output=True, text=True
    )
    assert docstring.returncode == 0, docstring.stderr
    assert not (project / "src" / "PWNED").exists(), "the description ran as code"
    assert docstring.stdout.split() == value.split()
    init = str(project / "src" / "proj" / "__init__.py")
    for command in (["check", init], ["format", "--check", init]):
        lint = subprocess.run([sys.executable, "-m", "ruff", *command], cwd=project, capture_output=True, text=True)
        assert lint.returncode == 0, lint.stdout + lint.stderr


def test_the_longest_description_full_of_quotes_stays_within_the_line_length(workdir: Path) -> None:
    value = ('"quoted" \\ ' * 20)[: names.MAX_TEXT_LENGTH]
    project = _generate(value)
    init = project / "src" / "proj" / "__init__.py"
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", str(init)], cwd=project, capture_output=True, text=True
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert max(len(line) for line in init.read_text().splitlines()) <= 100


@pytest.mark.parametrize("value", REFUSED.values(), ids=REFUSED.keys())
@pytest.mark.parametrize("key", ["description", "author_name"])
def test_text_no_file_can_show_literally_is_refused(workdir: Path, key: str, value: str) -> None:
    result = run("new", "churn-predictor", "proj", "-y", "--no-git", "--no-lock", "-d", f"{key}={value}")
    assert result.exit_code == 2
    assert result.output.startswith("error: ") and result.output.count("\n") == 1, result.output
    assert not Path("proj").exists()


def test_an_author_name_with_a_comma_is_refused(workdir: Path) -> None:
    result = run("new", "churn-predictor", "proj", "-y", "--no-git", "--no-lock", "-d", "author_name=Lovelace, Ada")
    assert result.exit_code == 2
    assert "must not contain a comma" in result.output and result.output.count("\n") == 1, result.output
    assert not Path("proj").exists()
