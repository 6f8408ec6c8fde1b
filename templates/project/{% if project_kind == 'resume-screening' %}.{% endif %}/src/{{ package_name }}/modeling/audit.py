"""The responsible-use checks of the evaluation.

- The bias audit, in the style of New York City's Local Law 144 (automated employment decision
  tools): at the shortlist cut (each test job's top n), the selection rate of every synthetic
  group (shortlisted / ranked), its impact ratio (its rate over the highest group's), and a flag
  under the four-fifths rule. The group is never a feature: it is read here only.
- The counterfactual check: the same resumes with another name and with pronouns and gendered
  words swapped ("he" and "she", "chairman" and "chairwoman"), through the whole Screener (which
  cleans them first, as it does any raw text); how far the category probabilities and the
  ranking scores move.
"""

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..redaction import clean
from .classifiers import GENDERED_PAIRS
from .predict import Screener
from .ranking import Pool, job_lists, order, skills_in, weighted

SMALL_GROUP = 0.02  # Local Law 144 lets an audit leave out groups under 2% of the data
SWAPS: dict[str, str] = {}  # each gendered word to its partner, from its first pair
for first, second in GENDERED_PAIRS:
    SWAPS.setdefault(first, second)
    SWAPS.setdefault(second, first)
# Lower case and capitalised only: in capitals they are acronyms ("MS Office", "HE" for higher
# education), which are not about anyone's gender.
WORDS = sorted([*SWAPS, *(word.capitalize() for word in SWAPS)], key=len, reverse=True)
GENDERED = re.compile(r"\b(" + "|".join(WORDS) + r")\b")
# Names that signal different genders and origins (after Bertrand and Mullainathan, 2004): each
# resume is read once with a name from the left and once with its partner from the right.
NAME_PAIRS = [
    ("Greg Baker", "Lakisha Washington"),
    ("Emily Walsh", "Jamal Jones"),
    ("Brad Sullivan", "Aisha Mohammed"),
    ("Anne Murphy", "Wei Zhang"),
    ("Todd Miller", "Maria Hernandez"),
]
NAME = "[NAME]"


def swap_gendered(text: str) -> str:
    """Every gendered word replaced by its partner, keeping a capital ("He" becomes "She")."""

    def swapped(match: re.Match[str]) -> str:
        word = match.group(0)
        other = SWAPS[word.lower()]
        return other.capitalize() if word[0].isupper() else other

    return GENDERED.sub(swapped, text)


def with_name(text: str, name: str) -> str:
    """A resume as it would arrive: `name` on its first line and wherever it was redacted."""
    return f"{name}\n{text.replace(NAME, name)}"


def counterfactual_pair(text: str, index: int) -> tuple[str, str]:
    """The resume with one name, and with its partner name and the gendered words swapped."""
    first, second = NAME_PAIRS[index % len(NAME_PAIRS)]
    return with_name(text, first), swap_gendered(with_name(text, second))


def summary(changes: np.ndarray) -> dict[str, float]:
    values = np.abs(changes)
    if values.size == 0:
        return {"max": 0.0, "mean": 0.0, "p95": 0.0}
    return {
        "max": float(values.max()),
        "mean": float(values.mean()),
        "p95": float(np.quantile(values, 0.95)),
    }


def score_changes(
    screener: Screener, jobs: pd.DataFrame, originals: list[str], swapped: list[str]
) -> np.ndarray:
    """Every job's score of every resume, swapped minus original (jobs x resumes)."""
    ranker, vocabulary = screener.ranker, screener.vocabulary
    read = [ranker.read(texts, skills_in(texts, vocabulary)) for texts in (originals, swapped)]
    changes = []
    for job in jobs.itertuples():
        must, nice = job_lists(job)
        description = clean(str(job.description))
        before, after = (ranker.scores(ranker.parts(description, r, must, nice)) for r in read)
        changes.append(after - before)
    return np.asarray(changes)


