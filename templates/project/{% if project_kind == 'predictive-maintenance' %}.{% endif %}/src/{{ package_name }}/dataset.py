"""Data stage of both tasks: load from a source, validate, split, save the splits.

Machine failure: `synthetic` (generated, the default), `public` (the UCI archive, downloaded once
into the raw folder and unzipped) or the path of a CSV file in the AI4I 2020 schema. Split at
random, stratified by failure.

Remaining useful life: `synthetic` (a generated fleet written as the three FD001 files) or the
path of a folder holding `train_FD001.txt`, `test_FD001.txt` and `RUL_FD001.txt`, such as NASA's
own. The run-to-failure engines are split, whole, into train and validation; the test engines
come from their own file. Every file read is validated.
"""

from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pooch

from .config import FailureSettings, RulSettings, Settings
from frame.errors import DataError
from .features import add_rul_target
from frame.files import write_file
from .schemas import (
    CYCLE_COLUMN,
    CYCLE_COLUMNS,
    FAILURE_MODES,
    RUL_COLUMN,
    RUL_FILES,
    TARGET_COLUMN,
    UNIT_COLUMN,
    build_cycle_schema,
    build_reading_schema,
)
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
from .synthetic import generate_readings, write_folder

SPLIT_NAMES = ("train", "validation", "test")
MIN_SPLIT_ROWS = 10  # fewer, and the threshold and the metrics chosen on a split mean nothing
MIN_TRAIN_ENGINES = 2  # the rest of the run-to-failure engines validate
BATCH_FILE = "batch.csv"
UNREADABLE = (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError, ValueError)


