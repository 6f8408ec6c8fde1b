"""Data stage of remaining useful life: load from a source, validate, split, save the splits.

Sources: `synthetic` (a generated fleet written as the three FD001 files) or the path of a folder
holding `train_FD001.txt`, `test_FD001.txt` and `RUL_FD001.txt`, such as NASA's own. The
run-to-failure engines are split, whole, into train and validation; the test engines come from
their own file. Every file read is validated.
"""

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from frame.errors import DataError
from frame.sources import check_splits, existing_path, read_manifest, save_prepared, validate_frame

from ..data_files import MIN_SPLIT_ROWS, UNREADABLE, read_csv
from .config import RulSettings
from .features import add_rul_target
from .schemas import (
    CYCLE_COLUMN,
    CYCLE_COLUMNS,
    RUL_COLUMN,
    RUL_FILES,
    UNIT_COLUMN,
    build_cycle_schema,
)
from .synthetic import write_folder

MIN_TRAIN_ENGINES = 2  # the rest of the run-to-failure engines validate


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


def prepare_data(settings: RulSettings, source: str | None = None) -> dict[str, Any]:
    """Load, validate, split and save; return the manifest that describes what was written."""
    chosen = source or settings.data.source
    raw_path = locate_fleet(settings, chosen)
    splits = split_engines(*read_fleet(raw_path), settings.split.validation_fraction, settings.seed)
    check_splits(splits, MIN_SPLIT_ROWS)
    files = {f"{name}.csv": part for name, part in splits.items()}
    return save_prepared(settings, chosen, raw_path, files, describe_engines(splits))


def read_prepared_cycles(path: Path, with_rul: bool = True) -> pd.DataFrame:
    """A CSV of cycles with a header, such as a prepared split, validated."""
    return read_csv(path, build_cycle_schema(with_rul))


def load_split(settings: RulSettings, name: str) -> pd.DataFrame:
    read_manifest(settings)
    return read_prepared_cycles(settings.paths.processed / f"{name}.csv")
