"""A fast path for serving a classifier: the project's feature code for one row or a frame, then the
fitted pipeline compiled to arrays (compiled_model.py), then the model; each score explained
(`explain_row`: path contributions for boosted trees, the exact coefficient x scaled-value terms
for a linear model).

Before it serves, the whole fast path (the project's one-row and frame feature code included) must
give the pipeline's scores on validation rows saved inside the model at training
(`attach_validation_sample`); on any disagreement or error, `checked_scorer` serves the pipeline
itself and says why.
"""

import logging
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol, cast

import numpy as np
import pandas as pd
from pydantic import BaseModel
from sklearn.compose import ColumnTransformer

from ..api.deps import ServedModel, load_served_model
from .compiled_model import (
    CHECK_TOLERANCE,
    CompiledColumns,
    UnsupportedModel,
    compile_trees,
)
from .tabular import TabularClassifier

logger = logging.getLogger(__name__)
SAMPLE_ROWS = 128  # validation rows saved with the model, on which the whole scorer is checked
SAMPLE_ATTRIBUTE = "validation_sample_"


def records_to_frame(records: Sequence[BaseModel], record_type: type[BaseModel]) -> pd.DataFrame:
    """Validated API records as a frame, column by column (no per-row dict or frame), under the
    data's column names (a field's alias where it has one): what a batch route scores.
    """
    fields = record_type.model_fields
    return pd.DataFrame(
        {
            (field.alias or name): [getattr(record, name) for record in records]
            for name, field in fields.items()
        }
    )


@dataclass(frozen=True)
class Explanation:
    """A row's log-odds split into a base value and contributions: `values[i]` belongs to the
    model input column `names[i]` (a one-hot column's categories share its name).
    """

    base: float
    names: tuple[str, ...]
    values: np.ndarray

    @property
    def contributions(self) -> dict[str, float]:
        """One contribution per model input column."""
        summed: dict[str, float] = {}
        for name, value in zip(self.names, self.values.tolist(), strict=True):
            summed[name] = summed.get(name, 0.0) + value
        return summed

    @property
    def probability(self) -> float:
        """The score these contributions add up to."""
        return 1.0 / (1.0 + math.exp(-(self.base + float(self.values.sum()))))


class Scorer(Protocol):
    """Positive-class probabilities of model inputs: one row as a mapping, or a frame."""

    def score_row(self, row: Mapping[str, Any]) -> float: ...

    def score_frame(self, frame: pd.DataFrame) -> np.ndarray: ...

    def explain_row(self, row: Mapping[str, Any]) -> Explanation | None: ...

    def explain_frame(self, frame: pd.DataFrame) -> pd.DataFrame | None: ...


@dataclass(frozen=True)
class ValidationSample:
    """Validation rows (model inputs) and the positive-class scores the fitted pipeline gave them
    in training; kept in the pipeline as `SAMPLE_ATTRIBUTE`. The rows are plain records, not a
    frame: a frame whose text columns pyarrow backs (as in training, where MLflow brings pyarrow)
    cannot be unpickled where pyarrow is absent, as in the serving image.
    """

    records: list[dict[str, Any]]
    probabilities: np.ndarray

    @property
    def features(self) -> pd.DataFrame:
        return pd.DataFrame.from_records(self.records)


@dataclass(frozen=True)
class ScorerCheck:
    """Which scorer serves ("fast" or "pipeline"), on how many saved validation rows it was
    checked, and why the fast path was not used.
    """

    scorer: str
    rows: int
    reason: str | None = None

    def as_metadata(self) -> dict[str, Any]:
        """What /model-info shows: `scorer` and `scorer_check` (rows checked, and the reason)."""
        return {"scorer": self.scorer, "scorer_check": {"rows": self.rows, "reason": self.reason}}


@dataclass(frozen=True)
class Classifier:
    """What a classification route serves: a scorer, the threshold chosen in training, and how
    the scorer was chosen (what /model-info reports as `scorer`).
    """

    scorer: Scorer
    threshold: float
    check: ScorerCheck


