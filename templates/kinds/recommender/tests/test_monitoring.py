import pandas as pd
import pytest

from {{ package_name }}.config import MonitoringSettings
from {{ package_name }}.features import (
    CATEGORICAL_FEATURES,
    NUMERIC_FEATURES,
    monitored_features,
)
from {{ package_name }}.monitoring import compare_frames
from {{ package_name }}.synthetic import (
    generate_batch,
    generate_world,
)

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
