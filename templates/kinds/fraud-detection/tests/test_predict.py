import math
from pathlib import Path

import numpy as np
import pandas as pd
from typer.testing import CliRunner

from {{ package_name }}.api.routes import load_model_for_serving
from {{ package_name }}.cli import app
from {{ package_name }}.config import Settings
from {{ package_name }}.dataset import load_split
from {{ package_name }}.fastpath import Explanation
from {{ package_name }}.metadata import load_model
from {{ package_name }}.modeling.predict import (
    predict_file,
    predict_records,
    top_contributions,
)
from {{ package_name }}.schemas import FraudScore, TransactionRecord

from .support import CONFIG_DIR

runner = CliRunner()


def test_batch_scoring_of_a_file_without_the_target(trained: Settings, tmp_path: Path) -> None:
    transactions = load_split(trained, "test").drop(columns=["Class"]).head(500)
    source, output = tmp_path / "to_score.csv", tmp_path / "out" / "predictions.csv"
    transactions.to_csv(source, index=False)
    predictions = predict_file(trained, source, output)
    written = pd.read_csv(output)
    assert list(written.columns) == ["row", "Time", "Amount", "fraud_probability", "alert"]
    assert written["row"].tolist() == list(range(500))
    np.testing.assert_allclose(written["Amount"], transactions["Amount"])
    assert written["fraud_probability"].between(0, 1).all()
    _, metadata = load_model(trained.paths.models)
    flagged = predictions["fraud_probability"] >= metadata["threshold"]
    assert (predictions["alert"] == flagged).all()


def test_records_as_an_api_receives_them(trained: Settings) -> None:
    rows = load_split(trained, "test").drop(columns=["Class"]).head(3).to_dict("records")
    records = [TransactionRecord.model_validate(row) for row in rows]
    model, metadata = load_model(trained.paths.models)
    predictions = predict_records(
        lambda frame: model.predict_proba(frame)[:, 1], records, metadata["threshold"], "0+test"
    )
    assert len(predictions) == 3
    assert {item["model_version"] for item in predictions} == {"0+test"}
    assert all(FraudScore.model_validate(item) for item in predictions)


def test_top_contributions_are_per_input_column_and_largest_first() -> None:
    explanation = Explanation(
        base=-6.0,
        names=("V14", "hour_sin", "hour_cos", "log_amount", "V1"),
        values=np.array([1.5, 0.4, -1.6, 0.3, 0.1]),
    )
    top = top_contributions(explanation, count=3)
    assert [item["feature"] for item in top] == ["V14", "Time", "Amount"]
    assert math.isclose(top[1]["contribution"], -1.2)
    assert top_contributions(None) == []


def test_cli_reports_a_bad_file_as_one_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Time,Amount\n1,-3\n")
    result = runner.invoke(app, ["data", "--source", str(bad), "--config-dir", str(CONFIG_DIR)])
    assert result.exit_code == 1
    assert "does not match the transactions schema" in result.output
    assert "Traceback" not in result.output


def test_model_info_says_the_checked_fast_path_serves(trained: Settings) -> None:
    """What GET /model-info adds to the saved metadata: which scorer serves, and why."""
    served = load_model_for_serving(trained)
    assert served.metadata["scorer"] == "fast"
    assert served.metadata["scorer_check"] == {"rows": 128, "reason": None}
