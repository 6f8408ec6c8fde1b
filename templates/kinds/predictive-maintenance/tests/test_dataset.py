import hashlib
import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from {{ package_name }}.cli import app
from {{ package_name }}.config import FailureSettings, RulSettings
from {{ package_name }}.dataset import (
    load_split,
    prepare_data,
    read_fleet,
    read_readings,
    split_engines,
    write_batch,
)
from {{ package_name }}.errors import DataError
from {{ package_name }}.features import near_zero_variance
from {{ package_name }}.schemas import (
    COLUMN_ORDER,
    CYCLE_COLUMNS,
    FAILURE_MODES,
    RUL_FILES,
    SENSORS,
    TARGET_COLUMN,
)
from {{ package_name }}.synthetic import (
    FLAT,
    INFORMATIVE,
    generate_fleet,
    generate_readings,
    write_folder,
)

from .support import CONFIG_DIR, make_settings, refused_and_nothing_changed, served_over_http

runner = CliRunner()
# The zip UCI serves, as several projects that download it publish it (not downloaded here).
AI4I_ZIP_SHA256 = "f601f14294bcf190f9d720676b7f0aea46a26cde9ab8ebc7b4f8174d9d26b252"


@pytest.fixture(scope="module")
def readings() -> pd.DataFrame:
    return generate_readings(10_000, seed=42)


@pytest.fixture(scope="module")
def fleet() -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    return generate_fleet(40, 20, seed=42)


# Machine failure: the generator and the file
def test_readings_have_the_ai4i_columns_with_their_units(readings: pd.DataFrame) -> None:
    assert list(readings.columns) == [
        "UDI", "Product ID", "Type", "Air temperature [K]", "Process temperature [K]",
        "Rotational speed [rpm]", "Torque [Nm]", "Tool wear [min]", "Machine failure",
        "TWF", "HDF", "PWF", "OSF", "RNF",
    ]  # fmt: skip
    assert readings["UDI"].is_unique and readings["Product ID"].is_unique
    assert (readings["Product ID"].str[0] == readings["Type"]).all()


def test_failure_rates_follow_the_published_description(readings: pd.DataFrame) -> None:
    assert 0.025 <= readings[TARGET_COLUMN].mean() <= 0.045
    rates = readings[FAILURE_MODES].mean()
    assert 0.0005 <= rates["RNF"] <= 0.002
    assert all(0.002 <= rates[mode] <= 0.02 for mode in ("TWF", "HDF", "PWF", "OSF"))
    assert readings["Type"].value_counts(normalize=True)["L"] == pytest.approx(0.6, abs=0.03)
    # In the generated data a failure is exactly "some mode fired" (the real file breaks this).
    assert (readings[TARGET_COLUMN] == readings[FAILURE_MODES].max(axis=1)).all()


def test_failures_follow_the_documented_rules(readings: pd.DataFrame) -> None:
    gap = readings["Process temperature [K]"] - readings["Air temperature [K]"]
    slow = readings["Rotational speed [rpm]"] < 1380
    hdf_rate_inside = readings.loc[(gap < 8.4) & slow, "HDF"].mean()
    hdf_rate_outside = readings.loc[(gap > 8.8) | ~slow, "HDF"].mean()
    assert hdf_rate_inside > 0.8 and hdf_rate_outside < 0.02
    strain = readings["Tool wear [min]"] * readings["Torque [Nm]"]
    assert readings.loc[(readings["Type"] == "L") & (strain > 12_000), "OSF"].mean() > 0.8


def test_generation_is_reproducible() -> None:
    assert generate_readings(500, seed=5).equals(generate_readings(500, seed=5))
    assert not generate_readings(500, seed=5).equals(generate_readings(500, seed=6))


def test_the_real_files_quirks_load_unchanged(tmp_path: Path, readings: pd.DataFrame) -> None:
    """The real file has a random failure without `Machine failure` and a failure without a
    flag; the schema must not refuse either.
    """
    quirky = readings.head(50).copy()
    quirky.loc[0, ["RNF", TARGET_COLUMN]] = [1, 0]
    quirky.loc[1, [*FAILURE_MODES, TARGET_COLUMN]] = [0, 0, 0, 0, 0, 1]
    path = tmp_path / "ai4i2020.csv"
    quirky.to_csv(path, index=False)
    pd.testing.assert_frame_equal(read_readings(path), quirky, check_dtype=False)


