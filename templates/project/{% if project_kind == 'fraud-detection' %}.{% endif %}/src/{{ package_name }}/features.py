"""Features: pure functions on data frames, and the one preprocessor that the pipeline fits.

Raw `Time` is not a feature: with an out-of-time split it only grows, so a model would learn
"later means X" and extrapolate. The hour of day (on a circle, so 23:59 is next to 00:00) keeps
the daily cycle that fraud follows. `Time` counts seconds from the first transaction, so the hour
of day assumes that one fell at midnight (true of the generator; data starting at another hour
shifts every hour by the same amount, which the model learns as it is, but the names of the
`time_of_day` slices would then be off). `Amount` enters as log1p(Amount): amounts span five
orders of magnitude. `split_features_target` is the only way training code gets features and
target.
"""

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from .schemas import AMOUNT_COLUMN, COMPONENTS, PATTERN_COLUMN, TARGET_COLUMN, TIME_COLUMN

SECONDS_PER_DAY = 86_400
MODEL_FEATURES = [*COMPONENTS, "log_amount", "hour_sin", "hour_cos"]
# The input column each model feature is computed from, to explain a score in the caller's terms.
FEATURE_SOURCES = {
    **{name: name for name in COMPONENTS},
    "log_amount": AMOUNT_COLUMN,
    "hour_sin": TIME_COLUMN,
    "hour_cos": TIME_COLUMN,
}
# What the model reads from an input column, where that is not the column itself: contributions
# summed back to `Time` are those of the hour of day, never of the raw time.
INPUT_LABELS = {TIME_COLUMN: "Time (hour of day)"}
# What drift monitoring compares: the inputs as they arrive, and the part of the day.
NUMERIC_FEATURES = [AMOUNT_COLUMN, *COMPONENTS]
CATEGORICAL_FEATURES = ["time_of_day"]
TIMES_OF_DAY = ["night", "morning", "afternoon", "evening"]  # 0-6 h, 6-12 h, 12-18 h, 18-24 h


def input_label(name: str) -> str:
    """An input column's name as reports show it: `Time (hour of day)`, else the name itself."""
    return INPUT_LABELS.get(name, name)


def select_features(frame: pd.DataFrame) -> pd.DataFrame:
    """The transaction columns a model may see: everything but the target and the generator's
    fraud pattern (the answer in other words: kept for error analysis only).
    """
    return frame.drop(columns=[TARGET_COLUMN, PATTERN_COLUMN], errors="ignore")


def split_features_target(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Features, and the target as 1 for a fraud, 0 otherwise."""
    return select_features(frame), frame[TARGET_COLUMN].astype(int)


def hour_angle(seconds: Any) -> Any:
    """Where in the day a time falls, as an angle: works on one number or an array."""
    return 2 * np.pi * (seconds % SECONDS_PER_DAY) / SECONDS_PER_DAY


def add_engineered_features(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a new frame with the log amount and the hour of day as sine and cosine."""
    angle = hour_angle(frame[TIME_COLUMN].to_numpy(dtype=float))
    return frame.assign(
        log_amount=np.log1p(frame[AMOUNT_COLUMN].to_numpy(dtype=float)),
        hour_sin=np.sin(angle),
        hour_cos=np.cos(angle),
    )


def engineer_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """`add_engineered_features` for one transaction as a dict: the fast path's first step."""
    angle = hour_angle(float(record[TIME_COLUMN]))
    return {
        **record,
        "log_amount": math.log1p(record[AMOUNT_COLUMN]),
        "hour_sin": math.sin(angle),
        "hour_cos": math.cos(angle),
    }


def time_of_day(times: pd.Series) -> pd.Series:
    """night / morning / afternoon / evening, in six-hour blocks."""
    block = ((times % SECONDS_PER_DAY) // (SECONDS_PER_DAY // 4)).astype(int)
    return pd.Series(np.asarray(TIMES_OF_DAY)[block], index=times.index, name="time_of_day")


def monitored_features(frame: pd.DataFrame, training: pd.DataFrame | None = None) -> pd.DataFrame:
    """What drift monitoring compares: amount, components and the part of the day.

    Every one is a function of its row alone, so the training split (`training`) is not needed.
    """
    return frame[NUMERIC_FEATURES].assign(time_of_day=time_of_day(frame[TIME_COLUMN]))


def build_preprocessor() -> Pipeline:
    """Engineered columns, then every model feature standardised (trees ignore the scaling; the
    logistic baseline needs it), nothing else: raw `Time` and `Amount` are dropped here.
    """
    columns = ColumnTransformer(
        [("numeric", StandardScaler(), MODEL_FEATURES)],
        remainder="drop",
        verbose_feature_names_out=False,
    )
    engineer = FunctionTransformer(add_engineered_features)
    return Pipeline([("engineer", engineer), ("columns", columns)])
