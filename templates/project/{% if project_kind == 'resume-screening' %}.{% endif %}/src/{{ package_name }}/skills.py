"""Skills found in a text, from the vocabulary shipped beside this module (skills.csv: each skill's
canonical name, its aliases and its area, written by hand for this project).

A skill is found by its name or any alias, case-insensitively, and only as a whole term: "R" is
not found in "React" or "R&D", "Java" not in "JavaScript", "Node" not in "Node.js". Names that are
also everyday words ("Go", "Excel", "Spark", "Lean", ...) and names of one or two characters are
matched only as written, so "go to market" or "excel at" find nothing. Every match keeps its
evidence: the sentence it was found in, cut to about 80 characters either side.
"""

import csv
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

VOCABULARY_FILE = "skills.csv"
EVIDENCE_CHARS = 80
# Skill names that are ordinary words too: matched with the capitals the vocabulary writes.
EVERYDAY_WORDS = frozenset(
    {"Go", "Rust", "Ruby", "Rails", "Excel", "Spark", "Lean", "Hive", "Tally", "Flask", "Jest",
     "Lambda", "Airflow", "Scala", "Oracle"}
)  # fmt: skip
# A term continues through letters, digits and these; "." or "-" continue it only before a letter
# or digit (so "Node.js" is one term, while "Python." at the end of a sentence ends at the dot).
TERM_CHARS = r"\w+#&"
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n|\s[-*•]\s")


@dataclass(frozen=True)
class SkillMatch:
    """One skill found in a text: its canonical name and where; `evidence` is the sentence
    around it, worked out only when asked for (most mentions are counted, not shown).
    """

    skill: str
    start: int
    end: int
    text: str = field(repr=False, compare=False)

    @cached_property
    def evidence(self) -> str:
        return evidence(self.text, self.start, self.end)


@dataclass(frozen=True)
class Skill:
    name: str
    aliases: tuple[str, ...]
    area: str


class Vocabulary:
    """The skills a text is searched for; `find` lists every mention, `skills_in` the names."""

    def __init__(self, skills: list[Skill]) -> None:
        if not skills:
            raise ValueError("a vocabulary needs at least one skill")
        self.skills = skills
        self.by_name = {skill.name: skill for skill in skills}
        self.canonical: dict[str, str] = {}
        for skill in skills:
            for term in (skill.name, *skill.aliases):
                self.canonical[fold(term)] = skill.name
        self.pattern = build_pattern([t for s in skills for t in (s.name, *s.aliases)])

    @classmethod
    def load(cls, path: Path | None = None) -> "Vocabulary":
        """The shipped vocabulary (cached), or the one in a CSV with the same columns."""
        if path is None:
            return shipped_vocabulary()
        return cls(read_skills(path.read_text(encoding="utf-8")))

    @property
    def names(self) -> list[str]:
        return [skill.name for skill in self.skills]

    def find(self, text: str) -> list[SkillMatch]:
        """Every mention of a skill in `text`, in order, with the sentence around it."""
        return [
            SkillMatch(self.canonical[key], *match.span(), text)
            for match in self.pattern.finditer(text)
            if (key := fold(match.group())) in self.canonical
        ]

    def skills_in(self, text: str) -> list[str]:
        """The distinct skills `text` mentions, in the order of their first mention."""
        return list(dict.fromkeys(match.skill for match in self.find(text)))

    def resolve(self, names: list[str]) -> list[str]:
        """Canonical names for names or aliases a person typed (unknown ones kept as typed)."""
        return [
            self.canonical.get(fold(name.strip()), name.strip()) for name in names if name.strip()
        ]


def fold(term: str) -> str:
    """The key a term is looked up by: case-folded, except for terms matched only as written."""
    return term if is_exact(term) else term.casefold()


def is_exact(term: str) -> bool:
    return len(term) <= 2 or term in EVERYDAY_WORDS


def build_pattern(terms: list[str]) -> re.Pattern[str]:
    """One regular expression for every term, each bounded so that it is not part of a longer
    word. The terms are laid out as a tree of their characters (a trie), which the regex engine
    walks in one pass instead of trying hundreds of alternatives at every position; the longest
    term that fits wins ("ASP.NET" over ".NET", "SAP FICO" over "SAP").
    """
    exact = {term for term in terms if is_exact(term)}
    loose = {term.casefold() for term in terms if not is_exact(term)}
    before = rf"(?<![{TERM_CHARS}])(?<![{TERM_CHARS}][.\-])"
    after = rf"(?![{TERM_CHARS}])(?![.\-][^\W_])"
    parts = []
    if loose:
        parts.append(f"(?i:{trie_pattern(loose)})")
    if exact:
        parts.append(trie_pattern(exact))
    return re.compile(rf"{before}(?:{'|'.join(parts)}){after}")


def trie_pattern(terms: set[str]) -> str:
    """A regex matching exactly `terms`, longer continuations tried first."""
    trie: dict[str, Any] = {}
    for term in terms:
        node = trie
        for char in term:
            node = node.setdefault(char, {})
        node[""] = {}
    return branch(trie)


def branch(node: dict[str, Any]) -> str:
    choices = [re.escape(char) + branch(node[char]) for char in sorted(node) if char]
    if not choices:
        return ""
    body = choices[0] if len(choices) == 1 else f"(?:{'|'.join(choices)})"
    return f"(?:{body})?" if "" in node else body  # a term may end here


def evidence(text: str, start: int, end: int) -> str:
    """The sentence (or line, or list item) holding text[start:end], at most EVIDENCE_CHARS
    either side of it, on one line.
    """
    left = max(0, start - EVIDENCE_CHARS)
    right = min(len(text), end + EVIDENCE_CHARS)
    breaks_before = [m.end() for m in SENTENCE_END.finditer(text, left, start)]
    sentence_start = breaks_before[-1] if breaks_before else left
    after = SENTENCE_END.search(text, end, right)
    sentence_end = after.start() if after else right
    snippet = " ".join(text[sentence_start:sentence_end].split())
    cut_left = "…" if sentence_start == left and left > 0 else ""
    cut_right = "…" if sentence_end == right and right < len(text) else ""
    return f"{cut_left}{snippet}{cut_right}"


def read_skills(content: str) -> list[Skill]:
    rows = csv.DictReader(content.splitlines())
    missing = {"skill", "aliases", "area"} - set(rows.fieldnames or [])
    if missing:
        raise ValueError(f"a skills vocabulary needs the columns skill, aliases, area: {missing}")
    return [
        Skill(
            row["skill"].strip(),
            tuple(alias.strip() for alias in row["aliases"].split("|") if alias.strip()),
            row["area"].strip(),
        )
        for row in rows
        if row["skill"].strip()
    ]


@cache
def shipped_vocabulary() -> Vocabulary:
    content = resources.files(__package__).joinpath(VOCABULARY_FILE).read_text(encoding="utf-8")
    return Vocabulary(read_skills(content))
