"""Batch scoring (frame/scoring.py) on a toy scoring function: partitions streamed from CSV and Parquet files
and folders, groups kept whole, the same bytes from both executors, and failures that name the file and row and
leave the previous output.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa
import pytest
from distributed import Client
from frame.errors import DataError
from frame.scoring import DaskExecutor, LocalExecutor, input_files, partitions, score_input
from frame.sources import validate_frame

SCHEMA = pa.DataFrameSchema(
    {"engine": pa.Column("int64", coerce=True), "value": pa.Column("float64", pa.Check.ge(0), coerce=True)},
    strict=True,
    name="readings",
)


def scaled(model: Any, partition: pd.DataFrame) -> pd.DataFrame:
    """A pure scoring function: each engine's rows, their sum times the model's factor."""
    rows = validate_frame(partition, SCHEMA, "the input")
    totals = rows.groupby("engine", sort=False)["value"].agg(["count", "sum"]).reset_index()
    return totals.assign(score=totals["sum"] * model)


def readings(engines: int, per_engine: int = 3) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "engine": [engine for engine in range(1, engines + 1) for _ in range(per_engine)],
            "value": [float(row % 7) for row in range(engines * per_engine)],
        }
    )


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Client]:
    with Client(processes=False, n_workers=2, threads_per_worker=1, dashboard_address=None) as client:
        yield client


def test_groups_stay_whole_and_every_executor_writes_the_same_bytes(tmp_path: Path, dask_client: Client) -> None:
    source = tmp_path / "in.csv"
    readings(50).to_csv(source, index=False)
    outputs = {}
    for name, executor, rows in [
        ("whole", LocalExecutor(), 10_000),
        ("local", LocalExecutor(), 7),
        ("dask", DaskExecutor(dask_client, in_flight=2), 7),
    ]:
        output = tmp_path / f"{name}.csv"
        scored = score_input(scaled, 2.0, source, output, executor, rows, together="engine")
        assert (scored.rows_in, scored.rows_out) == (150, 50)
        outputs[name] = output.read_bytes()
    assert outputs["whole"] == outputs["local"] == outputs["dask"]
    assert pd.read_csv(tmp_path / "local.csv")["count"].eq(3).all()  # no engine split between partitions


def test_parquet_in_and_out_and_a_folder_in_name_order(tmp_path: Path, dask_client: Client) -> None:
    folder = tmp_path / "input"
    (folder / "part").mkdir(parents=True)
    readings(4).to_parquet(folder / "part" / "b.parquet")
    readings(2).assign(engine=lambda frame: frame["engine"] + 10).to_csv(folder / "a.csv", index=False)
    (folder / "_SUCCESS.csv").write_text("ignored\n")
    (folder / ".hidden.csv").write_text("ignored\n")
    assert [path.name for path in input_files(folder)] == ["a.csv", "b.parquet"]
    score_input(scaled, 1.0, folder, tmp_path / "out.parquet", DaskExecutor(dask_client), 5, together="engine")
    written = pd.read_parquet(tmp_path / "out.parquet")
    assert written["engine"].tolist() == [11, 12, 1, 2, 3, 4]


def test_a_partition_that_fails_names_its_file_and_row_and_the_previous_output_stays(
    tmp_path: Path, dask_client: Client
) -> None:
    frame = readings(30)
    frame.loc[47, "value"] = -1.0  # row 48 of the file
    source = tmp_path / "in.csv"
    frame.to_csv(source, index=False)
    output = tmp_path / "out" / "scores.csv"
    output.parent.mkdir()
    output.write_text("previous\n")
    for executor in [LocalExecutor(), DaskExecutor(dask_client)]:
        with pytest.raises(DataError) as failure:
            score_input(scaled, 1.0, source, output, executor, 20)
        assert str(failure.value).startswith(f"{source}, rows 41-60: the input does not match the readings schema")
        assert "-1 in row 48 " in str(failure.value)
        assert output.read_text() == "previous\n"
        assert [path.name for path in output.parent.iterdir()] == ["scores.csv"]


def test_rows_of_a_group_that_come_back_later_are_refused_with_their_row(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    pd.concat([readings(3), readings(1)]).to_csv(source, index=False)
    with pytest.raises(DataError, match=r"in\.csv, row 10: engine 1 comes again after other rows; keep the rows"):
        list(partitions([source], 4, together="engine"))


def test_an_error_that_is_not_the_project_s_is_named_with_its_type(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    readings(2).to_csv(source, index=False)

    def broken(model: Any, partition: pd.DataFrame) -> pd.DataFrame:
        raise KeyError("score")

    with pytest.raises(DataError, match=r"in\.csv, rows 1-6: KeyError: 'score'"):
        score_input(broken, 1.0, source, tmp_path / "out.csv", LocalExecutor())
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("in.txt", "a\n", "neither a .csv nor a .parquet file"),
        ("in.parquet", "not parquet", "is not a readable Parquet file"),
        ("in.csv", 'a\n"unclosed\n', "is not a readable CSV file"),
    ],
)
def test_unreadable_input_is_one_message(tmp_path: Path, name: str, content: str, message: str) -> None:
    source = tmp_path / name
    source.write_text(content)
    with pytest.raises(DataError, match=message):
        score_input(scaled, 1.0, source, tmp_path / "out.csv", LocalExecutor())
    assert not (tmp_path / "out.csv").exists()