def counterfactual_check(
    screener: Screener, resumes: pd.DataFrame, jobs: pd.DataFrame, settings: Any
) -> dict[str, Any]:
    """How far the swap moves the category probabilities and the ranking scores of a seeded
    sample of resumes (against every job given), beside the tolerances the settings state.
    """
    evaluation = settings.evaluation
    count = min(evaluation.counterfactual_resumes, len(resumes))
    sample = resumes.sample(n=count, random_state=settings.seed)["text"].tolist()
    pairs = [counterfactual_pair(text, index) for index, text in enumerate(sample)]
    originals = [clean(first) for first, _ in pairs]
    swapped = [clean(second) for _, second in pairs]
    before, after = screener.probabilities(originals), screener.probabilities(swapped)
    probability = summary(np.abs(after - before).max(axis=1))
    score = summary(score_changes(screener, jobs, originals, swapped))
    return {
        "resumes": count,
        "jobs": len(jobs),
        "name_pairs": [list(pair) for pair in NAME_PAIRS],
        "gendered_words": len(SWAPS),
        "probability_change": probability,
        "top_category_changed": float(np.mean(before.argmax(axis=1) != after.argmax(axis=1))),
        "score_change": score,
        "probability_tolerance": evaluation.probability_tolerance,
        "score_tolerance": evaluation.score_tolerance,
        "within_tolerance": bool(
            probability["max"] <= evaluation.probability_tolerance
            and score["max"] <= evaluation.score_tolerance
        ),
    }


def tally(counts: dict[str, int], groups: np.ndarray) -> None:
    for group, count in zip(*np.unique(groups, return_counts=True), strict=True):
        counts[str(group)] = counts.get(str(group), 0) + int(count)


def selection_rates(
    pools: Sequence[Pool],
    parts: Sequence[Mapping[str, np.ndarray]],
    weights: Mapping[str, float],
    groups: np.ndarray,
    shortlist: int,
    floor: float,
) -> dict[str, Any]:
    """The audit table: per group, how often it was ranked and shortlisted (each pool's top
    `shortlist` by the served weights), its selection rate and impact ratio, and the flags;
    beside them, the rate among its relevant resumes (grade 1 or more), which tells a gap the
    ranking makes from one that comes from who applied.
    """
    ranked: dict[str, int] = {}
    chosen: dict[str, int] = {}
    relevant: dict[str, int] = {}
    relevant_chosen: dict[str, int] = {}
    for pool, values in zip(pools, parts, strict=True):
        top = order(weighted(values, weights))[:shortlist]
        tally(ranked, groups[pool.rows])
        tally(chosen, groups[pool.rows[top]])
        tally(relevant, groups[pool.rows[pool.grades >= 1]])
        tally(relevant_chosen, groups[pool.rows[top][pool.grades[top] >= 1]])
    total = sum(ranked.values())
    rates = {group: chosen.get(group, 0) / count for group, count in sorted(ranked.items())}
    highest = max(rates.values(), default=0.0)
    rows = [
        {
            "group": group,
            "ranked": ranked[group],
            "shortlisted": chosen.get(group, 0),
            "selection_rate": rate,
            "impact_ratio": rate / highest if highest else None,
            "flagged": bool(highest and rate / highest < floor),
            "under_2_percent": ranked[group] / total < SMALL_GROUP,
            "relevant": relevant.get(group, 0),
            "relevant_selection_rate": (
                relevant_chosen.get(group, 0) / relevant[group] if relevant.get(group) else None
            ),
        }
        for group, rate in rates.items()
    ]
    return {"shortlist": shortlist, "floor": floor, "jobs": len(pools), "groups": rows}


def category_by_group(truth: pd.Series, predicted: np.ndarray, groups: np.ndarray) -> list[Any]:
    """Accuracy of the category per group, and its ratio to the best group's."""
    right = pd.Series(np.asarray(truth) == predicted).groupby(groups).agg(["mean", "size"])
    best = float(right["mean"].max()) if len(right) else 0.0
    return [
        {
            "group": str(group),
            "resumes": int(row["size"]),
            "accuracy": float(row["mean"]),
            "ratio_to_best": float(row["mean"]) / best if best else None,
        }
        for group, row in right.iterrows()
    ]
