"""Prediction: score customers with the saved pipeline and its threshold. No MLflow here."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from frame.classifier.fastpath import records_to_frame
from frame.metadata import load_model
from frame.sources import validate_frame

from ..config import Settings
from ..dataset import read_customers
from ..features import select_features
from ..schemas import ID_COLUMN, PREDICTION_SCHEMA, CustomerRecord


def score_customers(model: Any, customers: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """One row per customer: id, churn probability, and Yes/No at the threshold."""
    probability = np.asarray(model.predict_proba(select_features(customers))[:, 1], dtype=float)
    return pd.DataFrame(
        {
            ID_COLUMN: customers[ID_COLUMN].to_numpy(),
            "churn_probability": probability,
            "churn_predicted": np.where(probability >= threshold, "Yes", "No"),
        }
    )


def predict_records(
    score_frame: Callable[[pd.DataFrame], np.ndarray],
    records: list[CustomerRecord],
    threshold: float,
    model_version: str,
) -> list[dict[str, Any]]:
    """Score records as an API receives them, all at once: one dict with the fields of
    ChurnPrediction per record (plain dicts: a thousand models would cost milliseconds).
    """
    probability = score_frame(select_features(records_to_frame(records, CustomerRecord)))
    decisions = np.where(probability >= threshold, "Yes", "No")
    return [
        {
            "customerID": record.customerID,
            "churn_probability": float(value),
            "churn_predicted": str(decision),
            "threshold": threshold,
            "model_version": model_version,
        }
        for record, value, decision in zip(records, probability, decisions, strict=True)
    ]


def predict_file(settings: Settings, input_path: Path, output_path: Path) -> pd.DataFrame:
    """Validate a customer file (target optional), score it, write the predictions as CSV."""
    model, metadata = load_model(settings.paths.models)
    customers = read_customers(input_path, require_target=False)
    predictions = validate_frame(
        score_customers(model, customers, metadata["threshold"]), PREDICTION_SCHEMA, "predictions"
    )
    output_path.parent.mkdir(parents=True, exist_ok=True)
    predictions.to_csv(output_path, index=False)
    return predictions
