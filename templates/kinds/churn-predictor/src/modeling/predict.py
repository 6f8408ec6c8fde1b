"""Prediction: score customers with the saved pipeline and its threshold. No MLflow here."""

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..config import Settings
from ..dataset import read_customers
from ..features import select_features
from ..metadata import load_model
from ..schemas import ID_COLUMN, PREDICTION_SCHEMA, ChurnPrediction, CustomerRecord, validate_frame


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
    model: Any, records: list[CustomerRecord], threshold: float
) -> list[ChurnPrediction]:
    """Score records as an API receives them."""
    customers = pd.DataFrame([record.model_dump() for record in records])
    scored = score_customers(model, customers, threshold)
    return [
        ChurnPrediction(
            customerID=str(customer_id),
            churn_probability=float(probability),
            churn_predicted=predicted,
            threshold=threshold,
        )
        for customer_id, probability, predicted in scored.itertuples(index=False)
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
