"""What a user reads when their data is refused: each kind of schema failure in plain words with
its rows, a file separated by another character, and a public download that cannot connect.
"""

import socket
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pandera.pandas as pa
import pytest
from frame.errors import DataError
from frame.settings import DataSettings, PathsSettings
from frame.sources import fetch_public, no_empty_folders_left, validate_frame
from frame.tasks import TaskPathsSettings

SCHEMA = pa.DataFrameSchema(
    {
        "user_id": pa.Column(int),
        "item_id": pa.Column(int),
        "rating": pa.Column(int, pa.Check.in_range(1, 5)),
        "Amount": pa.Column(float, pa.Check.ge(0), coerce=True),
        "Class": pa.Column(int, pa.Check.isin([0, 1]), coerce=True),
        "code": pa.Column(str, unique=True),
    },
    strict=True,
    unique=["user_id", "item_id"],
    name="ratings",
)


def valid_rows(count: int = 6) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "user_id": range(count),
            "item_id": [1] * count,
            "rating": [3] * count,
            "Amount": ["1.5"] * count,
            "Class": [0] * count,
            "code": [f"c{row}" for row in range(count)],
        }
    )


def refusal(frame: pd.DataFrame) -> list[str]:
    """The lines of the error `frame` is refused with."""
    with pytest.raises(DataError) as caught:
        validate_frame(frame, SCHEMA, "data/raw/ratings.csv")
    return str(caught.value).splitlines()


def only_problem(frame: pd.DataFrame) -> str:
    first, *problems = refusal(frame)
    assert first.startswith("data/raw/ratings.csv does not match the ratings schema")
    assert len(problems) <= 1, problems
    return problems[0].strip() if problems else first.partition(":")[2].strip()


def test_a_missing_column_is_named_with_the_fix() -> None:
    problem = only_problem(valid_rows().drop(columns=["rating", "Amount"]))
    assert problem == "missing columns rating, Amount: add them to the header, spelled as here"


def test_an_unexpected_column_is_named_quoted() -> None:
    problem = only_problem(valid_rows().assign(**{"hello world": 1}))
    assert problem == "unexpected column 'hello world': remove it, or correct its name"


def test_a_long_list_of_columns_is_cut_short() -> None:
    frame = pd.DataFrame({f"V{number}": [1.0] for number in range(1, 15)})
    lines = refusal(frame)
    assert lines[1].strip() == (
        "missing columns user_id, item_id, rating, Amount, Class, code: add them to the header, spelled as here"
    )
    assert lines[2].strip() == (
        "unexpected columns V1, V2, V3, V4, V5, V6, V7, V8, V9, V10 and 4 more: remove them, or correct their names"
    )


def test_a_value_that_is_not_a_number_is_shown_with_its_row() -> None:
    frame = valid_rows()
    frame.loc[1, "Amount"] = "abc"
    assert only_problem(frame) == (
        "column Amount: 'abc' in row 2 is not a number: write plain numbers, without units or thousands separators"
    )


def test_a_value_out_of_range_is_shown_with_its_row_and_the_range() -> None:
    frame = valid_rows()
    frame.loc[2, "rating"] = 7
    assert only_problem(frame) == "column rating: 7 in row 3 is outside 1 to 5: correct it, or remove the row"


def test_a_value_below_a_bound_and_one_outside_a_set() -> None:
    frame = valid_rows()
    frame.loc[0, "Amount"] = "-3"
    frame.loc[[3, 4], "Class"] = 2
    problems = {line.strip() for line in refusal(frame)[1:]}
    assert problems == {
        "column Amount: -3 in row 1 is below 0: correct it, or remove the row",
        "column Class: 2 in rows 4, 5 are not one of 0, 1: correct them, or remove those rows",
    }


def test_repeated_pairs_name_their_rows_and_the_rule() -> None:
    frame = valid_rows()
    frame.loc[[3, 8 % 6], ["user_id", "item_id"]] = [0, 1]  # rows 1, 3 and 4 hold (0, 1)
    assert only_problem(frame) == "duplicate (user_id, item_id) pairs in rows 1, 3, 4: each must appear once"


def test_a_repeated_value_and_an_empty_cell() -> None:
    frame = valid_rows()
    frame.loc[4, "code"] = "c0"
    frame.loc[5, "Class"] = None
    problems = {line.strip() for line in refusal(frame)[1:]}
    assert problems == {
        "column code repeats a value in rows 1, 5: each value must appear once",
        "column Class is empty in row 6: fill in every row",
    }


