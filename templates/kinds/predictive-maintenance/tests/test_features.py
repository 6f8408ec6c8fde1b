import math
from typing import Any, cast

import numpy as np
import pandas as pd
import pytest

from {{ package_name }}.config import EstimatorSettings
from {{ package_name }}.features import (
    SensorWindowFeatures,
    add_engineered_features,
    add_rul_target,
    capped_rul,
    engineer_record,
    select_features,
    split_features_target,
)
from {{ package_name }}.modeling.classifier import build_pipeline
from {{ package_name }}.schemas import FAILURE_MODES, TARGET_COLUMN
from {{ package_name }}.synthetic import (
    generate_fleet,
    generate_readings,
)


@pytest.fixture(scope="module")
def readings() -> pd.DataFrame:
    return generate_readings(3000, seed=11)


@pytest.fixture(scope="module")
def fleet() -> pd.DataFrame:
    return generate_fleet(8, 2, seed=4)[0]


def test_failure_features_never_include_the_target_flags_or_identifiers(readings) -> None:
    features, target = split_features_target(readings)
    assert list(features.columns) == [
        "Type", "Air temperature [K]", "Process temperature [K]", "Rotational speed [rpm]",
        "Torque [Nm]", "Tool wear [min]",
    ]  # fmt: skip
    assert target.equals(readings[TARGET_COLUMN].astype(int).rename(TARGET_COLUMN))


def test_a_fitted_model_ignores_the_failure_mode_flags(readings) -> None:
    """The leakage guard, end to end: flags set to the answer or to noise change no score."""
    features, target = split_features_target(readings)
    spec = EstimatorSettings(name="hist_gradient_boosting", params={"max_iter": 30})
    model = build_pipeline(spec, seed=0).fit(features, target)
    leaked = readings.copy()
    leaked[FAILURE_MODES] = np.random.default_rng(0).integers(0, 2, (len(readings), 5))
    leaked[TARGET_COLUMN] = 1 - leaked[TARGET_COLUMN]
    before = model.predict_proba(select_features(readings))[:, 1]
    after = model.predict_proba(select_features(leaked))[:, 1]
    assert np.array_equal(before, after)


def test_engineered_features_are_the_physics() -> None:
    row = pd.DataFrame(
        {
            "Air temperature [K]": [300.0],
            "Process temperature [K]": [309.5],
            "Rotational speed [rpm]": [1500],
            "Torque [Nm]": [40.0],
            "Tool wear [min]": [100],
        }
    )
    engineered = add_engineered_features(row).iloc[0]
    assert engineered["temperature_gap_k"] == pytest.approx(9.5)
    assert engineered["power_w"] == pytest.approx(40 * 1500 * 2 * math.pi / 60)  # 6,283 W
    assert engineered["strain_min_nm"] == pytest.approx(4000)


def test_one_record_gets_the_same_features_as_a_frame(readings) -> None:
    frame = add_engineered_features(select_features(readings.head(25)))
    records = cast(list[dict[str, Any]], select_features(readings.head(25)).to_dict("records"))
    for position, record in enumerate(records):
        engineered = engineer_record(record)
        for name in ("temperature_gap_k", "power_w", "strain_min_nm"):
            assert engineered[name] == pytest.approx(frame[name].iloc[position], abs=1e-12)


def test_rul_target_counts_down_to_zero_and_the_cap_applies_only_when_asked(fleet) -> None:
    labelled = add_rul_target(fleet)
    for _, engine in labelled.groupby("unit"):
        assert engine["RUL"].tolist() == list(range(len(engine) - 1, -1, -1))
    capped = capped_rul(labelled["RUL"], 125)
    assert capped.max() == 125 and labelled["RUL"].max() > 125
    assert "RUL" not in fleet.columns  # the input is not changed


def test_window_means_and_slopes_are_computed_by_hand() -> None:
    cycles = pd.DataFrame(
        {"unit": [1] * 4, "cycle": [1, 2, 3, 4], "s_2": [1.0, 3.0, 5.0, 10.0], "s_3": [7.0] * 4}
    )
    step = SensorWindowFeatures(windows=(2, 3))
    step.sensors_, step.centres_ = ["s_2"], np.array([cycles["s_2"].mean()])
    features = step.transform(cycles)
    assert list(features.columns) == [
        "cycle",
        "s_2_mean_2",
        "s_2_slope_2",
        "s_2_mean_3",
        "s_2_slope_3",
    ]
    last = features.iloc[-1]
    assert last["s_2_mean_2"] == pytest.approx(7.5) and last["s_2_slope_2"] == pytest.approx(5.0)
    assert last["s_2_mean_3"] == pytest.approx(6.0) and last["s_2_slope_3"] == pytest.approx(3.5)
    first = features.iloc[0]  # one cycle: its own value, no slope
    assert first["s_2_mean_3"] == pytest.approx(1.0) and first["s_2_slope_3"] == 0.0


def test_windows_never_cross_engines_nor_look_ahead_and_ignore_row_order(fleet) -> None:
    step = SensorWindowFeatures().fit(fleet)
    everything = step.transform(fleet)
    engine = fleet[fleet["unit"] == 2]
    alone = step.transform(engine)
    pd.testing.assert_frame_equal(everything.loc[engine.index], alone)
    pd.testing.assert_frame_equal(step.transform(engine.iloc[:60]), alone.iloc[:60])
    shuffled = fleet.sample(frac=1.0, random_state=0)
    pd.testing.assert_frame_equal(step.transform(shuffled).loc[fleet.index], everything)


def test_flat_sensors_are_learned_on_the_fitted_engines_only(fleet) -> None:
    step = SensorWindowFeatures().fit(fleet)
    assert set(step.flat_sensors_) == {"s_1", "s_5", "s_6", "s_10", "s_16", "s_18", "s_19"}
    moved = fleet.assign(s_1=fleet["s_1"] + np.arange(len(fleet)))
    assert list(step.transform(moved).columns) == list(step.get_feature_names_out())