def test_bad_values_are_reported_per_column(tmp_path: Path, readings: pd.DataFrame) -> None:
    bad = readings.head(20).copy()
    bad.loc[3, "Type"] = "X"
    bad.loc[4, "Air temperature [K]"] = 27.0  # Celsius in a kelvin column
    path = tmp_path / "bad.csv"
    bad.to_csv(path, index=False)
    with pytest.raises(DataError) as error:
        read_readings(path)
    message = str(error.value)
    assert "column 'Type' fails isin" in message
    assert "column 'Air temperature [K]' fails in_range" in message


def test_stratified_split_keeps_the_failure_rate(settings: FailureSettings) -> None:
    manifest = prepare_data(settings, "synthetic")
    parts = {name: load_split(settings, name) for name in ("train", "validation", "test")}
    assert [len(part) for part in parts.values()] == [600, 200, 200]
    rates = [part[TARGET_COLUMN].mean() for part in parts.values()]
    assert max(rates) - min(rates) < 0.01
    udis = [set(part["UDI"]) for part in parts.values()]
    assert not (udis[0] & udis[1] or udis[0] & udis[2] or udis[1] & udis[2])
    assert manifest["splits"]["train"]["failures"] == int(parts["train"][TARGET_COLUMN].sum())


def test_public_source_downloads_and_unzips_the_archive_once(
    tmp_path: Path, readings: pd.DataFrame
) -> None:
    served = tmp_path / "served"
    served.mkdir()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("ai4i2020.csv", readings.head(800).to_csv(index=False))
    (served / "ai4i.zip").write_bytes(archive.getvalue())
    zip_hash = f"sha256:{hashlib.sha256(archive.getvalue()).hexdigest()}"
    with served_over_http(served) as url:
        data = {"public_url": f"{url}/ai4i.zip", "public_hash": zip_hash}
        settings = make_settings(tmp_path / "project", data=data)
        manifest = prepare_data(settings, "public")
    assert manifest["source"] == "public"
    assert Path(manifest["raw_file"]).name == "ai4i2020.csv"
    assert sum(part["rows"] for part in manifest["splits"].values()) == 800


def test_the_public_archive_is_checked_against_uci_s_published_hash(
    tmp_path: Path, readings: pd.DataFrame
) -> None:
    served = tmp_path / "served"
    served.mkdir()
    with zipfile.ZipFile(served / "ai4i.zip", "w") as bundle:
        bundle.writestr("ai4i2020.csv", readings.head(800).to_csv(index=False))
    with served_over_http(served) as url:
        settings = make_settings(tmp_path / "project", data={"public_url": f"{url}/ai4i.zip"})
        assert settings.data.public_hash == f"sha256:{AI4I_ZIP_SHA256}"
        with pytest.raises(DataError, match="rejected"):
            prepare_data(settings, "public")
    assert not (settings.paths.processed / "manifest.json").exists()


def test_a_batch_has_readings_but_no_answers(settings: FailureSettings) -> None:
    batch = pd.read_csv(write_batch(settings, rows=200, seed=3))
    assert list(batch.columns) == [
        name for name in COLUMN_ORDER if name not in (TARGET_COLUMN, *FAILURE_MODES)
    ]


# Remaining useful life: the generator, the files and the split
def test_folder_round_trip_keeps_values_and_the_fd001_layout(tmp_path: Path) -> None:
    paths = write_folder(tmp_path, train_engines=6, test_engines=4, seed=1)
    assert sorted(path.name for path in paths.values()) == sorted(RUL_FILES.values())
    for key in ("train", "test"):
        lines = paths[key].read_text().splitlines(keepends=True)
        assert all(line.endswith("  \n") and not line.endswith("   \n") for line in lines)
        assert {len(line.split()) for line in lines} == {26}
    train, test, rul = read_fleet(tmp_path)
    expected_train, expected_test, expected_rul = generate_fleet(6, 4, seed=1)
    pd.testing.assert_frame_equal(train, expected_train, check_exact=False, atol=1e-9)
    pd.testing.assert_frame_equal(test, expected_test, check_exact=False, atol=1e-9)
    assert rul.tolist() == expected_rul.tolist() and list(train.columns) == CYCLE_COLUMNS


