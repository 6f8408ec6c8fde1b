import pandas as pd
import pytest

from {{ package_name }}.config import MonitoringSettings
from {{ package_name }}.features import (
    CATEGORICAL_FEATURES,
    NUMERIC_FEATURES,
    monitored_features,
)
from {{ package_name }}.monitoring import compare_frames
from {{ package_name }}.synthetic import generate_transactions

THRESHOLDS = MonitoringSettings()
SHIFTED = {"Amount", "V1", "V3", "V5", "V8", "time_of_day"}  # what `drifted=True` moves


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    """The training distribution: the generator with the default seed."""
    return monitored_features(generate_transactions(20_000, seed=42))


def compare(reference: pd.DataFrame, batch: pd.DataFrame) -> dict:
    return compare_frames(
        reference, monitored_features(batch), NUMERIC_FEATURES, CATEGORICAL_FEATURES, THRESHOLDS
    )


@pytest.mark.parametrize("seed", [7, 8])
def test_drifted_batch_is_flagged_on_the_shifted_features(
    reference: pd.DataFrame, seed: int
) -> None:
    report = compare(reference, generate_transactions(3000, seed=seed, drifted=True))
    assert report["status"] == "drift"
    assert set(report["drifted_features"]) == SHIFTED  # and none of the other components
    assert report["features"]["time_of_day"]["psi"] > 0.25


@pytest.mark.parametrize("seed", [7, 8, 9])
def test_fresh_sample_of_the_training_distribution_raises_no_alarm(
    reference: pd.DataFrame, seed: int
) -> None:
    report = compare(reference, generate_transactions(3000, seed=seed))
    assert report["status"] == "no drift"
    assert report["drifted_features"] == []
    assert max(figures["psi"] for figures in report["features"].values()) < 0.1


def test_too_small_a_batch_decides_nothing(reference: pd.DataFrame) -> None:
    report = compare(reference, generate_transactions(50, seed=3, drifted=True))
    assert report["status"] == "insufficient data"
    assert report["drift"] is False
