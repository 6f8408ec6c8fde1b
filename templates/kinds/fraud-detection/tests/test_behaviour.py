"""Behaviour tests: the trained model moves the way a fraud analyst expects, all else equal."""

import numpy as np
import pandas as pd
import pytest

from {{ package_name }}.config import Settings
from {{ package_name }}.dataset import load_split
from {{ package_name }}.features import select_features
from {{ package_name }}.metadata import load_model
from {{ package_name }}.synthetic import with_takeover_pattern


@pytest.fixture(scope="module")
def ordinary_and_model(trained: Settings) -> tuple[pd.DataFrame, object]:
    model, _ = load_model(trained.paths.models)
    test = load_split(trained, "test")
    return test[test["Class"] == 0].head(2000), model


def fraud_risk(model: object, transactions: pd.DataFrame) -> np.ndarray:
    return np.asarray(model.predict_proba(select_features(transactions))[:, 1])  # type: ignore[attr-defined]


def test_a_transaction_shaped_like_fraud_scores_higher(
    ordinary_and_model: tuple[pd.DataFrame, object],
) -> None:
    ordinary, model = ordinary_and_model
    before = fraud_risk(model, ordinary)
    after = fraud_risk(model, with_takeover_pattern(ordinary, strength=3.0))
    assert (after > before).mean() > 0.95
    assert np.median(after) > 20 * np.median(before)


def test_a_card_test_at_night_scores_higher_than_the_same_purchase_by_day(
    ordinary_and_model: tuple[pd.DataFrame, object],
) -> None:
    ordinary, model = ordinary_and_model
    day = ordinary.assign(Time=86_400 + 14 * 3600, Amount=1.0)
    night = ordinary.assign(Time=86_400 + 3 * 3600, Amount=1.0)
    assert fraud_risk(model, night).mean() > fraud_risk(model, day).mean()


def test_the_score_does_not_depend_on_which_day_it_is(
    ordinary_and_model: tuple[pd.DataFrame, object],
) -> None:
    ordinary, model = ordinary_and_model
    next_day = ordinary.assign(Time=ordinary["Time"] + 86_400)
    np.testing.assert_allclose(fraud_risk(model, next_day), fraud_risk(model, ordinary), atol=1e-9)
