"""Prediction: score transactions with the served scorer and its threshold, for the API and for
batch scoring, and explain a score by its largest contributions. No MLflow here.
"""

import functools
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from frame.api.deps import ServedModel
from frame.classifier.fastpath import Classifier, Explanation, Scorer, records_to_frame
from frame.sources import validate_frame

from ..config import Settings
from ..features import FEATURE_SOURCES, input_label, select_features
from ..schemas import (
    AMOUNT_COLUMN,
    PREDICTION_SCHEMA,
    TIME_COLUMN,
    TransactionRecord,
    build_transaction_schema,
)

TOP_FEATURES = 5


@functools.cache
def input_groups(names: tuple[str, ...]) -> tuple[list[str], np.ndarray]:
    """The transaction columns behind model inputs `names`, and each name's position among them."""
    inputs = list(dict.fromkeys(FEATURE_SOURCES.get(name, name) for name in names))
    positions = [inputs.index(FEATURE_SOURCES.get(name, name)) for name in names]
    return inputs, np.array(positions, dtype=np.intp)


def top_contributions(explanation: Explanation | None, count: int = TOP_FEATURES) -> list[dict]:
    """The `count` largest contributions by size, per transaction column (the hour's sine and
    cosine add up to `Time`, labelled as the hour of day; the log amount is `Amount`), largest
    first.
    """
    if explanation is None:
        return []
    inputs, positions = input_groups(explanation.names)
    by_input = np.bincount(positions, weights=explanation.values, minlength=len(inputs))
    ranked = np.argsort(-np.abs(by_input), kind="stable")[:count]
    return [
        {
            "feature": inputs[index],
            "label": input_label(inputs[index]),
            "contribution": round(float(by_input[index]), 6),
        }
        for index in ranked
    ]


def score_and_explain(scorer: Scorer, values: dict[str, Any]) -> tuple[float, list[dict]]:
    """One transaction's fraud probability and top contributions, from one walk of the trees
    where the model can explain itself (the contributions add up to the score).
    """
    explanation = scorer.explain_row(values)
    if explanation is None:
        return scorer.score_row(values), []
    return explanation.probability, top_contributions(explanation)


def predict_records(
    score_frame: Callable[[pd.DataFrame], np.ndarray],
    records: list[TransactionRecord],
    threshold: float,
    model_version: str,
) -> list[dict[str, Any]]:
    """Score records as the batch route receives them, all at once: one dict with the fields of
    FraudScore per record (plain dicts: a thousand models would cost milliseconds).
    """
    probability = score_frame(records_to_frame(records, TransactionRecord))
    return [
        {
            "fraud_probability": float(value),
            "alert": bool(value >= threshold),
            "threshold": threshold,
            "model_version": model_version,
        }
        for value in probability
    ]


def predict_partition(
    settings: Settings, served: ServedModel[Classifier], transactions: pd.DataFrame
) -> pd.DataFrame:
    """Batch scoring (`make score`), one partition of a transaction file (target optional): the
    served scorer's batch path, as `POST /predict/batch` runs it; one row per transaction with its
    position in its file (from 0), time, amount, probability and alert.
    """
    checked = validate_frame(
        transactions, build_transaction_schema(require_target=False), "the input"
    )
    classifier = served.predictor
    probability = np.asarray(classifier.scorer.score_frame(select_features(checked)), dtype=float)
    predictions = pd.DataFrame(
        {
            "row": checked.index.to_numpy(dtype=np.int64),
            TIME_COLUMN: checked[TIME_COLUMN].to_numpy(dtype=float),
            AMOUNT_COLUMN: checked[AMOUNT_COLUMN].to_numpy(dtype=float),
            "fraud_probability": probability,
            "alert": probability >= classifier.threshold,
        }
    )
    return validate_frame(predictions, PREDICTION_SCHEMA, "the predictions")