def test_many_failing_rows_show_the_first_few_and_count_the_rest() -> None:
    frame = valid_rows(10)
    frame["rating"] = 9
    assert only_problem(frame) == (
        "column rating: 9 in rows 1, 2, 3 and 7 more are outside 1 to 5: correct them, or remove those rows"
    )


def test_many_different_values_show_the_first_rows_readably_and_count_the_rest() -> None:
    frame = valid_rows(10).assign(Amount=[-0.1 * (row + 1) for row in range(10)])
    assert only_problem(frame) == (
        "column Amount: -0.1 in row 1, -0.2 in row 2, -0.3 in row 3 and 7 more rows are below 0: "
        "correct them, or remove those rows"
    )


def test_the_message_says_how_rows_are_counted_and_hides_pandera() -> None:
    frame = valid_rows().drop(columns=["code"])
    frame.loc[1, "Amount"] = "abc"
    lines = refusal(frame)
    assert lines[0] == ("data/raw/ratings.csv does not match the ratings schema (row 1 is the first row of data):")
    text = "\n".join(lines)
    for jargon in ("column_in_dataframe", "coerce_dtype", "fails", "row(s)", "<table>"):
        assert jargon not in text


def test_rows_of_a_frame_indexed_otherwise_are_named_by_their_labels() -> None:
    frame = valid_rows().set_axis(list("abcdef"))
    frame.loc["c", "rating"] = 0
    assert "0 in the row labelled c is outside 1 to 5" in only_problem(frame)


@pytest.mark.parametrize(
    ("separator", "named"), [(";", "';'"), ("\t", "tabs"), ("|", "'|'")], ids=["semicolon", "tab", "pipe"]
)
def test_a_file_separated_by_another_character_says_so(tmp_path: Path, separator: str, named: str) -> None:
    path = tmp_path / "ratings.csv"
    valid_rows().to_csv(path, sep=separator, index=False)
    with pytest.raises(DataError) as caught:
        validate_frame(pd.read_csv(path), SCHEMA, str(path))
    assert str(caught.value) == (
        f"{path}: the file seems to be separated by {named}, not commas: save it as comma-separated"
    )


def closed_port() -> int:
    """A local port nothing listens on: connecting to it is refused at once, with no network."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def public_settings(raw: Path, paths: PathsSettings) -> SimpleNamespace:
    data = DataSettings(
        public_url=f"http://127.0.0.1:{closed_port()}/static/ai4i2020.zip", public_file_name="ai4i2020.zip"
    )
    return SimpleNamespace(data=data, paths=paths.model_copy(update={"root": raw.parent.parent}))


def test_a_download_that_cannot_connect_says_how_to_get_the_file_by_hand(tmp_path: Path) -> None:
    settings = public_settings(tmp_path / "data" / "raw", PathsSettings())
    with pytest.raises(DataError) as caught:
        fetch_public(settings)
    assert str(caught.value) == (
        f"could not download {settings.data.public_url} (no connection to 127.0.0.1): download it "
        "by hand and run `make data SOURCE=<the downloaded ai4i2020.zip>`"
    )
    assert not (tmp_path / "data").exists()  # no empty folder left behind


def test_a_task_s_download_names_the_task_and_what_to_give_as_source(tmp_path: Path) -> None:
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    (raw / ".gitkeep").touch()
    settings = public_settings(raw, TaskPathsSettings(task="failure"))
    with pytest.raises(DataError) as caught:
        fetch_public(settings, by_hand="the ai4i2020.csv inside it")
    assert str(caught.value).endswith(
        "download it by hand and run `make data TASK=failure SOURCE=<the ai4i2020.csv inside it>`"
    )
    assert sorted(path.name for path in raw.iterdir()) == [".gitkeep"]


def test_a_failed_download_removes_only_the_empty_folders_it_made(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "kept_empty").mkdir(parents=True)
    with pytest.raises(OSError), no_empty_folders_left(raw):
        (raw / "openml" / "api" / "v1").mkdir(parents=True)
        (raw / "partial").mkdir()
        (raw / "partial" / "file.part").write_text("x")
        raise OSError("no network")
    assert sorted(path.name for path in raw.iterdir()) == ["kept_empty", "partial"]
