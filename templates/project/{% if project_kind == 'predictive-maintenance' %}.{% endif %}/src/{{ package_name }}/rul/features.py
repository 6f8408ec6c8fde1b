"""Features of remaining useful life, as the saved pipeline computes them in training, evaluation
and serving alike.

`SensorWindowFeatures` turns cycles into one row per cycle: the cycle number plus, for each
informative sensor, the mean and the least-squares slope over the engine's last few cycles
(windows from configs/model.yaml; fewer cycles at an engine's start). Which sensors are
informative is learned in `fit`, on training engines only (a near-zero-variance rule). Windows
never cross engines: rolling sums come from one cumulative sum over rows sorted by (unit, cycle),
and a window's length is capped by the row's position inside its engine.
"""

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

from .schemas import CYCLE_COLUMN, RUL_COLUMN, SENSORS, UNIT_COLUMN

# caret's nearZeroVar defaults: most common value 19x as frequent as the runner-up, and fewer
# than 10% distinct values. Relative spread would not do: s_8 varies by 3e-5 of its level and
# still carries the wear signal, while s_6 flickers between two values and carries none.
FREQUENCY_RATIO = 95 / 5
UNIQUE_PERCENT = 10.0


def add_rul_target(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of run-to-failure cycles with `RUL` = the engine's last cycle - this cycle."""
    last = frame.groupby(UNIT_COLUMN)[CYCLE_COLUMN].transform("max")
    return frame.assign(**{RUL_COLUMN: last - frame[CYCLE_COLUMN]})


def capped_rul(rul: pd.Series | np.ndarray, cap: int) -> np.ndarray:
    """The training target: cycles left, capped. Early in life an engine is simply healthy:
    sensors cannot tell 300 cycles left from 200, so asking a model to is asking it to fit noise.
    """
    return np.minimum(np.asarray(rul, dtype=float), cap)


def near_zero_variance(frame: pd.DataFrame, columns: Sequence[str]) -> list[str]:
    """The columns that are constant or nearly so (one value dominates, few distinct values)."""
    flat = []
    for name in columns:
        counts = frame[name].value_counts()
        if len(counts) == 1:
            flat.append(name)
            continue
        ratio = counts.iloc[0] / counts.iloc[1]
        if ratio > FREQUENCY_RATIO and 100.0 * len(counts) / len(frame) < UNIQUE_PERCENT:
            flat.append(name)
    return flat


def feature_names(sensors: Sequence[str], windows: Sequence[int]) -> list[str]:
    names = ["cycle"]
    for window in windows:
        for name in sensors:
            names += [f"{name}_mean_{window}", f"{name}_slope_{window}"]
    return names


def _positions_in_unit(units: np.ndarray) -> np.ndarray:
    """0, 1, 2, ... within each run of equal ``units`` (rows sorted by unit)."""
    rows = np.arange(len(units))
    starts = np.r_[True, units[1:] != units[:-1]]
    return rows - np.maximum.accumulate(np.where(starts, rows, 0))


def _windowed_sums(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Sum of the last ``counts[i]`` rows up to row i, for each column of ``values``."""
    cumulative = np.vstack([np.zeros((1, values.shape[1])), np.cumsum(values, axis=0)])
    end = np.arange(1, len(values) + 1)
    return cumulative[end] - cumulative[end - counts]


def window_features(
    frame: pd.DataFrame, sensors: Sequence[str], centres: np.ndarray, windows: Sequence[int]
) -> pd.DataFrame:
    """One row per input row (same index and order): ``cycle`` and, for each of ``sensors``,
    ``<sensor>_mean_<w>`` and ``<sensor>_slope_<w>`` (per cycle) over its last ``w`` cycles.
    ``centres`` (one per sensor) are subtracted before summing, for precision, and added back.
    """
    order = np.lexsort((frame[CYCLE_COLUMN].to_numpy(), frame[UNIT_COLUMN].to_numpy()))
    position = _positions_in_unit(frame[UNIT_COLUMN].to_numpy()[order])
    t = frame[CYCLE_COLUMN].to_numpy(float)[order]
    level = np.asarray(centres, dtype=float)
    x = frame[list(sensors)].to_numpy(float)[order] - level
    blocks = [t[:, None]]
    for window in windows:
        n = np.minimum(position + 1, window)
        sums = _windowed_sums(np.column_stack([t, t * t, x, t[:, None] * x]), n)
        s_t, s_tt = sums[:, :1], sums[:, 1:2]
        s_x, s_tx = np.split(sums[:, 2:], 2, axis=1)
        n = n[:, None].astype(float)
        spread = n * s_tt - s_t * s_t  # n^2 times the variance of t: 0 for a single cycle
        slopes = (n * s_tx - s_t * s_x) / np.where(spread > 0, spread, np.inf)
        means = s_x / n + level
        blocks.append(np.stack([means, slopes], axis=2).reshape(len(t), -1))
    values = np.empty((len(t), 1 + 2 * len(level) * len(windows)))
    values[order] = np.hstack(blocks)
    return pd.DataFrame(values, index=frame.index, columns=feature_names(sensors, windows))


class SensorWindowFeatures(TransformerMixin, BaseEstimator):
    """Learn the informative sensors on training cycles; turn any cycles into window features.

    The input is a frame with ``unit``, ``cycle`` and the sensor columns (the FD001 columns);
    the output has one row per input row, in the input's order.
    """

    def __init__(self, windows: Sequence[int] = (10, 20, 30)) -> None:
        self.windows = windows

    def fit(self, frame: pd.DataFrame, y: object = None) -> "SensorWindowFeatures":
        self.flat_sensors_ = near_zero_variance(frame, SENSORS)
        self.sensors_ = [name for name in SENSORS if name not in self.flat_sensors_]
        # Plain lists and arrays: a pickled pandas object can depend on pyarrow, which the
        # serving image does not install.
        self.centres_ = frame[self.sensors_].mean().to_numpy(dtype=float)
        return self

    def transform(self, frame: pd.DataFrame) -> pd.DataFrame:
        return window_features(frame, self.sensors_, self.centres_, self.windows)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.asarray(feature_names(self.sensors_, self.windows), dtype=object)
