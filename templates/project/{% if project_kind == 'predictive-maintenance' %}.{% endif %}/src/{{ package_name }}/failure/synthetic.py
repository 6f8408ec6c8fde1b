"""A seeded generator of machine readings in the schema of UCI "AI4I 2020 Predictive Maintenance",
written from the data set's published description: nothing is copied or resampled from the real
file (UCI data set 601); ``seed`` only controls the draws:

* ``Type`` L / M / H with shares 60 / 30 / 10 %; ``Product ID`` is that letter and a 5-digit
  serial counted per type.
* Air temperature: a random walk normalised to 300 K, sd 2 K. Process temperature: air
  + 10 K + a second, faster walk normalised to sd 1 K.
* Torque: normal around 40 Nm, sd 10, folded to be non-negative. Rotational speed: an idle speed
  plus the speed at which a 2,860 W drive turns against the load (torque + a friction torque),
  with normal noise. Taken literally, 2,860 W at 40 Nm would be 683 rpm, far below the published
  1,168..2,886 rpm, so the 2,860 W sets the shape of the speed-torque curve and the idle speed
  and friction torque are calibrated to the published range.
* Tool wear: every process adds 2 / 3 / 5 min (L / M / H) to the tool in use. Each tool gets a
  life drawn uniformly from 200..240 min; when it is reached the tool fails (TWF) or is replaced
  (51 in 120, as documented), and the next process starts on a new tool. An overstrain failure
  wrecks the tool in 30 % of cases (a calibration choice, see ``OSF_WRECKS_TOOL_SHARE``).

Failure modes follow the documented rules: HDF (process - air < 8.6 K and speed < 1,380 rpm),
PWF (torque x angular speed outside 3,500..9,000 W), OSF (wear x torque above 11,000 / 12,000 /
13,000 min Nm for L / M / H), TWF (above), RNF (0.1 % of processes at random). ``Machine failure``
is 1 exactly when at least one mode fired, as the documentation states (the real file breaks
this for a few rows; a loader for it must not assume it).

Why a model cannot be perfect: the rules act on the machine's true state, but the columns are
sensor readings of that state with noise and the file's rounding. A process near a threshold
can fall on either side. TWF depends on a tool life that no column shows, and RNF on nothing.
"""

import numpy as np
import pandas as pd
from scipy.signal import lfilter

from .schemas import (
    AIR_COLUMN,
    BOUNDS,
    COLUMN_ORDER,
    FAILURE_MODES,
    PROCESS_COLUMN,
    PRODUCT_TYPES,
    SPEED_COLUMN,
    TARGET_COLUMN,
    TORQUE_COLUMN,
    WEAR_COLUMN,
)

TYPE_SHARES = {"L": 0.6, "M": 0.3, "H": 0.1}
# First serial of each type; serials count up per type, so every Product ID is unique.
FIRST_SERIAL = {"L": 40_001, "M": 10_001, "H": 70_001}
WEAR_PER_PROCESS_MIN = {"L": 2, "M": 3, "H": 5}

AIR_MEAN_K = 300.0
AIR_SD_K = 2.0
PROCESS_OFFSET_K = 10.0
PROCESS_SD_K = 1.0
# AR(1) coefficients of the two walks: air drifts over ~20 processes, the process-air gap over ~40.
# The published walks' pace is not documented. A much slower air walk has only a handful of
# independent values in a batch of 1,000 processes, so every fresh batch would look drifted
# against the training data; a slower gap walk would make the heat-dissipation rate swing from
# seed to seed.
AIR_MEMORY = 0.95
PROCESS_MEMORY = 0.975

TORQUE_MEAN_NM = 40.0
TORQUE_SD_NM = 10.0
DRIVE_POWER_W = 2_860.0
IDLE_SPEED_RPM = 900.0
FRICTION_TORQUE_NM = 5.0
SPEED_NOISE_RPM = 40.0
MAX_SPEED_RPM = 2_900.0  # the spindle's limit: only the lightest loads (~0.1 %) reach it

