import pandas as pd
import pytest

from {{ package_name }}.config import (
    MonitoringSettings,
    RulSettings,
)
from {{ package_name }}.dataset import write_batch
from {{ package_name }}.errors import DataError
from {{ package_name }}.features import (
    CATEGORICAL_FEATURES,
    NUMERIC_FEATURES,
    monitored_features,
)
from {{ package_name }}.monitoring import compare_frames
from {{ package_name }}.synthetic import generate_readings

THRESHOLDS = MonitoringSettings()
SHIFTED = {"Air temperature [K]", "Process temperature [K]", "Type"}


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    """The training distribution: the generator with the default seed."""
    return monitored_features(generate_readings(6000, seed=42))


def compare(reference: pd.DataFrame, batch: pd.DataFrame) -> dict:
    return compare_frames(
        reference, monitored_features(batch), NUMERIC_FEATURES, CATEGORICAL_FEATURES, THRESHOLDS
    )


@pytest.mark.parametrize("seed", [7, 8])
def test_drifted_batch_is_flagged_on_the_shifted_features(
    reference: pd.DataFrame, seed: int
) -> None:
    report = compare(reference, generate_readings(1000, seed=seed, drifted=True))
    assert report["status"] == "drift"
    assert set(report["drifted_features"]) >= SHIFTED
    assert report["features"]["Air temperature [K]"]["psi"] > 1.0
    assert not report["features"]["Torque [Nm]"]["drift"]
    assert not report["features"]["temperature_gap_k"]["drift"]


@pytest.mark.parametrize("seed", [7, 8, 9])
def test_fresh_sample_of_the_training_distribution_raises_no_alarm(
    reference: pd.DataFrame, seed: int
) -> None:
    report = compare(reference, generate_readings(1000, seed=seed))
    assert report["status"] == "no drift"
    assert report["drifted_features"] == []


def test_too_small_a_batch_decides_nothing(reference: pd.DataFrame) -> None:
    report = compare(reference, generate_readings(50, seed=3, drifted=True))
    assert report["status"] == "insufficient data"


def test_monitoring_watches_the_failure_task(rul_settings: RulSettings) -> None:
    with pytest.raises(DataError, match="watches the failure task's readings"):
        write_batch(rul_settings, rows=100, seed=1)
