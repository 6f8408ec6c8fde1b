import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from {{ package_name }}.cli import app
from {{ package_name }}.config import MonitoringSettings, Settings
from {{ package_name }}.dataset import prepare_data, write_batch
from {{ package_name }}.features import CATEGORICAL_FEATURES, NUMERIC_FEATURES, monitored_features
from {{ package_name }}.monitoring import compare_frames, default_batch, monitor
from {{ package_name }}.synthetic import generate_batch, generate_world

from .conftest import CONFIG_DIR

THRESHOLDS = MonitoringSettings()


@pytest.fixture(scope="module")
def training() -> pd.DataFrame:
    """The generated world's interactions: what a batch of the same stream is compared with."""
    return generate_world(seed=42)[0]


def compare(training: pd.DataFrame, batch: pd.DataFrame) -> dict:
    return compare_frames(
        monitored_features(training, training),
        monitored_features(batch, training),
        NUMERIC_FEATURES,
        CATEGORICAL_FEATURES,
        THRESHOLDS,
    )


@pytest.mark.parametrize("seed", [7, 8])
def test_a_drifted_stream_is_flagged_on_new_users_items_and_popularity(
    training: pd.DataFrame, seed: int
) -> None:
    report = compare(training, generate_batch(1000, world_seed=42, batch_seed=seed, drifted=True))
    assert report["status"] == "drift"
    assert set(report["drifted_features"]) >= {"user_status", "item_status", "item_popularity"}
    assert report["features"]["item_popularity"]["ks_p_value"] < 1e-20
    assert report["features"]["user_status"]["psi"] > 1.0


@pytest.mark.parametrize("seed", [7, 8, 9])
def test_a_fresh_stretch_of_the_same_stream_raises_no_alarm(
    training: pd.DataFrame, seed: int
) -> None:
    report = compare(training, generate_batch(1000, world_seed=42, batch_seed=seed))
    assert report["status"] == "no drift"
    assert report["drifted_features"] == []
    assert report["features"]["item_popularity"]["psi"] < 0.1


def test_a_lower_rating_mix_alone_is_flagged(training: pd.DataFrame) -> None:
    batch = generate_batch(1000, world_seed=42, batch_seed=7)
    batch["rating"] = batch["rating"].clip(upper=3)  # the 4s and 5s vanish
    report = compare(training, batch)
    assert report["drifted_features"] == ["rating"]


def test_too_small_a_batch_decides_nothing(training: pd.DataFrame) -> None:
    report = compare(training, generate_batch(50, world_seed=42, batch_seed=3, drifted=True))
    assert report["status"] == "insufficient data"
    assert report["drift"] is False


def test_monitor_writes_both_reports(settings: Settings) -> None:
    prepare_data(settings, "synthetic")
    batch = write_batch(settings, rows=500, seed=3, drifted=True)
    assert default_batch(settings) == batch
    report = monitor(settings)
    saved = json.loads((settings.paths.reports / "drift.json").read_text())
    markdown = (settings.paths.reports / "drift.md").read_text()
    assert saved["status"] == report["status"] == "drift"
    assert saved["current"] == str(batch)
    assert "| user_status | categorical |" in markdown
    assert "Status: **drift**" in markdown


def test_cli_generates_a_batch_and_monitors_it(tmp_path: Path) -> None:
    runner = CliRunner()
    config = ["--config-dir", str(CONFIG_DIR)]
    assert runner.invoke(app, ["data", *config]).exit_code == 0
    result = runner.invoke(app, ["batch", "--drift", "--rows", "300", *config])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["monitor", *config])
    assert result.exit_code == 0, result.output
    assert "drift; drifted features:" in result.output
    assert (tmp_path / "reports/drift.md").is_file()