TOOL_LIFE_MIN = (200.0, 240.0)
TOOL_FAILURE_SHARE = 51 / 120  # of tools reaching their life: the rest are replaced in time
# Share of overstrain failures that wreck the tool, so that it is replaced. Not documented: it is
# the knob that brings OSF (and the overall rate) to the published ~1 % (~3.4 %). Never replacing
# gives OSF ~1.3 %; always replacing starves TWF (~0.2 %), as few tools then reach their life.
OSF_WRECKS_TOOL_SHARE = 0.3
HDF_MAX_GAP_K = 8.6
HDF_MAX_SPEED_RPM = 1_380.0
PWF_POWER_RANGE_W = (3_500.0, 9_000.0)
OSF_LIMIT_MIN_NM = {"L": 11_000.0, "M": 12_000.0, "H": 13_000.0}
RNF_RATE = 0.001

# Standard deviation of each sensor's error, before the file's rounding (0.1 K, 1 rpm, 0.1 Nm).
# Tool wear is a counter, exact.
SENSOR_NOISE = {AIR_COLUMN: 0.15, PROCESS_COLUMN: 0.15, SPEED_COLUMN: 10.0, TORQUE_COLUMN: 0.8}

# The drifted population: a hot summer, a product mix richer in H, and reground tools that start
# with some wear instead of new ones. The rules stay the same, so only the inputs (and, through
# them, the failure rate) move.
DRIFT_AIR_SHIFT_K = 3.0
DRIFT_TYPE_SHARES = {"L": 0.4, "M": 0.3, "H": 0.3}
DRIFT_START_WEAR_MIN = (10, 50)


def _smooth_walk(rng: np.random.Generator, rows: int, memory: float) -> np.ndarray:
    """Return a mean-reverting random walk of ``rows`` steps normalised to mean 0 and sd 1."""
    walk = lfilter([1.0], [1.0, -memory], rng.normal(size=rows))
    spread = walk.std()
    return (walk - walk.mean()) / spread if spread > 0 else np.zeros(rows)


def _draw_types(rng: np.random.Generator, rows: int, shares: dict[str, float]) -> np.ndarray:
    return rng.choice(PRODUCT_TYPES, size=rows, p=[shares[kind] for kind in PRODUCT_TYPES])


def _product_ids(types: np.ndarray) -> list[str]:
    """Return ``Type`` + a 5-digit serial that counts up separately for each type."""
    counters = dict(FIRST_SERIAL)
    ids = []
    for kind in types:
        ids.append(f"{kind}{counters[kind]:05d}")
        counters[kind] += 1
    return ids