class FastScorer:
    """Scorer from compiled parts. `prepare_row` and `prepare_frame` compute, for one row and
    for a frame, what the pipeline's steps before the ColumnTransformer compute.
    """

    def __init__(
        self,
        columns: ColumnTransformer,
        estimator: Any,
        prepare_row: Callable[[Mapping[str, Any]], Mapping[str, Any]],
        prepare_frame: Callable[[pd.DataFrame], pd.DataFrame],
    ) -> None:
        self.columns = CompiledColumns(columns)
        self.names = tuple(self.columns.sources)
        self.estimator = estimator
        self.trees = compile_trees(estimator, self.columns.width)
        self.prepare_row = prepare_row
        self.prepare_frame = prepare_frame

    def score_row(self, row: Mapping[str, Any]) -> float:
        x = self.columns.transform_one(self.prepare_row(row))
        if self.trees is not None:
            return self.trees.predict_one(x)
        return float(self.estimator.predict_proba(x.reshape(1, -1))[0, 1])

    def score_frame(self, frame: pd.DataFrame) -> np.ndarray:
        """Many rows: compiled columns, then the estimator's own vectorised predict_proba."""
        matrix = self.columns.transform_frame(self.prepare_frame(frame))
        return np.asarray(self.estimator.predict_proba(matrix)[:, 1], dtype=np.float64)

    def explain_row(self, row: Mapping[str, Any]) -> Explanation | None:
        """Log-odds contributions per input column (one-hot positions summed back to their
        column): path contributions for compiled trees, coefficient terms for a linear model,
        None for any other estimator.
        """
        x = self.columns.transform_one(self.prepare_row(row))
        if self.trees is not None:
            base, terms = self.trees.base_log_odds, self.trees.path_contributions(x)
        elif hasattr(self.estimator, "coef_") and np.shape(self.estimator.coef_)[0] == 1:
            base = float(np.ravel(self.estimator.intercept_)[0])
            terms = np.ravel(self.estimator.coef_) * x
        else:
            return None
        return Explanation(base, self.names, terms)

    def explain_frame(self, frame: pd.DataFrame) -> pd.DataFrame | None:
        """`explain_row` for many rows: one column of contributions per input column."""
        matrix = self.columns.transform_frame(self.prepare_frame(frame))
        if self.trees is not None:
            terms = self.trees.path_contributions_many(matrix)
        elif hasattr(self.estimator, "coef_") and np.shape(self.estimator.coef_)[0] == 1:
            terms = matrix * np.ravel(self.estimator.coef_)
        else:
            return None
        by_position = pd.DataFrame(terms, columns=self.columns.sources, index=frame.index)
        return by_position.T.groupby(level=0, sort=False).sum().T


class PipelineScorer:
    """The fallback when nothing compiles: the fitted pipeline itself, one frame per call."""

    def __init__(self, pipeline: Any) -> None:
        self.pipeline = pipeline

    def score_row(self, row: Mapping[str, Any]) -> float:
        return float(self.score_frame(pd.DataFrame([dict(row)]))[0])

    def score_frame(self, frame: pd.DataFrame) -> np.ndarray:
        return np.asarray(self.pipeline.predict_proba(frame)[:, 1], dtype=np.float64)

    def explain_row(self, row: Mapping[str, Any]) -> Explanation | None:
        return None  # nothing compiled to read contributions from

    def explain_frame(self, frame: pd.DataFrame) -> pd.DataFrame | None:
        return None


def compile_scorer(
    columns: Any,
    estimator: Any,
    prepare_row: Callable[[Mapping[str, Any]], Mapping[str, Any]],
    prepare_frame: Callable[[pd.DataFrame], pd.DataFrame],
) -> FastScorer:
    """The fast path for a fitted ColumnTransformer followed by a fitted classifier."""
    if not isinstance(columns, ColumnTransformer):
        raise UnsupportedModel(f"expected a ColumnTransformer, got {type(columns).__name__}")
    return FastScorer(columns, estimator, prepare_row, prepare_frame)


