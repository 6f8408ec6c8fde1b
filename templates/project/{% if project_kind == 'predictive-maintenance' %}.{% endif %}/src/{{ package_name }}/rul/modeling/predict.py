"""Prediction for remaining useful life with the saved pipeline: the cycles an engine has left
after its last recorded cycle, from the same fitted window features as training. An engine's
history must cover the longest window (or start at cycle 1), so that serving never computes
features training did not. The service and batch scoring share it. No MLflow here.
"""

from typing import Any

import numpy as np
import pandas as pd

from frame.api.deps import ServedModel
from frame.errors import DataError
from frame.sources import validate_frame

from ..config import RulSettings
from ..schemas import (
    CYCLE_COLUMN,
    CYCLE_COLUMNS,
    RUL_PREDICTION_SCHEMA,
    UNIT_COLUMN,
    build_cycle_schema,
)
from .train import predict_rul


def check_history(cycles: pd.DataFrame, longest_window: int, most: int | None = None) -> None:
    """Refuse an engine history (oldest cycle first) that would not give the features training
    saw, saying why: it must be consecutive and hold the longest window, or start at cycle 1.
    """
    numbers = cycles[CYCLE_COLUMN].to_numpy()
    if most is not None and len(numbers) > most:
        raise DataError(f"send at most {most} cycles, got {len(numbers)}")
    if np.any(np.diff(numbers) != 1):
        raise DataError("cycles must be consecutive and in order, oldest first")
    if len(numbers) < min(longest_window, numbers[-1]):
        raise DataError(
            f"needs at least the last {longest_window} cycles (or every cycle since cycle 1), "
            f"got {len(numbers)} ending at cycle {numbers[-1]}"
        )


def predict_engine(model: Any, metadata: dict[str, Any], cycles: pd.DataFrame) -> float:
    """Remaining useful life of one engine after the last of its recent `cycles`."""
    check_history(cycles, max(metadata["windows"]), metadata["max_request_cycles"])
    return float(predict_rul(model, cycles, metadata["rul_cap"])[-1])


def last_cycles_rul(model: Any, metadata: dict[str, Any], cycles: pd.DataFrame) -> pd.DataFrame:
    """For every engine in a cycles file (rows in any order), its predicted RUL after its last
    cycle; each engine's history must pass the same check as a request to the API.
    """
    ordered = cycles.sort_values([UNIT_COLUMN, CYCLE_COLUMN], ignore_index=True)
    for unit, engine in ordered.groupby(UNIT_COLUMN):
        try:
            check_history(engine, max(metadata["windows"]))
        except DataError as error:
            raise DataError(f"engine {unit}: {error}") from None
    frame = ordered[[UNIT_COLUMN, CYCLE_COLUMN]].assign(
        predicted_rul=predict_rul(model, ordered, metadata["rul_cap"])
    )
    last = frame.groupby(UNIT_COLUMN, sort=True).tail(1)
    return last.rename(columns={CYCLE_COLUMN: "last_cycle"}).reset_index(drop=True)


def predict_partition(
    settings: RulSettings, served: ServedModel[Any], cycles: pd.DataFrame
) -> pd.DataFrame:
    """Batch scoring (`make score`), one partition of a cycles file (RUL optional; the frame
    keeps each engine's rows in one partition): every engine's RUL after its last cycle, with the
    pipeline and the checks the service uses.
    """
    checked = validate_frame(cycles, build_cycle_schema(with_rul=False), "the input")
    predictions = last_cycles_rul(served.predictor, served.metadata, checked[CYCLE_COLUMNS])
    return validate_frame(predictions, RUL_PREDICTION_SCHEMA, "the predictions")
