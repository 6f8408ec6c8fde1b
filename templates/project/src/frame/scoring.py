"""Batch scoring (`make score`): one pure function, the project's `Scoring.score`, mapped over
partitions of the input with the model the service loads.

The input is a CSV or Parquet file, or a folder of them (read in name order; names starting with
`.` or `_` are skipped). It is streamed: partitions of at most `partition_rows` rows are read one
at a time, and at most a few are in flight, so memory stays flat however large the input is. A
CSV is read as text (an empty cell is an empty string): the project's schema converts the values,
as it does for the data stage. A partition's index counts the file's rows from 0, so a schema
message names the row in the file, and a failing partition is named by its file and rows.

A project may name a column whose rows a partition must not split (an engine's cycles): rows of
one value must then come together in their file, and a value that comes back after other rows of
that file is refused.

The predictions of every partition are appended, in input order, to a temporary file beside the
output (its extension, .csv or .parquet, picks the format), which replaces the output only when
every partition has been scored: a failure, Ctrl-C or SIGTERM leaves no partial output.

Executors: `local` scores the partitions one after another in this process; `dask` sends them
to a Dask cluster, the one at `DASK_SCHEDULER_ADDRESS` (a real cluster), else a cluster of one
worker process per core started here. Both give the same output, byte for byte.
"""

import os
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .errors import ConfigError, DataError, ProjectError
from .files import written_together
from .settings import ProjectSettings

if TYPE_CHECKING:
    import pandas as pd
    from distributed import Client

    from .contract import Project

FORMATS = (".csv", ".parquet")
PARTITION_ROWS = 50_000
EXECUTORS = ("local", "dask")
Score = Callable[[Any, "pd.DataFrame"], "pd.DataFrame"]


@dataclass(frozen=True)
class Partition:
    """Rows of one input file; the frame's index is their position in it (label 0 = row 1)."""

    file: Path
    frame: "pd.DataFrame"

    @property
    def rows(self) -> str:
        first = int(self.frame.index[0]) + 1 if len(self.frame) else 0
        return f"rows {first:,}-{first + len(self.frame) - 1:,}"


@dataclass(frozen=True)
class Scored:
    """What scoring wrote: the output, and how many rows went in and came out."""

    output: Path
    rows_in: int
    rows_out: int
    partitions: int


def input_files(path: Path) -> list[Path]:
    """The CSV and Parquet files to score: the file given, or those under the folder in name
    order; DataError when there is none.
    """
    if path.is_file():
        if path.suffix not in FORMATS:
            raise DataError(f"{path} is neither a .csv nor a .parquet file")
        return [path]
    if not path.is_dir():
        raise DataError(f"no input at {path}: give a .csv or .parquet file, or a folder of them")
    files = sorted(
        item
        for item in path.rglob("*")
        if item.is_file()
        and item.suffix in FORMATS
        and not any(part.startswith((".", "_")) for part in item.relative_to(path).parts)
    )
    if not files:
        raise DataError(f"no .csv or .parquet files in {path}")
    return files


def read_chunks(file: Path, rows: int) -> Iterator["pd.DataFrame"]:
    """The file's rows, `rows` at a time, indexed by their position in the file."""
    import pandas as pd

    start = 0
    for chunk in csv_chunks(file, rows) if file.suffix == ".csv" else parquet_chunks(file, rows):
        chunk.index = pd.RangeIndex(start, start + len(chunk))
        start += len(chunk)
        yield chunk


def csv_chunks(file: Path, rows: int) -> Iterator["pd.DataFrame"]:
    import pandas as pd

    try:
        yield from pd.read_csv(file, dtype=str, keep_default_na=False, chunksize=rows)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as error:
        raise DataError(f"{file} is not a readable CSV file: {error}") from None


def parquet_chunks(file: Path, rows: int) -> Iterator["pd.DataFrame"]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ConfigError("reading Parquet needs pyarrow: uv sync --group batch") from None
    try:
        source = pq.ParquetFile(file)
        for batch in source.iter_batches(batch_size=rows):
            yield batch.to_pandas()
    except (pa.ArrowException, OSError) as error:
        raise DataError(f"{file} is not a readable Parquet file: {error}") from None


def partitions(files: list[Path], rows: int, together: str | None = None) -> Iterator[Partition]:
    """The input, partition by partition; with `together`, a partition ends where a value of that
    column does, and a value met again after other rows is refused with its file and row.
    """
    import pandas as pd

    for file in files:
        finished: set[Any] = set()  # groups are a file's: two files may both hold engine 1
        carried = None
        for chunk in read_chunks(file, rows):
            if together is None:
                yield Partition(file, chunk)
                continue
            if together not in chunk.columns:
                raise DataError(f"{file} has no `{together}` column")
            frame = chunk if carried is None else pd.concat([carried, chunk])
            ready, carried = split_last_run(frame, together)
            if len(ready):
                yield Partition(file, kept_together(file, ready, together, finished))
        if together is not None and carried is not None and len(carried):
            yield Partition(file, kept_together(file, carried, together, finished))


def split_last_run(frame: "pd.DataFrame", column: str) -> tuple["pd.DataFrame", "pd.DataFrame"]:
    """The frame before the last run of one value of `column`, and that run (which the next
    chunk may continue).
    """
    import numpy as np

    values = frame[column].to_numpy()
    others = np.flatnonzero(values != values[-1])
    cut = int(others[-1]) + 1 if len(others) else 0
    return frame.iloc[:cut], frame.iloc[cut:]