def attach_validation_sample(
    pipeline: Any, features: pd.DataFrame, rows: int = SAMPLE_ROWS
) -> None:
    """Keep `rows` validation rows, at evenly spaced ranks of the pipeline's score (so the rare
    high scores are in), inside the fitted pipeline with their scores: saved with the model, they
    are what serving checks its scorer against (`build_classifier`).
    """
    scores = np.asarray(pipeline.predict_proba(features)[:, 1], dtype=np.float64)
    ranks = np.unique(np.linspace(0, len(scores) - 1, min(rows, len(scores))).round().astype(int))
    picked = np.argsort(scores, kind="stable")[ranks]
    records = cast(list[dict[str, Any]], features.iloc[picked].to_dict("records"))
    sample = ValidationSample(records, scores[picked])
    setattr(pipeline, SAMPLE_ATTRIBUTE, sample)


def largest_disagreement(fast: FastScorer, pipeline: Any, sample: ValidationSample) -> str | None:
    """Why the fast path must not serve, or None: the pipeline must still give the scores saved
    in training, and `score_row` and `score_frame` the pipeline's, on every sampled row.
    """
    by_pipeline = np.asarray(pipeline.predict_proba(sample.features)[:, 1], dtype=np.float64)
    rows = cast(list[dict[str, Any]], sample.features.to_dict("records"))
    candidates = {
        "the loaded pipeline (against training's scores)": (by_pipeline, sample.probabilities),
        "score_frame": (fast.score_frame(sample.features), by_pipeline),
        "score_row": (np.array([fast.score_row(row) for row in rows]), by_pipeline),
    }
    for name, (scores, expected) in candidates.items():
        difference = float(np.max(np.abs(scores - expected), initial=0.0))
        if not difference <= CHECK_TOLERANCE:  # written so that a NaN score fails too
            return f"{name} differs by up to {difference:.3g} on {len(rows)} validation rows"
    return None


def checked_scorer(pipeline: Any, classifier: TabularClassifier[Any]) -> tuple[Scorer, ScorerCheck]:
    """The saved pipeline's fast path (the project's feature engineering for one row and for a
    frame, then compiled columns and trees) once it has proved itself on the validation rows saved
    with the model; else the pipeline itself, and why (logged as a warning).
    """
    sample = getattr(pipeline, SAMPLE_ATTRIBUTE, None)
    if not isinstance(sample, ValidationSample):
        reason: str | None = "no validation rows saved with the model: retrain to check them"
    else:
        try:
            fast = compile_scorer(
                pipeline["preprocess"]["columns"],
                pipeline["model"],
                prepare_row=classifier.prepare_row,
                prepare_frame=classifier.prepare_frame,
            )
            reason = largest_disagreement(fast, pipeline, sample)
        except Exception as error:  # noqa: BLE001 (any failure at all means: serve the pipeline)
            reason = f"{type(error).__name__}: {error}"
        if reason is None:
            return fast, ScorerCheck("fast", len(sample.probabilities))
    checked = len(sample.probabilities) if isinstance(sample, ValidationSample) else 0
    logger.warning(
        "fast path not used, scoring through the pipeline: %s",
        reason,
        extra={"fields": {"scorer": "pipeline", "reason": reason}},
    )
    return PipelineScorer(pipeline), ScorerCheck("pipeline", checked, reason)


def classifier_builder(
    classifier: TabularClassifier[Any],
) -> Callable[[Any, dict[str, Any]], Classifier]:
    """What turns the saved pipeline into what a classification route serves: the checked scorer
    and the threshold chosen in training.
    """

    def build(pipeline: Any, metadata: dict[str, Any]) -> Classifier:
        scorer, check = checked_scorer(pipeline, classifier)
        return Classifier(scorer, float(metadata["threshold"]), check)

    return build


def build_scorer(pipeline: Any, classifier: TabularClassifier[Any]) -> Scorer:
    """`checked_scorer` without the account of how it was chosen."""
    return checked_scorer(pipeline, classifier)[0]


def load_classifier(models: Path, classifier: TabularClassifier[Any]) -> "ServedModel[Classifier]":
    """The saved model and its checked scorer; /model-info says which scorer serves, and why."""
    served = load_served_model(models, classifier_builder(classifier))
    return replace(served, metadata={**served.metadata, **served.predictor.check.as_metadata()})
