"""Ranking resumes against a job: each resume's score is a weighted sum of parts, each in 0..1.

- `lexical`: cosine of the TF-IDF vectors (fitted on the training resumes) of the job's text
  and the resume's: shared words, rare ones counting most.
- `coverage`: the share of the job's must-have skills found in the resume (skills vocabulary).
- `nice_to_have`: the share of its nice-to-have skills; its weight is never above coverage's.
- `semantic` (when configured): cosine of WordLlama embeddings, which sees "statistics" near
  "data analysis" where words do not meet.

The weights are chosen on the validation jobs by NDCG@k over a grid on the simplex; the
evaluation ranks the test jobs' pools with them, beside lexical alone and a seeded random order.
"""

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from frame.evaluation.ranking import graded_ranking_metrics

from ..redaction import clean
from ..skills import Vocabulary
from .classifiers import WordLlamaEmbedder

PARTS = ("lexical", "coverage", "nice_to_have", "semantic")
LEXICAL_ONLY = {"lexical": 1.0}
# Where a pasted job description lists its requirements: "Must have: ...", "Nice to have: ...".
MUST_HAVE = re.compile(r"must[- ]haves?\s*:|requirements?\s*:|required\s*:", re.IGNORECASE)
NICE_TO_HAVE = re.compile(r"nice[- ]to[- ]haves?\s*:|preferred\s*:|a plus\s*:", re.IGNORECASE)


def requirements(description: str, vocabulary: Vocabulary) -> tuple[list[str], list[str]]:
    """The must-have and nice-to-have skills a description names. Skills after "Nice to have:"
    are nice to have; the rest of the description's skills are must-haves when it has no
    "Must have:" part, else only those in that part.
    """
    nice_at = NICE_TO_HAVE.search(description)
    main, nice_part = (
        (description[: nice_at.start()], description[nice_at.end() :])
        if nice_at
        else (description, "")
    )
    must_at = MUST_HAVE.search(main)
    must_part = main[must_at.end() :] if must_at else main
    must = list(dict.fromkeys(match.skill for match in vocabulary.find(must_part)))
    nice = [s for s in dict.fromkeys(m.skill for m in vocabulary.find(nice_part)) if s not in must]
    return must, nice


def skills_in(texts: Sequence[str], vocabulary: Vocabulary) -> list[set[str]]:
    return [{match.skill for match in vocabulary.find(text)} for text in texts]


def share_found(wanted: Sequence[str], found: Sequence[set[str]]) -> np.ndarray:
    """For each resume, the share of `wanted` skills it has (0 when nothing is wanted)."""
    if not wanted:
        return np.zeros(len(found))
    wanted_set = set(wanted)
    return np.array([len(wanted_set & present) / len(wanted_set) for present in found])


@dataclass(frozen=True)
class Resumes:
    """Resumes as the ranking reads them: TF-IDF rows, the skills found, embeddings if used."""

    matrix: sparse.csr_matrix
    skills: list[set[str]]
    embeddings: np.ndarray | None = None

    def take(self, rows: np.ndarray) -> "Resumes":
        embeddings = None if self.embeddings is None else self.embeddings[rows]
        return Resumes(self.matrix[rows], [self.skills[i] for i in rows], embeddings)


@dataclass
class Ranker:
    """The fitted lexical vectoriser, the chosen weights, and the embedder when `semantic` is
    one of the parts.
    """

    vectorizer: TfidfVectorizer
    weights: dict[str, float]
    embedder: WordLlamaEmbedder | None = None
    table: list[dict[str, Any]] = field(default_factory=list)  # the weights tried on validation

    def read(self, texts: Sequence[str], skills: list[set[str]]) -> Resumes:
        """Cleaned resume texts and the skills found in each, read once for every job they are
        ranked against.
        """
        embeddings = self.embedder.transform(texts) if self.embedder is not None else None
        return Resumes(self.vectorizer.transform(texts), skills, embeddings)

    def parts(
        self, description: str, resumes: Resumes, must: Sequence[str], nice: Sequence[str]
    ) -> dict[str, np.ndarray]:
        """Every part's value for each resume against one (cleaned) job description."""
        job = self.vectorizer.transform([description])
        values = {
            "lexical": np.asarray((resumes.matrix @ job.T).toarray()).ravel().astype(np.float64),
            "coverage": share_found(must, resumes.skills),
            "nice_to_have": share_found(nice, resumes.skills),
        }
        if self.embedder is not None and resumes.embeddings is not None:
            wanted = self.embedder.transform([description])[0]
            values["semantic"] = np.clip(resumes.embeddings @ wanted, 0.0, 1.0)
        return values

    def scores(self, parts: Mapping[str, np.ndarray]) -> np.ndarray:
        return weighted(parts, self.weights)


