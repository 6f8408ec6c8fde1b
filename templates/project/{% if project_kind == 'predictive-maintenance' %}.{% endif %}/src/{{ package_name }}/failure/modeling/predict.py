"""Prediction for machine failure with the saved pipeline: the probability that a process ends in
a machine failure, and whether to inspect it (at the threshold chosen in training). No MLflow here.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from frame.classifier.fastpath import records_to_frame
from frame.metadata import load_model
from frame.sources import validate_frame

from ..config import FailureSettings
from ..dataset import read_readings
from ..features import select_features
from ..schemas import FAILURE_PREDICTION_SCHEMA, ID_COLUMN, MachineReading


def score_readings(model: Any, readings: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """One row per process: UDI, failure probability, and whether to inspect."""
    probability = np.asarray(model.predict_proba(select_features(readings))[:, 1], dtype=float)
    return pd.DataFrame(
        {
            ID_COLUMN: readings[ID_COLUMN].to_numpy(),
            "failure_probability": probability,
            "inspect": probability >= threshold,
        }
    )


def predict_readings(
    score_frame: Callable[[pd.DataFrame], np.ndarray],
    records: list[MachineReading],
    threshold: float,
    model_version: str,
) -> list[dict[str, Any]]:
    """Score readings as the API receives them, all at once: one dict with the fields of
    FailurePrediction per record.
    """
    probability = score_frame(select_features(records_to_frame(records, MachineReading)))
    return [
        {
            "UDI": record.UDI,
            "failure_probability": float(value),
            "inspect": bool(value >= threshold),
            "threshold": threshold,
            "model_version": model_version,
        }
        for record, value in zip(records, probability, strict=True)
    ]


def predict_file(settings: FailureSettings, input_path: Path, output_path: Path) -> pd.DataFrame:
    """Validate a file of readings (target optional), score it, write the predictions as CSV."""
    model, metadata = load_model(settings.paths.models)
    readings = read_readings(input_path, require_target=False)
    predictions = score_readings(model, readings, metadata["threshold"])
    predictions = validate_frame(predictions, FAILURE_PREDICTION_SCHEMA, "predictions")
    output_path.parent.mkdir(parents=True, exist_ok=True)
    predictions.to_csv(output_path, index=False)
    return predictions
