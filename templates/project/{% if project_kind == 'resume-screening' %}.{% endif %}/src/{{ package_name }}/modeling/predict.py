"""The saved model as the service and `make score` use it: a `Screener` that classifies resumes
into categories, ranks resumes against a job description with the skills it matched and missed,
and finds skills in a text. Its output is advice for a person who decides; nothing here rejects.

Texts arrive raw: the Screener cleans them (redaction.clean, the same function the data stage
used) before any feature is computed, so names, emails and phones never reach a model.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from frame.api.deps import ServedModel

from ..config import Settings
from ..redaction import clean
from ..skills import SkillMatch, Vocabulary
from .classifiers import LinearTextScorer
from .ranking import Ranker, order, requirements

FAST_UP_TO = 8  # texts scored one by one; more go through the pipeline's sparse matrices


@dataclass(frozen=True)
class Match:
    """One resume's place in a ranking: its index in the resumes given, its score, the parts of
    the score, the must-have and nice-to-have skills it shows (with evidence) and the
    must-haves it lacks.
    """

    index: int
    score: float
    parts: dict[str, float]
    matched: list[SkillMatch]
    missing: list[str]


@dataclass
class Screener:
    """The served category classifier (chosen on validation), the ranker with its weights, and
    the skills vocabulary both read.
    """

    name: str
    classifier: Any  # a fitted scikit-learn estimator over cleaned texts, with predict_proba
    ranker: Ranker
    vocabulary: Vocabulary

    @property
    def classes(self) -> list[str]:
        if "_classes" not in self.__dict__:
            self.__dict__["_classes"] = [str(name) for name in self.classifier.classes_]
        classes: list[str] = self.__dict__["_classes"]
        return classes

    def fast_path(self) -> LinearTextScorer | None:
        """The classifier's one-text scorer, built on first use (a linear TF-IDF model has one)."""
        if "_fast" not in self.__dict__:
            self.__dict__["_fast"] = LinearTextScorer.for_pipeline(self.classifier)
        fast: LinearTextScorer | None = self.__dict__["_fast"]
        return fast

    def probabilities(self, cleaned: Sequence[str]) -> np.ndarray:
        """One row per cleaned text, one column per class: a few texts (a request) through the
        fast path when the classifier has one, many through the pipeline.
        """
        fast = self.fast_path() if len(cleaned) <= FAST_UP_TO else None
        if fast is not None:
            return np.array([fast.probabilities(text) for text in cleaned]).reshape(
                len(cleaned), len(self.classes)
            )
        return np.asarray(self.classifier.predict_proba(list(cleaned)), dtype=np.float64)

    def __getstate__(self) -> dict[str, Any]:
        """What is saved: the fitted parts, not the caches built from them."""
        return {key: value for key, value in self.__dict__.items() if not key.startswith("_")}

    def classify(self, texts: Sequence[str], k: int) -> list[list[tuple[str, float]]]:
        """Each text's k most probable categories, best first, with their probabilities."""
        probabilities = self.probabilities([clean(text) for text in texts])
        classes = self.classes
        best = np.argsort(-probabilities, axis=1, kind="stable")[:, :k]
        return [
            [(classes[column], float(row[column])) for column in columns]
            for row, columns in zip(probabilities, best, strict=True)
        ]

    def skills(self, text: str) -> list[SkillMatch]:
        """Every mention of a vocabulary skill in the (cleaned) text, in order."""
        return self.vocabulary.find(clean(text))

    def rank(
        self,
        description: str,
        resumes: Sequence[str],
        must_have: Sequence[str] | None = None,
        nice_to_have: Sequence[str] | None = None,
    ) -> list[Match]:
        """The resumes best first against a job description. Must-haves and nice-to-haves
        default to the skills the description names in its "Must have:" and "Nice to have:"
        parts (see ranking.requirements); given ones may be aliases.
        """
        job = clean(description)
        found_must, found_nice = requirements(job, self.vocabulary)
        resolve = self.vocabulary.resolve  # aliases as typed ("sklearn") to the skill's name
        must = found_must if must_have is None else resolve(list(must_have))
        nice = found_nice if nice_to_have is None else resolve(list(nice_to_have))
        cleaned = [clean(text) for text in resumes]
        matches = [self.vocabulary.find(text) for text in cleaned]
        read = self.ranker.read(cleaned, [{match.skill for match in found} for found in matches])
        parts = self.ranker.parts(job, read, must, nice)
        scores = self.ranker.scores(parts)
        wanted = set(must) | set(nice)
        return [
            Match(
                index=int(i),
                score=float(scores[i]),
                parts={name: float(values[i]) for name, values in parts.items()},
                matched=first_of(matches[i], wanted),
                missing=[skill for skill in must if skill not in read.skills[i]],
            )
            for i in order(scores)
        ]


def first_of(matches: Sequence[SkillMatch], wanted: set[str]) -> list[SkillMatch]:
    """The first match of each wanted skill, in the order they appear."""
    seen: dict[str, SkillMatch] = {}
    for match in matches:
        if match.skill in wanted:
            seen.setdefault(match.skill, match)
    return list(seen.values())


def predict_partition(
    settings: Settings, served: ServedModel[Screener], resumes: pd.DataFrame
) -> pd.DataFrame:
    """Batch scoring (`make score`), one partition of a resume file (a text column, `text`,
    `Text` or `Resume`, and a `resume_id`, else the row in the file from 0 names each resume): the
    top-k categories (k = evaluation.top_k) of every resume, one row per resume and rank, as the
    service classifies: advice for whoever sorts the resumes, not a decision.
    """
    from ..dataset import resume_rows  # the data stage's module, which the service never loads

    checked = resume_rows(resumes, "the input")
    ids = checked["resume_id"]
    k = settings.evaluation.top_k
    ranked = served.predictor.classify(checked["text"].tolist(), k)
    return pd.DataFrame(
        [
            {"resume_id": resume_id, "rank": rank, "category": name, "probability": round(p, 6)}
            for resume_id, top in zip(ids, ranked, strict=True)
            for rank, (name, p) in enumerate(top, start=1)
        ],
        columns=["resume_id", "rank", "category", "probability"],
    )