def test_reader_accepts_runs_of_whitespace_tabs_and_crlf(tmp_path: Path) -> None:
    write_folder(tmp_path, train_engines=3, test_engines=2, seed=2)
    expected = read_fleet(tmp_path)[0]
    path = tmp_path / RUL_FILES["train"]
    messy = path.read_text().replace("  \n", "\r\n").replace(" ", " \t  ")
    path.write_text(messy)
    pd.testing.assert_frame_equal(read_fleet(tmp_path)[0], expected)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda text: text.replace("  \n", " 1.0  \n", 1), "expected 26 columns, found 27"),
        (
            lambda text: text.replace(text.splitlines(keepends=True)[1], "", 1),
            "cycles must run 1, 2, 3",
        ),
        (lambda text: text.replace("1 1 ", "1 x ", 1), "does not match the engine cycles schema"),
    ],
)
def test_a_malformed_cycles_file_is_one_message(tmp_path: Path, damage, message: str) -> None:
    write_folder(tmp_path, train_engines=3, test_engines=2, seed=2)
    path = tmp_path / RUL_FILES["train"]
    path.write_text(damage(path.read_text()))
    with pytest.raises(DataError, match=message):
        read_fleet(tmp_path)


def test_the_rul_file_needs_one_line_per_test_engine(tmp_path: Path) -> None:
    write_folder(tmp_path, train_engines=3, test_engines=4, seed=2)
    path = tmp_path / RUL_FILES["rul"]
    assert len(path.read_text().splitlines()) == 4
    path.write_text("\n".join(path.read_text().splitlines()[:3]) + "\n")
    with pytest.raises(DataError, match="for each of 4 test engines, found 3 lines"):
        read_fleet(tmp_path)


def test_fleet_lives_and_test_cuts_are_in_fd001_ranges(fleet) -> None:
    train, test, rul = fleet
    lifetimes = train.groupby("unit")["cycle"].max()
    assert lifetimes.between(128, 362).all() and 170 <= lifetimes.mean() <= 240
    assert (test.groupby("unit")["cycle"].max() >= 31).all()
    assert rul.between(7, 145).all() and len(rul) == test["unit"].nunique()


def test_flat_sensors_are_flat_and_informative_ones_follow_wear(fleet) -> None:
    train = fleet[0]
    assert set(near_zero_variance(train, SENSORS)) == set(FLAT)
    last = train.groupby("unit")["cycle"].transform("max")
    healthy, failing = train[last - train["cycle"] >= 150], train[last - train["cycle"] <= 5]
    for name, sensor in INFORMATIVE.items():
        moved = failing[name].mean() - healthy[name].mean()
        assert np.sign(moved) == np.sign(sensor.amplitude), name


def test_split_by_engine_never_puts_an_engine_on_two_sides(fleet) -> None:
    train, test, rul = fleet
    parts = split_engines(train, test, rul, fraction=0.2, seed=3)
    train_units, validation_units = set(parts["train"]["unit"]), set(parts["validation"]["unit"])
    assert train_units.isdisjoint(validation_units)
    assert train_units | validation_units == set(fleet[0]["unit"]) and len(validation_units) == 8
    engine = parts["train"][parts["train"]["unit"] == min(train_units)]
    assert engine["RUL"].tolist() == list(range(len(engine) - 1, -1, -1))


def test_test_engines_carry_the_published_rul(fleet) -> None:
    train, test, rul = fleet
    parts = split_engines(train, test, rul, fraction=0.2, seed=3)
    test = parts["test"]
    final = test.groupby("unit").tail(1).set_index("unit")["RUL"]
    assert final.tolist() == fleet[2].tolist()
    first_engine = test[test["unit"] == 1]
    assert (np.diff(first_engine["RUL"]) == -1).all()


