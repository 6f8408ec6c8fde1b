from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from {{ package_name }}.api.routes import load_model_for_serving
from {{ package_name }}.cli import app
from {{ package_name }}.config import Settings
from {{ package_name }}.dataset import load_split
from {{ package_name }}.metadata import load_model
from {{ package_name }}.modeling.predict import (
    predict_file,
    predict_records,
)
from {{ package_name }}.schemas import (
    ChurnPrediction,
    CustomerRecord,
)

from .support import CONFIG_DIR

runner = CliRunner()


def test_batch_scoring_of_a_file_without_the_target(trained: Settings, tmp_path: Path) -> None:
    customers = load_split(trained, "test").drop(columns=["Churn"])
    source, output = tmp_path / "to_score.csv", tmp_path / "out" / "predictions.csv"
    customers.to_csv(source, index=False)
    predictions = predict_file(trained, source, output)
    written = pd.read_csv(output)
    assert list(written.columns) == ["customerID", "churn_probability", "churn_predicted"]
    assert written["customerID"].tolist() == customers["customerID"].tolist()
    assert written["churn_probability"].between(0, 1).all()
    _, metadata = load_model(trained.paths.models)
    flagged = predictions["churn_probability"] >= metadata["threshold"]
    assert (predictions["churn_predicted"] == flagged.map({True: "Yes", False: "No"})).all()


def test_records_as_an_api_receives_them(trained: Settings) -> None:
    rows = load_split(trained, "test").drop(columns=["Churn"]).head(3).to_dict("records")
    records = [CustomerRecord.model_validate(row) for row in rows]
    model, metadata = load_model(trained.paths.models)
    predictions = predict_records(
        lambda frame: model.predict_proba(frame)[:, 1], records, metadata["threshold"], "0+test"
    )
    assert [item["customerID"] for item in predictions] == [row["customerID"] for row in rows]
    assert {item["model_version"] for item in predictions} == {"0+test"}
    assert all(0 <= item["churn_probability"] <= 1 for item in predictions)
    assert all(ChurnPrediction.model_validate(item) for item in predictions)


def test_cli_reports_a_bad_file_as_one_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("customerID,gender\n1,Robot\n")
    result = runner.invoke(app, ["data", "--source", str(bad), "--config-dir", str(CONFIG_DIR)])
    assert result.exit_code == 1
    assert "does not match the customers schema" in result.output
    assert "Traceback" not in result.output


def test_model_info_says_the_checked_fast_path_serves(trained: Settings) -> None:
    """What GET /model-info adds to the saved metadata: which scorer serves, and why."""
    served = load_model_for_serving(trained)
    assert served.metadata["scorer"] == "fast"
    assert served.metadata["scorer_check"] == {"rows": 128, "reason": None}