# Machine failure
def read_csv(path: Path, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Read a CSV file with a header and validate it against `schema`."""
    if not path.is_file():
        raise DataError(f"no data file at {path}")
    try:
        frame = pd.read_csv(path)
    except UNREADABLE as error:
        raise DataError(f"{path} is not a readable CSV file: {error}") from None
    return validate_frame(frame, schema, str(path))


def read_readings(path: Path, require_target: bool = True) -> pd.DataFrame:
    """Read a CSV of machine readings and validate it (target and flags only when required)."""
    return read_csv(path, build_reading_schema(require_target))


def locate_readings(settings: FailureSettings, source: str) -> Path:
    if source == "synthetic":
        readings = generate_readings(settings.data.synthetic_rows, settings.seed)
        return write_file(settings.paths.raw / "synthetic.csv", partial(write_csv, readings))
    if source == "public":
        return fetch_public(settings, pooch.Unzip())
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


# Remaining useful life
def read_cycles(path: Path) -> pd.DataFrame:
    """One FD001 cycles file: runs of whitespace separate values (real lines end with two
    spaces), no header, 26 columns; each engine's cycles must run 1, 2, 3, ... in order.
    """
    if not path.is_file():
        raise DataError(f"no file {path.name} in {path.parent}")
    try:
        frame = pd.read_csv(path, sep=r"\s+", header=None, engine="c")
    except UNREADABLE as error:
        raise DataError(f"{path} is not a readable text file: {error}") from None
    if frame.shape[1] != len(CYCLE_COLUMNS):
        raise DataError(f"{path}: expected {len(CYCLE_COLUMNS)} columns, found {frame.shape[1]}")
    frame.columns = CYCLE_COLUMNS
    frame = validate_frame(frame, build_cycle_schema(with_rul=False), str(path))
    check_engine_order(frame, str(path))
    return frame


def check_engine_order(frame: pd.DataFrame, origin: str) -> None:
    units = frame[UNIT_COLUMN]
    if not units.is_monotonic_increasing:
        raise DataError(f"{origin}: rows must be grouped by unit, in unit order")
    position = frame.groupby(UNIT_COLUMN).cumcount() + 1
    if not frame[CYCLE_COLUMN].eq(position).all():
        raise DataError(f"{origin}: each unit's cycles must run 1, 2, 3, ... in order")


def read_fleet(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """The three FD001 files of a folder: (run-to-failure cycles, test cycles, the true RUL of
    each test engine after its last cycle, indexed by unit).
    """
    if not folder.is_dir():
        raise DataError(
            f"{folder} is not a folder: RUL data is a folder with {', '.join(RUL_FILES.values())}"
        )
    train = read_cycles(folder / RUL_FILES["train"])
    test = read_cycles(folder / RUL_FILES["test"])
    rul_path = folder / RUL_FILES["rul"]
    if not rul_path.is_file():
        raise DataError(f"no file {rul_path.name} in {folder}")
    try:
        values = pd.read_csv(rul_path, sep=r"\s+", header=None, engine="c")
    except UNREADABLE as error:
        raise DataError(f"{rul_path} is not a readable text file: {error}") from None
    units = np.sort(test[UNIT_COLUMN].unique())
    if values.shape != (len(units), 1) or not pd.api.types.is_integer_dtype(values[0]):
        raise DataError(
            f"{rul_path}: expected one whole number a line for each of {len(units)} test "
            f"engines, found {values.shape[0]} lines of {values.shape[1]} values"
        )
    rul = pd.Series(values[0].to_numpy(), index=pd.Index(units, name=UNIT_COLUMN), name=RUL_COLUMN)
    if (rul < 0).any():
        raise DataError(f"{rul_path}: a remaining useful life cannot be negative")
    return train, test, rul


def locate_fleet(settings: RulSettings, source: str) -> Path:
    if source == "synthetic":
        folder = settings.paths.raw / "synthetic"
        data = settings.data
        write_folder(
            folder, data.synthetic_train_engines, data.synthetic_test_engines, settings.seed
        )
        return folder
    if source == "public":
        raise DataError(
            "C-MAPSS has no stable download address: get the FD001 files from "
            f"{settings.data.public_url} and run `make data TASK=rul SOURCE=<their folder>`"
        )
    return existing_path(source)


def split_engines(
    train: pd.DataFrame, test: pd.DataFrame, rul: pd.Series, fraction: float, seed: int
) -> dict[str, pd.DataFrame]:
    """Whole run-to-failure engines into train and validation (a seeded draw of units), and the
    test engines with each cycle's true RUL: the published RUL after the last cycle, plus the
    cycles still to come. No engine is on two sides; `RUL` is never capped here.
    """
    units = train[UNIT_COLUMN].unique()
    held_out = max(1, round(len(units) * fraction))
    if len(units) - held_out < MIN_TRAIN_ENGINES:
        raise DataError(
            f"{len(units)} run-to-failure engine(s) are too few: training needs "
            f"{MIN_TRAIN_ENGINES} after {held_out} are held out for validation"
        )
    validation_units = np.random.default_rng(seed).choice(units, size=held_out, replace=False)
    labelled = add_rul_target(train)
    in_validation = labelled[UNIT_COLUMN].isin(validation_units)
    last = test.groupby(UNIT_COLUMN)[CYCLE_COLUMN].transform("max")
    test_rul = test[UNIT_COLUMN].map(rul) + (last - test[CYCLE_COLUMN])
    return {
        "train": labelled[~in_validation].reset_index(drop=True),
        "validation": labelled[in_validation].reset_index(drop=True),
        "test": test.assign(**{RUL_COLUMN: test_rul.astype(np.int64)}),
    }


def describe_engines(splits: dict[str, pd.DataFrame]) -> dict[str, Any]:
    described = {}
    for name, part in splits.items():
        engines = part.groupby(UNIT_COLUMN)
        described[name] = {
            "engines": int(engines.ngroups),
            "rows": len(part),
            "median_cycles": float(engines.size().median()),
            "median_final_rul": float(engines[RUL_COLUMN].min().median()),
        }
    return described


# Both tasks
def prepare_data(settings: Settings, source: str | None = None) -> dict[str, Any]:
    """Load, validate, split and save; return the manifest that describes what was written."""
    chosen = source or settings.data.source
    if isinstance(settings, RulSettings):
        raw_path = locate_fleet(settings, chosen)
        splits = split_engines(
            *read_fleet(raw_path), settings.split.validation_fraction, settings.seed
        )
        check_splits(splits, MIN_SPLIT_ROWS)
        description = describe_engines(splits)
    else:
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
        description = describe_readings(splits)
    files = {f"{name}.csv": part for name, part in splits.items()}
    return save_prepared(settings, chosen, raw_path, files, description)


def read_prepared_cycles(path: Path, with_rul: bool = True) -> pd.DataFrame:
    """A CSV of cycles with a header, such as a prepared split, validated."""
    return read_csv(path, build_cycle_schema(with_rul))


def load_split(settings: Settings, name: str) -> pd.DataFrame:
    read_manifest(settings)
    path = settings.paths.processed / f"{name}.csv"
    if isinstance(settings, RulSettings):
        return read_prepared_cycles(path)
    return read_readings(path)


def write_batch(settings: Settings, rows: int, seed: int, drifted: bool = False) -> Path:
    """A new unlabelled batch of generated readings, as scoring would receive them; `drifted`
    draws it from a shifted population. Written to the batches folder; returns its path.
    """
    if isinstance(settings, RulSettings):
        raise DataError("drift monitoring watches the failure task's readings: leave out TASK=rul")
    batch = generate_readings(rows, seed, drifted=drifted).drop(
        columns=[TARGET_COLUMN, *FAILURE_MODES]
    )
    return write_file(settings.paths.batches / BATCH_FILE, partial(write_csv, batch))


def read_batch(path: Path) -> pd.DataFrame:
    """A batch to monitor: a CSV of readings, target and flags optional, validated."""
    return read_readings(path, require_target=False)
