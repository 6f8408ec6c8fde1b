"""A seeded generator of turbofan run-to-failure cycles in the NASA C-MAPSS FD001 layout,
written from the published description: nothing is copied or resampled from the real files.

The files have the layout of the public FD001 folder: whitespace-separated text, no header, 26
columns (``unit``, ``cycle``, ``setting_1..3``, ``s_1..s_21``), every line ending in two spaces;
``train_FD001.txt`` holds engines run to failure, ``test_FD001.txt`` other engines cut off
before failure, and ``RUL_FD001.txt`` the true remaining useful life of each test engine at its
last cycle, one integer a line.

The degradation model is hand-written:

* every engine has a lifetime ``T`` (128 + gamma, truncated at 362 cycles) and a wear rate ``r``
  (lognormal around 0.02 per cycle, sigma 0.25); its wear grows exponentially,
  ``w(t) = exp(-r (T - t))``, from almost nothing to 1 at failure, so ``w`` is a function of
  the remaining life and the engine's own rate, which a model can only estimate: that is the
  irreducible part of the error;
* an informative sensor reads ``base + offset_engine + gain_engine * amplitude * w + noise``,
  rising or falling with wear, with noise of the relative size seen in FD001 and a per-cycle
  disturbance shared by all sensors;
* ``s_9`` and ``s_14`` (core speeds) also drift linearly with age at an engine-specific rate
  unrelated to wear, as the real ones vary from engine to engine;
* flat sensors are constant at the recorded precision (``s_6`` flickers one step now and then);
* the three settings sit at FD001's single operating condition with tiny noise.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .schemas import CYCLE_COLUMNS, RUL_FILES, SENSORS

MIN_LIFETIME, MAX_LIFETIME = 128, 362
MIN_TEST_CYCLES = 31  # the shortest real test engine is about this long
MIN_TEST_RUL, MAX_TEST_RUL = 7, 145


@dataclass(frozen=True)
class Sensor:
    """How one sensor reads: level, change at failure (signed), noise, spread between engines."""

    base: float
    amplitude: float
    noise: float
    engine_spread: float
    decimals: int


# Flat sensors: constant at the recorded precision.
FLAT = {
    "s_1": Sensor(518.67, 0.0, 0.0, 0.0, 2),
    "s_5": Sensor(14.62, 0.0, 0.0, 0.0, 2),
    "s_6": Sensor(21.61, 0.0, 0.0, 0.0, 2),
    "s_10": Sensor(1.30, 0.0, 0.0, 0.0, 2),
    "s_16": Sensor(0.03, 0.0, 0.0, 0.0, 2),
    "s_18": Sensor(2388.0, 0.0, 0.0, 0.0, 0),
    "s_19": Sensor(100.0, 0.0, 0.0, 0.0, 2),
}
# Informative sensors: eight rise with wear, four fall; the core speeds s_9 and s_14 rise weakly
# and also drift with age (CORE_SPEEDS).
INFORMATIVE = {
    "s_2": Sensor(642.45, 1.25, 0.40, 0.15, 2),
    "s_3": Sensor(1588.5, 17.0, 5.5, 2.0, 2),
    "s_4": Sensor(1404.5, 30.0, 7.0, 2.5, 2),
    "s_7": Sensor(554.0, -2.7, 0.75, 0.30, 2),
    "s_8": Sensor(2388.05, 0.22, 0.06, 0.02, 2),
    "s_9": Sensor(9055.0, 30.0, 12.0, 15.0, 2),
    "s_11": Sensor(47.35, 0.95, 0.23, 0.07, 2),
    "s_12": Sensor(521.85, -2.4, 0.60, 0.25, 2),
    "s_13": Sensor(2388.05, 0.22, 0.06, 0.02, 2),
    "s_14": Sensor(8135.0, 20.0, 10.0, 12.0, 2),
    "s_15": Sensor(8.42, 0.09, 0.03, 0.01, 4),
    "s_17": Sensor(392.0, 5.5, 1.3, 0.5, 0),
    "s_20": Sensor(38.90, -0.48, 0.15, 0.05, 2),
    "s_21": Sensor(23.34, -0.28, 0.09, 0.03, 4),
}
CORE_SPEEDS = {"s_9": 0.12, "s_14": 0.10}  # spread of the engine-specific drift, per cycle
S6_FLICKER = 0.02  # share of cycles where s_6 reads one step lower
SETTING_NOISE = {"setting_1": 0.0022, "setting_2": 0.0003}
SETTING_DECIMALS = 4
WEAR_RATE, WEAR_RATE_SPREAD = 0.02, 0.25  # median per cycle; lognormal sigma
GAIN_SPREAD = 0.10  # engine-to-engine spread of a sensor's response to wear
SHARED_NOISE = 0.35  # share of a sensor's noise standard deviation that is common to all sensors


def _draw_lifetimes(rng: np.random.Generator, engines: int) -> np.ndarray:
    """Lifetimes in cycles: right-skewed, mean about 205, within 128..362 (the tail beyond 362
    is drawn again rather than clipped, so no pile of engines sits exactly at the limit).
    """
    lifetimes = np.round(MIN_LIFETIME + rng.gamma(2.0, 39.0, engines))
    while (too_long := lifetimes > MAX_LIFETIME).any():
        lifetimes[too_long] = np.round(MIN_LIFETIME + rng.gamma(2.0, 39.0, too_long.sum()))
    return lifetimes.astype(np.int64)


def _engine_frame(rng: np.random.Generator, unit: int, lifetime: int, cycles: int) -> pd.DataFrame:
    """The first ``cycles`` cycles of one engine that fails after ``lifetime`` cycles."""
    cycle = np.arange(1, cycles + 1)
    rate = WEAR_RATE * np.exp(rng.normal(0.0, WEAR_RATE_SPREAD))
    wear = np.exp(-rate * (lifetime - cycle))
    shared = rng.normal(0.0, 1.0, cycles)
    columns: dict[str, np.ndarray] = {"unit": np.full(cycles, unit), "cycle": cycle}
    for name, sd in SETTING_NOISE.items():
        columns[name] = rng.normal(0.0, sd, cycles)
    columns["setting_3"] = np.full(cycles, 100.0)
    for name in SENSORS:
        sensor = FLAT.get(name) or INFORMATIVE[name]
        gain = 1.0 + rng.normal(0.0, GAIN_SPREAD)
        own = rng.normal(0.0, 1.0, cycles)
        noise = sensor.noise * (SHARED_NOISE * shared + np.sqrt(1 - SHARED_NOISE**2) * own)
        level = sensor.base + rng.normal(0.0, sensor.engine_spread)
        age_drift = rng.normal(0.0, CORE_SPEEDS.get(name, 0.0)) * cycle
        columns[name] = level + gain * sensor.amplitude * wear + age_drift + noise
    columns["s_6"] = np.where(rng.random(cycles) < S6_FLICKER, 21.60, 21.61)
    return pd.DataFrame(columns)


def _round_like_fd001(frame: pd.DataFrame) -> pd.DataFrame:
    """Round every column to the precision the real files record."""
    rounded = frame.copy()
    for name in SETTING_NOISE:
        rounded[name] = rounded[name].round(SETTING_DECIMALS)
    for name, sensor in {**FLAT, **INFORMATIVE}.items():
        rounded[name] = rounded[name].round(sensor.decimals)
    return rounded[CYCLE_COLUMNS]


def _draw_test_rul(rng: np.random.Generator, lifetimes: np.ndarray) -> np.ndarray:
    """True RUL at the cut: skewed towards short lives left, within 7..145, and never leaving
    fewer than ``MIN_TEST_CYCLES`` observed cycles.
    """
    rul = MIN_TEST_RUL + (MAX_TEST_RUL - MIN_TEST_RUL) * rng.beta(1.2, 1.5, len(lifetimes))
    return np.minimum(np.round(rul), lifetimes - MIN_TEST_CYCLES).astype(np.int64)


def generate_fleet(
    train_engines: int = 100, test_engines: int = 100, seed: int = 42
) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """Return (train frame, test frame, true RUL of each test engine at its last cycle).

    Training engines run to failure; test engines are numbered from 1 too, as in FD001, and cut
    off at a random point before failure. The RUL series is indexed by test unit.
    """
    if train_engines < 1 or test_engines < 1:
        raise ValueError(f"need at least one engine each, got {train_engines=} {test_engines=}")
    rng = np.random.default_rng(seed)
    train_lives = _draw_lifetimes(rng, train_engines)
    test_lives = _draw_lifetimes(rng, test_engines)
    test_rul = _draw_test_rul(rng, test_lives)
    train = [_engine_frame(rng, unit, life, life) for unit, life in enumerate(train_lives, 1)]
    test = [
        _engine_frame(rng, unit, life, life - rul)
        for unit, (life, rul) in enumerate(zip(test_lives, test_rul, strict=True), 1)
    ]
    rul = pd.Series(test_rul, index=pd.RangeIndex(1, test_engines + 1, name="unit"), name="RUL")
    train_frame = _round_like_fd001(pd.concat(train, ignore_index=True))
    test_frame = _round_like_fd001(pd.concat(test, ignore_index=True))
    return train_frame, test_frame, rul


def engine_before_failure(cycles_left: int, observed: int, seed: int = 7) -> pd.DataFrame:
    """The last ``observed`` cycles of one engine (unit 1) with ``cycles_left`` cycles to go:
    the example of the service's demo page.
    """
    rng = np.random.default_rng(seed)
    lifetime = int(_draw_lifetimes(rng, 1)[0])
    frame = _engine_frame(rng, 1, lifetime, lifetime - cycles_left)
    return _round_like_fd001(frame).tail(observed).reset_index(drop=True)


def _column_formats() -> list[str]:
    formats = ["%d", "%d", f"%.{SETTING_DECIMALS}f", f"%.{SETTING_DECIMALS}f", "%.1f"]
    for name in SENSORS:
        decimals = (FLAT.get(name) or INFORMATIVE[name]).decimals
        formats.append("%d" if decimals == 0 else f"%.{decimals}f")
    return formats


def write_folder(
    folder: Path, train_engines: int = 100, test_engines: int = 100, seed: int = 42
) -> dict[str, Path]:
    """Generate a fleet and write it as the three FD001 files (lines end with two spaces)."""
    folder.mkdir(parents=True, exist_ok=True)
    train, test, rul = generate_fleet(train_engines, test_engines, seed)
    paths = {key: folder / name for key, name in RUL_FILES.items()}
    for key, frame in (("train", train), ("test", test)):
        np.savetxt(paths[key], frame.to_numpy(float), fmt=_column_formats(), newline="  \n")
    np.savetxt(paths["rul"], rul.to_numpy(), fmt="%d", newline="\n")
    return paths


def with_extra_wear(frame: pd.DataFrame, wear: float) -> pd.DataFrame:
    """Return ``frame`` with every informative sensor moved as ``wear`` more wear would move it
    (1.0 is the whole way from new to failure): what behaviour tests feed a model to check that
    it reads more wear as less life.
    """
    worn = frame.copy()
    for name, sensor in INFORMATIVE.items():
        worn[name] = worn[name] + wear * sensor.amplitude
    return worn
