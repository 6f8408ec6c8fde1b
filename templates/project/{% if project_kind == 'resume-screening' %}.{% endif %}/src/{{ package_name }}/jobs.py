"""Generated job descriptions and the relevance of a resume to each, graded from the
generator's truth (the resume's category, the skills it was written with, its years), never
from its text.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .categories import Category, categories
from .synthetic import Rng, by_name, pick


def generate_jobs(count: int, seed: int) -> pd.DataFrame:
    """`count` job descriptions, alternately for the validation and the test split, cycling
    through the categories: title, description, must-have and nice-to-have skills, minimum years.
    """
    rng = np.random.default_rng([seed, 7])
    world = categories()
    order = rng.permutation(len(world))
    rows = []
    for number in range(count):
        category = world[order[number % len(order)]]
        neighbour = by_name()[pick(category.neighbours, rng)]
        must = [str(s) for s in rng.choice(category.skills, size=3, replace=False)]
        extra = [s for s in (*category.skills, *neighbour.skills) if s not in must]
        nice = list(dict.fromkeys(str(s) for s in rng.choice(extra, size=2, replace=False)))
        rows.append(write_job(number, category, must, nice, int(rng.choice([0, 1, 2, 3, 5])), rng))
    return pd.DataFrame(rows)


def write_job(
    number: int, category: Category, must: list[str], nice: list[str], min_years: int, rng: Rng
) -> dict[str, object]:
    title = pick(category.titles, rng)
    duties = rng.choice(category.duties, size=2, replace=False)
    years = f"At least {min_years} years of experience." if min_years else "Graduates welcome."
    description = (
        f"{title}\n\nWe are hiring a {title.lower()} to join our team. You will {duties[0]} and "
        f"{duties[1]}.\n\nMust have: {', '.join(must)}.\nNice to have: {', '.join(nice)}.\n{years}"
    )
    return {
        "job_id": f"j{number + 1:03d}",
        "split": "validation" if number % 2 == 0 else "test",
        "category": category.name,
        "title": title,
        "description": description,
        "must_have": "; ".join(must),
        "nice_to_have": "; ".join(nice),
        "min_years": min_years,
    }


@dataclass(frozen=True)
class Opening:
    """What a job asks for, as the grading of relevance reads it."""

    category: str
    must: frozenset[str]
    nice: frozenset[str]
    min_years: int

    @classmethod
    def of(cls, job: Mapping[Any, Any]) -> "Opening":
        return cls(
            str(job["category"]),
            frozenset(str(job["must_have"]).split("; ")),
            frozenset(str(job["nice_to_have"]).split("; ")),
            int(str(job["min_years"])),
        )


def grade(job: Opening, category: str, skills: set[str], years: int) -> int:
    """Relevance 0..3 from the truth: 3 the job's category with every must-have (or all but one
    and a nice-to-have) and the years asked for; 2 the category with half the must-haves; 1 the
    category, or another one with half the must-haves; 0 otherwise.
    """
    covered = len(job.must & skills) / len(job.must)
    same = category == job.category
    experienced = years >= job.min_years
    if same and experienced and (covered == 1 or (covered >= 0.6 and job.nice & skills)):
        return 3
    if same and covered >= 0.5:
        return 2
    return 1 if same or covered >= 0.5 else 0
