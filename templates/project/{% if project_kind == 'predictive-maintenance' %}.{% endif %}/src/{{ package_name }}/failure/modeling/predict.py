"""Prediction for machine failure with the saved pipeline: the probability that a process ends in
a machine failure, and whether to inspect it (at the threshold chosen in training), for the API and
for batch scoring. No MLflow here.
"""

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from frame.api.deps import ServedModel
from frame.classifier.fastpath import Classifier, records_to_frame
from frame.sources import validate_frame

from ..config import FailureSettings
from ..features import select_features
from ..schemas import (
    FAILURE_PREDICTION_SCHEMA,
    ID_COLUMN,
    MachineReading,
    build_reading_schema,
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


def predict_partition(
    settings: FailureSettings, served: ServedModel[Classifier], readings: pd.DataFrame
) -> pd.DataFrame:
    """Batch scoring (`make score`), one partition of a file of readings (target optional): the
    served scorer's batch path, as `POST /predict/batch` runs it; one row per process with its
    UDI (a file without one: the row number in the file, from 1, as AI4I numbers them), failure
    probability, and whether to inspect.
    """
    checked = validate_frame(readings, build_reading_schema(require_target=False), "the input")
    if ID_COLUMN not in checked.columns:
        checked = checked.assign(**{ID_COLUMN: checked.index.to_numpy(dtype=np.int64) + 1})
    classifier = served.predictor
    probability = np.asarray(classifier.scorer.score_frame(select_features(checked)), dtype=float)
    predictions = pd.DataFrame(
        {
            ID_COLUMN: checked[ID_COLUMN].to_numpy(dtype=np.int64),
            "failure_probability": probability,
            "inspect": probability >= classifier.threshold,
        }
    )
    return validate_frame(predictions, FAILURE_PREDICTION_SCHEMA, "the predictions")