def test_rul_data_prepares_from_a_folder_through_the_cli(tmp_path: Path) -> None:
    folder = tmp_path / "CMAPSSData"
    write_folder(folder, train_engines=12, test_engines=5, seed=9)
    config = ["--config-dir", str(CONFIG_DIR)]
    result = runner.invoke(app, ["data", "--task", "rul", "--source", str(folder), *config])
    assert result.exit_code == 0, result.output
    assert "train: engines 10" in result.output and "test: engines 5" in result.output
    assert not (tmp_path / "data/processed/failure").exists()


def test_a_source_without_a_task_is_one_message(tmp_path: Path) -> None:
    result = runner.invoke(app, ["data", "--source", "public", "--config-dir", str(CONFIG_DIR)])
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == "error: --source public is one task's data: add --task (failure, rul)"
    )
    assert not (tmp_path / "data").exists()


def test_rul_has_no_scripted_download(rul_settings: RulSettings) -> None:
    with pytest.raises(DataError, match="no stable download address.*SOURCE=<their folder>"):
        prepare_data(rul_settings, "public")
    assert not rul_settings.paths.processed.exists()


def test_a_file_is_not_a_fleet(rul_settings: RulSettings, tmp_path: Path) -> None:
    path = tmp_path / "train_FD001.txt"
    path.write_text("1 1\n")
    with pytest.raises(DataError, match="is not a folder"):
        prepare_data(rul_settings, str(path))


# Both tasks: data training cannot use
def failures(frame: pd.DataFrame, count: int) -> pd.DataFrame:
    """`frame` with its first `count` rows failed and no other (failure-mode flags kept)."""
    return frame.assign(**{TARGET_COLUMN: (np.arange(len(frame)) < count).astype(np.int64)})


def infinite_torque(frame: pd.DataFrame) -> pd.DataFrame:
    bad = frame.astype({"Torque [Nm]": "object"})
    bad.loc[bad.index[5], "Torque [Nm]"] = "1e400"  # read as infinity
    return bad


@pytest.mark.parametrize(
    ("unusable", "message"),
    [
        (lambda frame: frame.head(0), "holds a header but no rows"),
        (lambda frame: frame.head(3), "each class needs at least 3 rows"),
        (lambda frame: failures(frame, 0), "Machine failure has 0: 600; each split needs both"),
        (lambda frame: failures(frame, 2), "0: 598, 1: 2; each split needs both classes"),
        (infinite_torque, "column 'Torque [Nm]' fails in_range"),
    ],
    ids=["header-only", "three-rows", "one-class", "a-split-without-failures", "1e400"],
)
def test_readings_training_cannot_use_are_one_line_and_change_nothing(
    tmp_path: Path, readings: pd.DataFrame, unusable, message: str
) -> None:
    bad = tmp_path / "bad" / "readings.csv"
    bad.parent.mkdir()
    unusable(readings.head(600)).to_csv(bad, index=False)
    refused_and_nothing_changed(tmp_path, bad, message, "--task", "failure")


def one_engine_to_train(folder: Path) -> None:
    """Two run-to-failure engines: one goes to validation, one is too few to train on."""
    write_folder(folder, train_engines=2, test_engines=2, seed=1)


def infinite_sensor(folder: Path) -> None:
    write_folder(folder, train_engines=6, test_engines=3, seed=1)
    path = folder / RUL_FILES["train"]
    first, rest = path.read_text().split("\n", 1)
    values = first.split()
    values[6] = "1e400"  # read as infinity
    path.write_text(" ".join(values) + "  \n" + rest)


def empty_test_file(folder: Path) -> None:
    write_folder(folder, train_engines=6, test_engines=3, seed=1)
    (folder / RUL_FILES["test"]).write_text("")


@pytest.mark.parametrize(
    ("unusable", "message"),
    [
        (one_engine_to_train, "2 run-to-failure engine(s) are too few"),
        (infinite_sensor, "column(s) s_2 hold an infinite number"),
        (empty_test_file, "is not a readable text file"),
    ],
    ids=["too-few-engines", "1e400", "no-test-engines"],
)
def test_fleets_training_cannot_use_are_one_line_and_change_nothing(
    tmp_path: Path, unusable, message: str
) -> None:
    fleet = tmp_path / "bad"
    unusable(fleet)
    refused_and_nothing_changed(tmp_path, fleet, message, "--task", "rul")