def weighted(parts: Mapping[str, np.ndarray], weights: Mapping[str, float]) -> np.ndarray:
    rows = len(next(iter(parts.values())))
    total = np.zeros(rows)
    for name, weight in weights.items():
        if weight:
            total = total + weight * parts[name]
    return total


def order(scores: np.ndarray) -> np.ndarray:
    """Best first; a tie keeps the pool's order."""
    return np.argsort(-scores, kind="stable")


def weight_grid(parts: Sequence[str], step: float) -> list[dict[str, float]]:
    """Every weighting of `parts` on a grid of `step` that sums to 1, with nice_to_have never
    above coverage (a nice-to-have is the smaller part) and lexical always above zero.
    """
    steps = round(1 / step)
    grid = []
    for counts in itertools.product(range(steps + 1), repeat=len(parts)):
        if sum(counts) != steps:
            continue
        weights = {name: round(count * step, 6) for name, count in zip(parts, counts, strict=True)}
        if weights.get("nice_to_have", 0) > weights.get("coverage", 1):
            continue
        if weights.get("lexical", 1) == 0:
            continue
        grid.append(weights)
    return grid


@dataclass(frozen=True)
class Pool:
    """One job's labelled candidates: rows of the split's resumes and their relevance grades."""

    job_id: str
    rows: np.ndarray
    grades: np.ndarray


def pools_of(jobs: pd.DataFrame, relevance: pd.DataFrame, resume_ids: pd.Series) -> list[Pool]:
    """Each job's pool, in the order of `jobs`; resumes not in the split are ignored."""
    row_of = pd.Series(np.arange(len(resume_ids)), index=resume_ids.to_numpy())
    labelled = relevance[relevance["resume_id"].isin(row_of.index)]
    grouped = dict(tuple(labelled.groupby("job_id", sort=False)))
    pools = []
    for job_id in jobs["job_id"]:
        rows = grouped.get(job_id)
        if rows is None or rows.empty:
            continue
        pools.append(
            Pool(
                str(job_id),
                row_of.loc[rows["resume_id"]].to_numpy(),
                rows["relevance"].to_numpy(dtype=np.float64),
            )
        )
    return pools


def job_lists(job: Any) -> tuple[list[str], list[str]]:
    """A jobs.csv row's must-have and nice-to-have skills ("; "-joined)."""
    must, nice = (
        [skill.strip() for skill in str(value).split(";") if skill.strip()]
        for value in (job.must_have, job.nice_to_have)
    )
    return must, nice


def parts_of_pools(
    ranker: Ranker, jobs: pd.DataFrame, pools: Sequence[Pool], resumes: Resumes
) -> list[dict[str, np.ndarray]]:
    """Every part of every pooled resume, per job: computed once, then weighted many times."""
    by_id = jobs.set_index("job_id")
    values = []
    for pool in pools:
        job = by_id.loc[pool.job_id]
        must, nice = job_lists(job)
        description = clean(str(job.description))  # as the Screener cleans a pasted one
        values.append(ranker.parts(description, resumes.take(pool.rows), must, nice))
    return values


def ranked_grades(
    parts: Sequence[Mapping[str, np.ndarray]], pools: Sequence[Pool], weights: Mapping[str, float]
) -> list[np.ndarray]:
    return [
        pool.grades[order(weighted(values, weights))]
        for values, pool in zip(parts, pools, strict=True)
    ]


def random_grades(pools: Sequence[Pool], seed: int) -> list[np.ndarray]:
    """The dummy: each pool in a seeded random order."""
    generator = np.random.default_rng(seed)
    return [pool.grades[generator.permutation(len(pool.grades))] for pool in pools]


def choose_weights(
    parts: Sequence[Mapping[str, np.ndarray]],
    pools: Sequence[Pool],
    names: Sequence[str],
    step: float,
    k: int,
    threshold: float = 1.0,
) -> tuple[dict[str, float], list[dict[str, Any]]]:
    """The weights with the highest NDCG@k over `pools` (the first of equals, in grid order),
    and every weighting tried with its NDCG@k and MAP@k.
    """
    table: list[dict[str, Any]] = []
    best: tuple[float, dict[str, float]] | None = None
    for weights in weight_grid(names, step):
        metrics = graded_ranking_metrics(ranked_grades(parts, pools, weights), k, threshold)
        table.append({"weights": weights, **metrics})
        score = metrics[f"ndcg_at_{k}"]
        score = -np.inf if np.isnan(score) else score
        if best is None or score > best[0]:
            best = (score, weights)
    if best is None:
        raise ValueError(f"no weighting of {list(names)} with lexical above 0")
    return best[1], table
