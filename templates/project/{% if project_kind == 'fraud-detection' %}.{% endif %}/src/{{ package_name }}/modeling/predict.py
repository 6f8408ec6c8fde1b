"""Prediction: score transactions with the saved pipeline and its threshold, and explain a
score by its largest contributions. No MLflow here.
"""

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from frame.classifier.fastpath import Explanation, Scorer, records_to_frame
from frame.metadata import load_model
from frame.sources import validate_frame

from ..config import Settings
from ..dataset import read_transactions
from ..features import FEATURE_SOURCES, input_label, select_features
from ..schemas import AMOUNT_COLUMN, PREDICTION_SCHEMA, TIME_COLUMN, TransactionRecord

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


def score_transactions(model: Any, transactions: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """One row per transaction: its position in the file, time, amount, probability and alert."""
    probability = np.asarray(model.predict_proba(select_features(transactions))[:, 1], dtype=float)
    return pd.DataFrame(
        {
            "row": np.arange(len(transactions)),
            TIME_COLUMN: transactions[TIME_COLUMN].to_numpy(dtype=float),
            AMOUNT_COLUMN: transactions[AMOUNT_COLUMN].to_numpy(dtype=float),
            "fraud_probability": probability,
            "alert": probability >= threshold,
        }
    )


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


def predict_file(settings: Settings, input_path: Path, output_path: Path) -> pd.DataFrame:
    """Validate a transaction file (target optional), score it, write the predictions as CSV."""
    model, metadata = load_model(settings.paths.models)
    transactions = read_transactions(input_path, require_target=False)
    predictions = validate_frame(
        score_transactions(model, transactions, metadata["threshold"]),
        PREDICTION_SCHEMA,
        "predictions",
    )
    output_path.parent.mkdir(parents=True, exist_ok=True)
    predictions.to_csv(output_path, index=False)
    return predictions
