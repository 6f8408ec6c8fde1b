"""Data stage: load customers from a source, validate them, split them and save the splits.

A source is `synthetic` (generated, the default), `public` (downloaded once and cached in the raw
folder) or the path of a CSV file in the same schema. Every file read is validated.
"""

from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from frame.errors import DataError
from frame.files import write_file
from frame.sources import (
    check_splits,
    existing_path,
    fetch_public,
    read_manifest,
    save_prepared,
    stratified_split,
    validate_frame,
    write_csv,
)

from .config import Settings, SplitSettings
from .schemas import TARGET_COLUMN, build_customer_schema
from .synthetic import generate_customers

SPLIT_NAMES = ("train", "validation", "test")
MIN_SPLIT_ROWS = 10  # fewer, and the threshold and the metrics chosen on a split mean nothing
BATCH_FILE = "batch.csv"


def read_customers(path: Path, require_target: bool = True) -> pd.DataFrame:
    """Read a CSV as text (so TotalCharges keeps its blanks) and validate it."""
    if not path.is_file():
        raise DataError(f"no data file at {path}")
    try:
        frame = pd.read_csv(path, dtype="str", keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as error:
        raise DataError(f"{path} is not a readable CSV file: {error}") from None
    return validate_frame(frame, build_customer_schema(require_target), str(path))


def write_synthetic(settings: Settings) -> Path:
    customers = generate_customers(settings.data.synthetic_rows, settings.seed)
    return write_file(settings.paths.raw / "synthetic.csv", partial(write_csv, customers))


def locate_source(settings: Settings, source: str) -> Path:
    """The raw file behind a source name, producing it when the source is generated or remote."""
    if source == "synthetic":
        return write_synthetic(settings)
    if source == "public":
        return fetch_public(settings)
    return existing_path(source)


def split_dataset(frame: pd.DataFrame, split: SplitSettings, seed: int) -> dict[str, pd.DataFrame]:
    """Stratified train / validation / test split; fractions are of the whole frame."""
    return stratified_split(
        frame, frame[TARGET_COLUMN], split.validation_fraction, split.test_fraction, seed
    )


def describe_splits(splits: dict[str, pd.DataFrame]) -> dict[str, Any]:
    return {
        name: {
            "rows": len(part),
            "positive_rate": round(float(part[TARGET_COLUMN].eq("Yes").mean()), 4),
        }
        for name, part in splits.items()
    }


def prepare_data(settings: Settings, source: str | None = None) -> dict[str, Any]:
    """Load, validate, split and save; return the manifest that describes what was written."""
    chosen = source or settings.data.source
    raw_path = locate_source(settings, chosen)
    splits = split_dataset(read_customers(raw_path), settings.split, settings.seed)
    check_splits(splits, MIN_SPLIT_ROWS, TARGET_COLUMN)
    files = {f"{name}.csv": part for name, part in splits.items()}
    return save_prepared(settings, chosen, raw_path, files, describe_splits(splits))


def load_split(settings: Settings, name: str) -> pd.DataFrame:
    read_manifest(settings)
    return read_customers(settings.paths.processed / f"{name}.csv")


def write_batch(settings: Settings, rows: int, seed: int, drifted: bool = False) -> Path:
    """A new unlabelled batch of generated customers, as scoring would receive them; `drifted`
    draws it from a shifted population. Written to the batches folder; returns its path.
    """
    batch = generate_customers(rows, seed, drifted=drifted).drop(columns=[TARGET_COLUMN])
    return write_file(settings.paths.batches / BATCH_FILE, partial(write_csv, batch))


def read_batch(path: Path) -> pd.DataFrame:
    """A batch to monitor: a CSV in the data schema, target optional, validated."""
    return read_customers(path, require_target=False)
