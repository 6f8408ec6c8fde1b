"""Behaviour: what a maintenance engineer expects of the models, checked on the trained ones."""

import numpy as np
import pandas as pd

from {{ package_name }}.config import FailureSettings, RulSettings
from {{ package_name }}.dataset import load_split
from {{ package_name }}.features import select_features
from {{ package_name }}.metadata import load_model
from {{ package_name }}.modeling.train import predict_rul
from {{ package_name }}.synthetic import with_extra_wear


def failure_probability(settings: FailureSettings, frame: pd.DataFrame) -> np.ndarray:
    model, _ = load_model(settings.paths.models)
    return np.asarray(model.predict_proba(select_features(frame))[:, 1])


def test_more_tool_wear_raises_failure_risk(trained: FailureSettings) -> None:
    test = load_split(trained, "test")
    fresh = failure_probability(trained, test.assign(**{"Tool wear [min]": 20}))
    worn = failure_probability(trained, test.assign(**{"Tool wear [min]": 230}))
    assert np.mean(worn > fresh) > 0.6 and np.median(worn / fresh) > 2


def test_larger_torque_raises_failure_risk(trained: FailureSettings) -> None:
    test = load_split(trained, "test")
    usual = failure_probability(trained, test.assign(**{"Torque [Nm]": 40.0}))
    strained = failure_probability(trained, test.assign(**{"Torque [Nm]": 65.0}))
    assert np.mean(strained > usual) > 0.8 and np.median(strained / usual) > 2


def test_a_more_degraded_engine_gets_a_lower_rul(trained_rul: RulSettings) -> None:
    model, _ = load_model(trained_rul.paths.models)
    test = load_split(trained_rul, "test")
    last = test.groupby("unit")["cycle"].transform("max").eq(test["cycle"]).to_numpy()
    as_is = predict_rul(model, test)[last]
    worn = predict_rul(model, with_extra_wear(test, 0.4))[last]
    assert np.mean(worn < as_is) > 0.9


def test_rul_falls_as_an_engine_ages(trained_rul: RulSettings) -> None:
    model, _ = load_model(trained_rul.paths.models)
    validation = load_split(trained_rul, "validation")
    for _, engine in validation.groupby("unit"):
        predicted = predict_rul(model, engine)
        assert predicted[-1] < 30 and predicted[-1] < predicted[len(engine) // 3] - 40


def test_no_engine_appears_in_both_training_and_test(trained_rul: RulSettings) -> None:
    train, validation = load_split(trained_rul, "train"), load_split(trained_rul, "validation")
    test = load_split(trained_rul, "test")
    assert set(train["unit"]).isdisjoint(validation["unit"])
    # Test engines come from their own file and are numbered from 1 too: they are other engines,
    # so no test engine's history repeats a training engine's.
    assert first_readings(pd.concat([train, validation])).isdisjoint(first_readings(test))


def first_readings(cycles: pd.DataFrame) -> set[tuple[float, ...]]:
    """Each engine's first five cycles of four sensors: a fingerprint of that engine."""
    early = cycles[cycles["cycle"] <= 5]
    return {tuple(row) for row in early[["s_2", "s_3", "s_4", "s_7"]].to_numpy()}
