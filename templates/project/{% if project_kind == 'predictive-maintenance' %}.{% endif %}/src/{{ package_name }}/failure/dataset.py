"""Data stage of machine failure: load from a source, validate, split at random (stratified by
failure), save the splits.

Sources: `synthetic` (generated, the default), `public` (the UCI archive, downloaded once into the
raw folder and unzipped) or the path of a CSV file in the AI4I 2020 schema: the product type, the
five readings and `Machine failure` are required; `UDI`, `Product ID` and the failure-mode flags
are optional.
"""

from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pooch

from frame.files import write_file
from frame.sources import (
    check_splits,
    existing_path,
    fetch_public,
    read_manifest,
    save_prepared,
    stratified_split,
    write_csv,
)

from ..data_files import MIN_SPLIT_ROWS, read_csv
from .config import FailureSettings
from .schemas import FAILURE_MODES, ID_COLUMN, TARGET_COLUMN, build_reading_schema
from .synthetic import generate_readings

BATCH_FILE = "batch.csv"


def read_readings(path: Path, require_target: bool = True) -> pd.DataFrame:
    """Read a CSV of machine readings and validate it (the target only when required). A file
    without `UDI` gets one as AI4I defines it: the row number, from 1.
    """
    readings = read_csv(path, build_reading_schema(require_target))
    if ID_COLUMN in readings.columns:
        return readings
    return readings.assign(**{ID_COLUMN: np.arange(1, len(readings) + 1, dtype=np.int64)})


def locate_readings(settings: FailureSettings, source: str) -> Path:
    if source == "synthetic":
        readings = generate_readings(settings.data.synthetic_rows, settings.seed)
        return write_file(settings.paths.raw / "synthetic.csv", partial(write_csv, readings))
    if source == "public":
        return fetch_public(settings, pooch.Unzip(), by_hand="the ai4i2020.csv inside it")
    return existing_path(source)


def describe_readings(splits: dict[str, pd.DataFrame]) -> dict[str, Any]:
    return {
        name: {
            "rows": len(part),
            "failures": int(part[TARGET_COLUMN].sum()),
            "positive_rate": round(float(part[TARGET_COLUMN].mean()), 4),
        }
        for name, part in splits.items()
    }


def prepare_data(settings: FailureSettings, source: str | None = None) -> dict[str, Any]:
    """Load, validate, split and save; return the manifest that describes what was written."""
    chosen = source or settings.data.source
    raw_path = locate_readings(settings, chosen)
    readings, split = read_readings(raw_path), settings.split
    splits = stratified_split(
        readings,
        readings[TARGET_COLUMN],
        split.validation_fraction,
        split.test_fraction,
        settings.seed,
    )
    check_splits(splits, MIN_SPLIT_ROWS, TARGET_COLUMN)
    files = {f"{name}.csv": part for name, part in splits.items()}
    return save_prepared(settings, chosen, raw_path, files, describe_readings(splits))


def load_split(settings: FailureSettings, name: str) -> pd.DataFrame:
    read_manifest(settings)
    return read_readings(settings.paths.processed / f"{name}.csv")


def write_batch(settings: FailureSettings, rows: int, seed: int, drifted: bool = False) -> Path:
    """A new unlabelled batch of generated readings, as scoring would receive them; `drifted`
    draws it from a shifted population. Written to the batches folder; returns its path.
    """
    batch = generate_readings(rows, seed, drifted=drifted).drop(
        columns=[TARGET_COLUMN, *FAILURE_MODES]
    )
    return write_file(settings.paths.batches / BATCH_FILE, partial(write_csv, batch))


def read_batch(path: Path) -> pd.DataFrame:
    """A batch to monitor: a CSV of readings, target and flags optional, validated."""
    return read_readings(path, require_target=False)
