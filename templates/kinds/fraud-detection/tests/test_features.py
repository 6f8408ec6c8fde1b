import math

import numpy as np
import pandas as pd
import pytest

from {{ package_name }}.config import EstimatorSettings
from {{ package_name }}.features import (
    MODEL_FEATURES,
    add_engineered_features,
    build_preprocessor,
    engineer_record,
    split_features_target,
    time_of_day,
)
from {{ package_name }}.modeling.classifier import build_pipeline
from {{ package_name }}.synthetic import generate_transactions


@pytest.fixture(scope="module")
def transactions() -> pd.DataFrame:
    return generate_transactions(3000, seed=11, fraud_rate=0.05)


def test_engineered_features_return_a_new_frame(transactions: pd.DataFrame) -> None:
    before = transactions.copy()
    engineered = add_engineered_features(transactions)
    pd.testing.assert_frame_equal(transactions, before)
    assert engineered["log_amount"].tolist() == pytest.approx(np.log1p(transactions["Amount"]))


def test_hour_of_day_is_a_circle_that_repeats_every_day() -> None:
    times = pd.DataFrame({"Time": [0.0, 86_399.0, 86_400.0, 43_200.0], "Amount": [1.0] * 4})
    engineered = add_engineered_features(times)
    assert engineered["hour_cos"].iloc[0] == pytest.approx(engineered["hour_cos"].iloc[1], abs=1e-3)
    assert engineered["hour_sin"].iloc[2] == pytest.approx(engineered["hour_sin"].iloc[0])
    assert engineered["hour_cos"].iloc[3] == pytest.approx(-1.0)  # noon is opposite midnight


def test_one_record_is_engineered_like_the_frame(transactions: pd.DataFrame) -> None:
    frame = add_engineered_features(transactions.head(20))
    for position, record in enumerate(transactions.head(20).to_dict("records")):
        engineered = engineer_record({str(name): value for name, value in record.items()})
        for name in ("log_amount", "hour_sin", "hour_cos"):
            assert math.isclose(engineered[name], frame[name].iloc[position], abs_tol=1e-12)


def test_time_of_day_blocks() -> None:
    seconds = pd.Series([0, 6 * 3600 - 1, 6 * 3600, 13 * 3600, 23 * 3600, 86_400 + 3600])
    assert time_of_day(seconds).tolist() == [
        "night", "night", "morning", "afternoon", "evening", "night",
    ]  # fmt: skip


def test_target_and_raw_time_never_reach_the_model(transactions: pd.DataFrame) -> None:
    features, target = split_features_target(transactions)
    assert "Class" not in features
    assert target.tolist() == transactions["Class"].tolist()
    preprocessor = build_preprocessor().fit(features)
    assert list(preprocessor["columns"].get_feature_names_out()) == MODEL_FEATURES
    assert "Time" not in MODEL_FEATURES and "Amount" not in MODEL_FEATURES


def test_pipeline_trains_and_scores_unseen_rows(transactions: pd.DataFrame) -> None:
    features, target = split_features_target(transactions)
    spec = EstimatorSettings(name="logistic_regression", params={"max_iter": 500})
    pipeline = build_pipeline(spec, seed=0).fit(features, target)
    scores = pipeline.predict_proba(split_features_target(generate_transactions(200, 3))[0])[:, 1]
    assert scores.shape == (200,)
    assert ((scores >= 0) & (scores <= 1)).all()
