"""Data stage: load transactions from a source, validate them, split them by time, save the splits.

A source is `synthetic` (generated, the default), `public` (OpenML's "creditcard" data set,
fetched once by scikit-learn's `fetch_openml`, which checks OpenML's md5 of the file, and cached
in the raw folder) or the path of a CSV file in the same schema. Every file read is validated.
CSV files are written with pyarrow: pandas' writer takes ~10 s for 250,000 rows, pyarrow ~1 s.

Memory stays flat as the data grows: the generator draws, the validation reads and the split
files are written `CHUNK_ROWS` rows at a time (a file sorted by Time, as the generated and the
public one are, is split by streaming it; another is sorted in memory).
"""

from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
from sklearn.datasets import fetch_openml

from frame.errors import DataError
from frame.files import write_file
from frame.sources import (
    Writer,
    check_splits,
    download_failed,
    existing_path,
    no_empty_folders_left,
    read_manifest,
    save_prepared,
    validate_frame,
)

from .config import Settings, SplitSettings
from .schemas import (
    AMOUNT_COLUMN,
    COLUMN_ORDER,
    COMPONENTS,
    PATTERN_COLUMN,
    TARGET_COLUMN,
    TIME_COLUMN,
    build_transaction_schema,
)
from .synthetic import CHUNK_ROWS, generate_transaction_chunks, generate_transactions

SPLIT_NAMES = ("train", "validation", "test")
MIN_SPLIT_ROWS = 10  # fewer, and the threshold and the metrics chosen on a split mean nothing
BATCH_FILE = "batch.csv"


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """Write a CSV file atomically (a temporary file renamed over `path`)."""
    return write_file(path, partial(write_csv_to, frame))


def write_csv_to(frame: pd.DataFrame, path: Path) -> None:
    pa_csv.write_csv(pa.Table.from_pandas(frame, preserve_index=False), path)


def write_csv_chunks(chunks: Iterable[pd.DataFrame], path: Path) -> None:
    """Write frames of the same columns one after the other as one CSV file (one header)."""
    writer = None
    try:
        for chunk in chunks:
            table = pa.Table.from_pandas(chunk, preserve_index=False)
            writer = writer or pa_csv.CSVWriter(path, table.schema)
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()


def read_transactions(path: Path, require_target: bool = True) -> pd.DataFrame:
    """Read a CSV of transactions and validate it (the target only when `require_target`)."""
    if not path.is_file():
        raise DataError(f"no data file at {path}")
    try:
        frame = pd.read_csv(path)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as error:
        raise DataError(f"{path} is not a readable CSV file: {error}") from None
    return validate_frame(frame, build_transaction_schema(require_target), str(path))


def read_transaction_chunks(path: Path) -> Iterator[pd.DataFrame]:
    """A CSV of transactions (target required), read and validated `CHUNK_ROWS` rows at a time;
    a problem is reported with the rows of the file where it is, as `read_transactions` does,
    but only those of the first chunk that has one.
    """
    if not path.is_file():
        raise DataError(f"no data file at {path}")
    schema = build_transaction_schema(require_target=True)
    try:
        with pd.read_csv(path, chunksize=CHUNK_ROWS) as reader:
            for chunk in reader:
                yield validate_frame(chunk, schema, str(path))
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as error:
        raise DataError(f"{path} is not a readable CSV file: {error}") from None


def write_synthetic(settings: Settings) -> Path:
    data = settings.data
    chunks = generate_transaction_chunks(
        data.synthetic_rows, settings.seed, data.synthetic_fraud_rate, with_pattern=True
    )
    return write_file(settings.paths.raw / "synthetic.csv", partial(write_csv_chunks, chunks))


def fetch_creditcard(settings: Settings) -> Path:
    """The OpenML data set as a CSV in the raw folder, fetched on first use, then reused."""
    path = settings.paths.raw / settings.data.public_file_name
    if path.is_file():
        return path
    try:
        with no_empty_folders_left(settings.paths.raw):
            bunch = fetch_openml(
                data_id=settings.data.openml_id,
                as_frame=True,
                parser="auto",
                data_home=settings.paths.raw / "openml",
                n_retries=1,
            )
    except OSError as error:
        raise download_failed(settings, settings.data.public_url, error) from None
    except ValueError as error:
        raise DataError(
            f"OpenML data set {settings.data.openml_id} could not be read ({error}): download "
            f"creditcard.csv by hand ({settings.data.public_url}) and run "
            "`make data SOURCE=path/to/creditcard.csv`"
        ) from None
    frame = bunch.frame
    missing = sorted(set(COLUMN_ORDER) - set(frame.columns))
    if missing:
        raise DataError(f"OpenML data set {settings.data.openml_id} lacks columns {missing}")
    frame[TARGET_COLUMN] = pd.to_numeric(frame[TARGET_COLUMN].astype(str))
    return write_csv(frame[COLUMN_ORDER], path)


def locate_source(settings: Settings, source: str) -> Path:
    """The raw file behind a source name, producing it when the source is generated or remote."""
    if source == "synthetic":
        return write_synthetic(settings)
    if source == "public":
        return fetch_creditcard(settings)
    return existing_path(source)


