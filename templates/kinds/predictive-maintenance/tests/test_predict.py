from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from {{ package_name }}.cli import app
from {{ package_name }}.config import FailureSettings, RulSettings
from {{ package_name }}.dataset import load_split, read_fleet
from {{ package_name }}.errors import DataError
from {{ package_name }}.metadata import load_model
from {{ package_name }}.modeling.predict import (
    check_history,
    predict_file,
    predict_readings,
)
from {{ package_name }}.schemas import (
    FAILURE_MODES,
    RUL_FILES,
    TARGET_COLUMN,
    FailurePrediction,
    MachineReading,
)
from {{ package_name }}.synthetic import write_folder

from .support import CONFIG_DIR

runner = CliRunner()


def test_failure_scoring_of_a_file_without_the_answers(
    trained: FailureSettings, tmp_path: Path
) -> None:
    readings = load_split(trained, "test").drop(columns=[TARGET_COLUMN, *FAILURE_MODES])
    source, output = tmp_path / "to_score.csv", tmp_path / "out" / "predictions.csv"
    readings.to_csv(source, index=False)
    predictions = predict_file(trained, source, output)
    written = pd.read_csv(output)
    assert list(written.columns) == ["UDI", "failure_probability", "inspect"]
    assert written["UDI"].tolist() == readings["UDI"].tolist()
    _, metadata = load_model(trained.paths.models)
    assert (
        predictions["inspect"] == (predictions["failure_probability"] >= metadata["threshold"])
    ).all()


def test_readings_as_the_api_receives_them(trained: FailureSettings) -> None:
    rows = load_split(trained, "test").drop(columns=[TARGET_COLUMN, *FAILURE_MODES]).head(3)
    records = [MachineReading.model_validate(row) for row in rows.to_dict("records")]
    model, metadata = load_model(trained.paths.models)
    predictions = predict_readings(
        lambda frame: model.predict_proba(frame)[:, 1], records, metadata["threshold"], "0+test"
    )
    assert [item["UDI"] for item in predictions] == rows["UDI"].tolist()
    assert all(FailurePrediction.model_validate(item) for item in predictions)
    expected = model.predict_proba(rows.drop(columns=["UDI", "Product ID"]))[:, 1]
    assert [item["failure_probability"] for item in predictions] == pytest.approx(
        expected, abs=1e-12
    )


def test_rul_of_every_engine_in_a_prepared_split(trained_rul: RulSettings, tmp_path: Path) -> None:
    output = tmp_path / "rul.csv"
    predictions = predict_file(trained_rul, trained_rul.paths.processed / "test.csv", output)
    test = load_split(trained_rul, "test")
    assert list(pd.read_csv(output).columns) == ["unit", "last_cycle", "predicted_rul"]
    assert predictions["unit"].tolist() == sorted(test["unit"].unique())
    assert predictions["last_cycle"].tolist() == test.groupby("unit")["cycle"].max().tolist()
    assert (predictions["predicted_rul"] >= 0).all()


def test_rul_of_an_fd001_text_file_equals_that_of_the_same_cycles_as_csv(
    trained_rul: RulSettings, tmp_path: Path
) -> None:
    write_folder(tmp_path / "fleet", train_engines=2, test_engines=3, seed=77)
    text_file = tmp_path / "fleet" / RUL_FILES["test"]
    from_text = predict_file(trained_rul, text_file, tmp_path / "a.csv")
    cycles = read_fleet(tmp_path / "fleet")[1]
    shuffled = tmp_path / "shuffled.csv"
    cycles.sample(frac=1.0, random_state=1).to_csv(shuffled, index=False)
    from_csv = predict_file(trained_rul, shuffled, tmp_path / "b.csv")
    pd.testing.assert_frame_equal(from_text, from_csv)
    assert from_text["last_cycle"].tolist() == cycles.groupby("unit")["cycle"].max().tolist()


def test_a_file_refuses_an_engine_history_the_api_would_refuse(
    trained_rul: RulSettings, tmp_path: Path
) -> None:
    test = load_split(trained_rul, "test")
    partial = test[test["unit"].isin([1, 2])].groupby("unit").tail(12)
    path = tmp_path / "partial.csv"
    partial.to_csv(path, index=False)
    with pytest.raises(DataError, match="engine 1: needs at least the last 30 cycles"):
        predict_file(trained_rul, path, tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize(
    ("cycles", "message"),
    [
        (np.arange(100, 112), "at least the last 30 cycles"),
        (np.array([1, 2, 4]), "consecutive and in order"),
        (np.arange(1, 62), "at most 50 cycles"),
    ],
)
def test_an_engine_history_that_would_skew_the_features_is_refused(cycles, message: str) -> None:
    with pytest.raises(DataError, match=message):
        check_history(pd.DataFrame({"cycle": cycles}), longest_window=30, most=50)


def test_a_young_engine_may_send_every_cycle_it_has() -> None:
    check_history(pd.DataFrame({"cycle": np.arange(1, 8)}), longest_window=30, most=50)


def test_cli_reports_a_bad_file_as_one_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("UDI,Type\n1,Robot\n")
    config = ["--config-dir", str(CONFIG_DIR), "--task", "failure"]
    result = runner.invoke(app, ["data", "--source", str(bad), *config])
    assert result.exit_code == 1
    assert "does not match the machine readings schema" in result.output
    assert "Traceback" not in result.output