def _draw_load(rng: np.random.Generator, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the true torque (Nm) and rotational speed (rpm) of each process."""
    torque = np.abs(rng.normal(TORQUE_MEAN_NM, TORQUE_SD_NM, rows))
    drive_rpm = DRIVE_POWER_W / (torque + FRICTION_TORQUE_NM) * 60.0 / (2.0 * np.pi)
    speed = IDLE_SPEED_RPM + drive_rpm + rng.normal(0.0, SPEED_NOISE_RPM, rows)
    return torque, np.minimum(speed, MAX_SPEED_RPM)


def _run_tools(
    rng: np.random.Generator,
    types: np.ndarray,
    torque: np.ndarray,
    start_wear: tuple[int, int] | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the wear of the tool at each process, whether the tool broke at its end of life
    (TWF) and whether the process overstrained it (OSF, wear x torque above the type's limit).

    The tool ends at its life (broken or replaced in time) or when an overstrain wrecks it; the
    next process starts on a new tool, or a reground one whose wear ``start_wear`` draws (None:
    new tools only).
    """
    rows = len(types)
    wear = np.zeros(rows, dtype=np.int64)
    worn_out = np.zeros(rows, dtype=bool)
    overstrained = np.zeros(rows, dtype=bool)
    lives = rng.uniform(*TOOL_LIFE_MIN, size=rows)  # at most one tool per process
    breaks = rng.random(rows) < TOOL_FAILURE_SHARE
    wrecks = rng.random(rows) < OSF_WRECKS_TOOL_SHARE
    starts = rng.integers(*start_wear, size=rows, endpoint=True) if start_wear else None
    tool, current = 0, 0
    for row, kind in enumerate(types):
        wear[row] = current
        worn_out[row] = current >= lives[tool] and breaks[tool]
        overstrained[row] = current * torque[row] > OSF_LIMIT_MIN_NM[kind]
        if current >= lives[tool] or (overstrained[row] and wrecks[row]):
            tool += 1
            current = int(starts[tool]) if starts is not None else 0
        else:
            current += WEAR_PER_PROCESS_MIN[kind]
    return wear, worn_out, overstrained


def _state_failures(state: pd.DataFrame) -> dict[str, np.ndarray]:
    """Return the HDF and PWF flags that the documented rules give for the true state."""
    gap = state[PROCESS_COLUMN] - state[AIR_COLUMN]
    power = state[TORQUE_COLUMN] * state[SPEED_COLUMN] * 2.0 * np.pi / 60.0
    low, high = PWF_POWER_RANGE_W
    return {
        "HDF": ((gap < HDF_MAX_GAP_K) & (state[SPEED_COLUMN] < HDF_MAX_SPEED_RPM)).to_numpy(),
        "PWF": ((power < low) | (power > high)).to_numpy(),
    }


def _read_sensors(rng: np.random.Generator, state: pd.DataFrame) -> pd.DataFrame:
    """Return the state as the sensors record it: with noise, rounded as in the public file."""
    readings = state.copy()
    for column, noise in SENSOR_NOISE.items():
        readings[column] = state[column] + rng.normal(0.0, noise, len(state))
    for column, (low, high) in BOUNDS.items():  # the schema's, so any size and seed keeps to it
        readings[column] = readings[column].clip(low, high)
    for column in (AIR_COLUMN, PROCESS_COLUMN, TORQUE_COLUMN):
        readings[column] = readings[column].round(1)
    readings[SPEED_COLUMN] = readings[SPEED_COLUMN].round().astype(np.int64)
    return readings


def generate_readings(rows: int = 10_000, seed: int = 42, drifted: bool = False) -> pd.DataFrame:
    """Return ``rows`` synthetic processes in the AI4I 2020 schema, in process order.

    ``drifted=True`` draws a shifted population for drift-monitoring tests: air 3 K hotter
    (process temperature follows), 30 % H-type products instead of 10 %, and replacement tools
    that start with 10..50 min of wear. The failure rules are unchanged.
    """
    if rows < 1:
        raise ValueError(f"need at least one row, got {rows=}")
    rng = np.random.default_rng(seed)
    types = _draw_types(rng, rows, DRIFT_TYPE_SHARES if drifted else TYPE_SHARES)
    air = AIR_MEAN_K + AIR_SD_K * _smooth_walk(rng, rows, AIR_MEMORY)
    air += DRIFT_AIR_SHIFT_K if drifted else 0.0
    process = air + PROCESS_OFFSET_K + PROCESS_SD_K * _smooth_walk(rng, rows, PROCESS_MEMORY)
    torque, speed = _draw_load(rng, rows)
    start_wear = DRIFT_START_WEAR_MIN if drifted else None
    wear, worn_out, overstrained = _run_tools(rng, types, torque, start_wear)
    state = pd.DataFrame(
        {
            "UDI": np.arange(1, rows + 1, dtype=np.int64),
            "Product ID": _product_ids(types),
            "Type": types,
            AIR_COLUMN: air,
            PROCESS_COLUMN: process,
            SPEED_COLUMN: speed,
            TORQUE_COLUMN: torque,
            WEAR_COLUMN: wear,
        }
    )
    flags = {
        "TWF": worn_out,
        **_state_failures(state),
        "OSF": overstrained,
        "RNF": rng.random(rows) < RNF_RATE,
    }
    readings = _read_sensors(rng, state)
    for mode in FAILURE_MODES:
        readings[mode] = flags[mode].astype(np.int64)
    readings[TARGET_COLUMN] = readings[FAILURE_MODES].max(axis=1).astype(np.int64)
    return readings[COLUMN_ORDER]