def cut_before_tie(times: np.ndarray, position: int) -> int:
    """Move a cut back to the first row with the same time, so no second straddles two splits."""
    if position >= len(times):
        return len(times)
    return int(np.searchsorted(times, times[position], side="left"))


def split_dataset(frame: pd.DataFrame, split: SplitSettings) -> dict[str, pd.DataFrame]:
    """Out-of-time split: train on the earliest rows, validate on later ones, test on the latest.

    Fractions are of rows, moved only where equal times meet a cut; every training row is
    strictly earlier than every validation row, and those than every test row. Nothing is
    shuffled or resampled: the same data always gives the same split.
    """
    ordered = frame.sort_values(TIME_COLUMN, kind="stable", ignore_index=True)
    times = ordered[TIME_COLUMN].to_numpy()
    rows = len(ordered)
    test_start = cut_before_tie(times, round(rows * (1 - split.test_fraction)))
    validation_start = cut_before_tie(
        times, round(rows * (1 - split.test_fraction - split.validation_fraction))
    )
    parts = {
        "train": ordered.iloc[:validation_start],
        "validation": ordered.iloc[validation_start:test_start],
        "test": ordered.iloc[test_start:],
    }
    empty = [name for name, part in parts.items() if part.empty]
    if empty:
        raise DataError(f"the {', '.join(empty)} split is empty: too few distinct times to cut")
    fraudless = [name for name, part in parts.items() if part[TARGET_COLUMN].sum() == 0]
    if fraudless:
        raise DataError(f"no fraud in the {', '.join(fraudless)} split: the data set is too small")
    check_splits(parts, MIN_SPLIT_ROWS, TARGET_COLUMN)
    return parts


def describe_splits(splits: dict[str, pd.DataFrame]) -> dict[str, Any]:
    return {
        name: {
            "rows": len(part),
            "positives": int(part[TARGET_COLUMN].sum()),
            "positive_rate": round(float(part[TARGET_COLUMN].mean()), 5),
            "time_from": float(part[TIME_COLUMN].min()),
            "time_to": float(part[TIME_COLUMN].max()),
        }
        for name, part in splits.items()
    }


def prepare_data(settings: Settings, source: str | None = None) -> dict[str, Any]:
    """Load, validate, split and save; return the manifest that describes what was written."""
    chosen = source or settings.data.source
    raw_path = locate_source(settings, chosen)
    # what the split needs, validated chunk by chunk: every row's time and label
    timeline = pd.concat(
        [chunk[[TIME_COLUMN, TARGET_COLUMN]] for chunk in read_transaction_chunks(raw_path)],
        ignore_index=True,
    )
    if not timeline[TIME_COLUMN].is_monotonic_increasing:  # sorted in memory
        splits = split_dataset(read_transactions(raw_path), settings.split)
        files: dict[str, pd.DataFrame | Writer] = {
            f"{name}.csv": part for name, part in splits.items()
        }
        summary = describe_splits(splits)
        return save_prepared(settings, chosen, raw_path, files, summary, write_csv_to)
    parts = split_dataset(timeline, settings.split)
    ends = np.cumsum([len(part) for part in parts.values()])
    files = {
        f"{name}.csv": partial(copy_rows, raw_path, int(end) - len(part), int(end))
        for (name, part), end in zip(parts.items(), ends, strict=True)
    }
    return save_prepared(settings, chosen, raw_path, files, describe_splits(parts))


def copy_rows(source: Path, start: int, stop: int, path: Path) -> None:
    """Write rows `start` to `stop` (0 = the first row of data) of a validated transactions
    CSV to `path`, streamed: the numbers are read as the schema reads them (floats, the target
    an integer) and written back as the in-memory path writes them.
    """
    types = {name: pa.float64() for name in [TIME_COLUMN, *COMPONENTS, AMOUNT_COLUMN]}
    types |= {TARGET_COLUMN: pa.int64(), PATTERN_COLUMN: pa.string()}
    options = pa_csv.ConvertOptions(column_types=types)
    reader = pa_csv.open_csv(source, convert_options=options)
    position = 0
    with pa_csv.CSVWriter(path, reader.schema) as writer:
        for batch in reader:
            begin, end = max(start - position, 0), min(stop - position, batch.num_rows)
            if begin < end:
                writer.write_batch(batch.slice(begin, end - begin))
            position += batch.num_rows
            if position >= stop:
                break


def load_split(settings: Settings, name: str) -> pd.DataFrame:
    read_manifest(settings)
    return read_transactions(settings.paths.processed / f"{name}.csv")


def write_batch(settings: Settings, rows: int, seed: int, drifted: bool = False) -> Path:
    """A new unlabelled batch of generated transactions, as scoring would receive them;
    `drifted` draws it from a shifted population. Written to the batches folder.
    """
    batch = generate_transactions(rows, seed, drifted=drifted).drop(columns=[TARGET_COLUMN])
    return write_csv(batch, settings.paths.batches / BATCH_FILE)


def read_batch(path: Path) -> pd.DataFrame:
    """A batch to monitor: a CSV in the data schema, target optional, validated."""
    return read_transactions(path, require_target=False)
