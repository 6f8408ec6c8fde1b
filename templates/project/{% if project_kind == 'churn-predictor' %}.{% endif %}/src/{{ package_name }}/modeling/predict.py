"""Prediction: score customers with the served scorer and its threshold, for the API and for
batch scoring. No MLflow here.
"""

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from frame.api.deps import ServedModel
from frame.classifier.fastpath import Classifier, records_to_frame
from frame.sources import validate_frame

from ..config import Settings
from ..features import select_features
from ..schemas import ID_COLUMN, PREDICTION_SCHEMA, CustomerRecord, build_customer_schema


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


def predict_partition(
    settings: Settings, served: ServedModel[Classifier], customers: pd.DataFrame
) -> pd.DataFrame:
    """Batch scoring (`make score`), one partition of a customer file (target optional): the
    served scorer's batch path, as `POST /predict/batch` runs it; one row per customer with id,
    churn probability, and Yes/No at the threshold.
    """
    checked = validate_frame(customers, build_customer_schema(require_target=False), "the input")
    classifier = served.predictor
    probability = np.asarray(classifier.scorer.score_frame(select_features(checked)), dtype=float)
    predictions = pd.DataFrame(
        {
            ID_COLUMN: checked[ID_COLUMN].to_numpy(),
            "churn_probability": probability,
            "churn_predicted": np.where(probability >= classifier.threshold, "Yes", "No"),
        }
    )
    return validate_frame(predictions, PREDICTION_SCHEMA, "the predictions")
