"""Features of machine failure: pure functions on data frames, and the fitted steps that the saved
pipeline carries, so training, evaluation and serving compute them with the same code.

The five readings and the product type, plus three engineered columns. The failure-mode flags
(TWF, HDF, PWF, OSF, RNF) are parts of the target, recorded after the failure, and `UDI` /
`Product ID` are identifiers: `select_features` keeps an explicit list of columns, so none of them
can reach a model (the leakage test relies on it).
"""

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

from .schemas import (
    AIR_COLUMN,
    PROCESS_COLUMN,
    PRODUCT_TYPES,
    READING_COLUMNS,
    SPEED_COLUMN,
    TARGET_COLUMN,
    TORQUE_COLUMN,
    TYPE_COLUMN,
    WEAR_COLUMN,
)

ENGINEERED_FEATURES = ["temperature_gap_k", "power_w", "strain_min_nm"]
NUMERIC_FEATURES = [*READING_COLUMNS, *ENGINEERED_FEATURES]
CATEGORICAL_FEATURES = [TYPE_COLUMN]
MODEL_INPUTS = [TYPE_COLUMN, *READING_COLUMNS]  # all a model of a process may see
RADIANS_PER_SECOND = 2 * math.pi / 60  # per rpm


def select_features(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns a failure model may see: the product type and the five readings, nothing else."""
    return frame[MODEL_INPUTS]


def split_features_target(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Features, and the target: 1 for a process that ended in a machine failure."""
    return select_features(frame), frame[TARGET_COLUMN].astype(int).rename(TARGET_COLUMN)


def add_engineered_features(frame: pd.DataFrame) -> pd.DataFrame:
    """A new frame with three columns the failure physics suggests.

    temperature_gap_k: process - air temperature (heat leaves through that gap);
    power_w: torque x angular speed (the drive's power);
    strain_min_nm: tool wear x torque (what overstrains a worn tool).
    """
    torque = frame[TORQUE_COLUMN].astype(float)
    return frame.assign(
        temperature_gap_k=frame[PROCESS_COLUMN].astype(float) - frame[AIR_COLUMN].astype(float),
        power_w=torque * frame[SPEED_COLUMN].astype(float) * RADIANS_PER_SECOND,
        strain_min_nm=torque * frame[WEAR_COLUMN].astype(float),
    )


def engineer_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """`add_engineered_features` for one process as a dict: the serving fast path's first step."""
    torque = float(record[TORQUE_COLUMN])
    return {
        **record,
        "temperature_gap_k": float(record[PROCESS_COLUMN]) - float(record[AIR_COLUMN]),
        "power_w": torque * float(record[SPEED_COLUMN]) * RADIANS_PER_SECOND,
        "strain_min_nm": torque * float(record[WEAR_COLUMN]),
    }


def monitored_features(frame: pd.DataFrame, training: pd.DataFrame | None = None) -> pd.DataFrame:
    """What drift monitoring compares: a failure model's inputs after feature engineering.

    Every one is a function of its row alone, so the training split (`training`) is not needed.
    """
    engineered = add_engineered_features(select_features(frame))
    return engineered[NUMERIC_FEATURES + CATEGORICAL_FEATURES]


def build_preprocessor() -> Pipeline:
    """Engineered columns, then scaled numbers and a one-hot product type, nothing else."""
    columns = ColumnTransformer(
        [
            ("numeric", StandardScaler(), NUMERIC_FEATURES),
            (
                "categorical",
                OneHotEncoder(
                    categories=[PRODUCT_TYPES],
                    handle_unknown="ignore",
                    sparse_output=False,
                    dtype=np.float64,
                ),
                CATEGORICAL_FEATURES,
            ),
        ],
        remainder="drop",
        verbose_feature_names_out=False,
    )
    engineer = FunctionTransformer(add_engineered_features)
    return Pipeline([("engineer", engineer), ("columns", columns)])