def kept_together(
    file: Path, frame: "pd.DataFrame", column: str, finished: set[Any]
) -> "pd.DataFrame":
    """The frame, once each value of `column` in it is known to start here and to be one run."""
    keys = frame[column]
    starts = keys[keys.ne(keys.shift())]
    repeated = starts[starts.duplicated() | starts.isin(finished)]
    if len(repeated):
        label, value = repeated.index[0], repeated.iloc[0]
        raise DataError(
            f"{file}, row {int(label) + 1:,}: {column} {value} comes again after other rows; "
            f"keep the rows of each {column} together (sort the file by {column})"
        )
    finished.update(starts.tolist())
    return frame


def score_partition(score: Score, model: Any, partition: Partition) -> "pd.DataFrame":
    """The predictions of one partition; any failure becomes a DataError naming its file and
    rows (a schema's message names the row itself). The error carries no chained exception, so
    that it travels back from a Dask worker as it is.
    """
    try:
        return score(model, partition.frame)
    except ProjectError as error:
        problem = str(error)
    except Exception as error:  # a value the scoring code cannot take
        problem = f"{type(error).__name__}: {error}"
    raise DataError(f"{partition.file}, {partition.rows}: {problem}")


class Executor(Protocol):
    def map(self, score: Score, model: Any, parts: Iterator[Partition]) -> Iterator["pd.DataFrame"]:
        """The predictions of each partition, in the order of the partitions."""
        ...


class LocalExecutor:
    """One partition after another, in this process."""

    def map(self, score: Score, model: Any, parts: Iterator[Partition]) -> Iterator["pd.DataFrame"]:
        for partition in parts:
            yield score_partition(score, model, partition)


class DaskExecutor:
    """Partitions sent to the workers of a Dask cluster, at most `in_flight` at a time (so the
    input is never held whole), their predictions collected in input order. The model goes to
    every worker once.
    """

    def __init__(self, client: "Client", in_flight: int | None = None) -> None:
        self.client = client
        threads = sum(client.nthreads().values()) or 1
        self.in_flight = in_flight or 2 * threads

    def map(self, score: Score, model: Any, parts: Iterator[Partition]) -> Iterator["pd.DataFrame"]:
        shared = self.client.scatter(model, broadcast=True, hash=False)
        pending: deque[Any] = deque()
        try:
            for partition in parts:
                pending.append(
                    self.client.submit(score_partition, score, shared, partition, pure=False)
                )
                if len(pending) >= self.in_flight:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


@contextmanager
def dask_executor() -> Iterator[DaskExecutor]:
    """The cluster at DASK_SCHEDULER_ADDRESS, else one started here (a worker process per core,
    one thread each), closed on leaving.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ConfigError("the dask executor needs Dask: uv sync --group batch") from None
    address = os.environ.get("DASK_SCHEDULER_ADDRESS")
    if address:
        try:
            client = Client(address, timeout="30s")
        except OSError as error:
            raise ConfigError(f"no Dask scheduler at {address}: {error}") from None
        with client:
            yield DaskExecutor(client)
        return
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    with (
        LocalCluster(n_workers=cores or 1, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        yield DaskExecutor(client)


class Output:
    """Predictions appended to a file as they come, in the format its extension names."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows = 0
        self.writer: Any = None
        self.columns: list[str] | None = None

    def append(self, predictions: "pd.DataFrame") -> None:
        columns = [str(name) for name in predictions.columns]
        if self.columns is None:
            self.columns = columns
        elif columns != self.columns:
            raise DataError(f"a partition's predictions have columns {columns}, not {self.columns}")
        if self.path.suffix == ".csv":
            predictions.to_csv(self.path, mode="a", header=self.rows == 0, index=False)
        else:
            self.append_parquet(predictions)
        self.rows += len(predictions)

    def append_parquet(self, predictions: "pd.DataFrame") -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(predictions, preserve_index=False)
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.path, table.schema)
        self.writer.write_table(table.cast(self.writer.schema))

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def check_paths(source: Path, output: Path) -> None:
    if output.suffix not in FORMATS:
        raise DataError(f"the output {output} must end in .csv or .parquet")
    if source.is_dir() and output.resolve().is_relative_to(source.resolve()):
        raise DataError(f"the output {output} is inside the input folder {source}")


def score_input(
    score: Score,
    model: Any,
    source: Path,
    output: Path,
    executor: Executor,
    partition_rows: int = PARTITION_ROWS,
    together: str | None = None,
) -> Scored:
    """Score every row of `source` into `output`, atomically; see the module's docstring."""
    check_paths(source, output)
    files = input_files(source)
    counted = {"rows": 0, "partitions": 0}

    def counting(parts: Iterator[Partition]) -> Iterator[Partition]:
        for partition in parts:
            counted["rows"] += len(partition.frame)
            counted["partitions"] += 1
            yield partition

    with written_together() as staged:
        written = Output(staged.path(output))
        try:
            for predictions in executor.map(
                score, model, counting(partitions(files, partition_rows, together))
            ):
                written.append(predictions)
        finally:
            written.close()
        if written.columns is None:
            raise DataError(f"nothing to write to {output}: {source} gave no predictions")
    return Scored(output, counted["rows"], written.rows, counted["partitions"])


@contextmanager
def executor_named(name: str) -> Iterator[Executor]:
    if name == "dask":
        with dask_executor() as executor:
            yield executor
    else:
        yield LocalExecutor()


def score_batch(
    project: "Project[Any]",
    settings: ProjectSettings,
    source: Path,
    output: Path,
    executor: str,
    partition_rows: int = PARTITION_ROWS,
) -> Scored:
    """`make score`: the project's scoring function over the input, with the model as the
    service loads it; the input is checked before the model loads.
    """
    check_paths(source, output)
    input_files(source)
    scoring = project.scoring()
    model = project.serving().load_model(settings)
    score = partial(scoring.score, settings)
    with executor_named(executor) as running:
        return score_input(score, model, source, output, running, partition_rows, scoring.together)
