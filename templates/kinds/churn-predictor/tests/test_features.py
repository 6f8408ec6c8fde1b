import numpy as np
import pandas as pd
import pytest

from {{ package_name }}.config import EstimatorSettings
from {{ package_name }}.features import (
    add_engineered_features,
    build_preprocessor,
    parse_total_charges,
    split_features_target,
)
from {{ package_name }}.modeling.classifier import build_pipeline
from {{ package_name }}.synthetic import generate_customers


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    return generate_customers(800, seed=11)


def test_blank_total_charges_become_zero_and_text_becomes_numbers() -> None:
    parsed = parse_total_charges(pd.Series([" ", "29.85", "1889.5"], dtype="str"))
    assert parsed.tolist() == [0.0, 29.85, 1889.5]


def test_engineered_features_return_a_new_frame(customers: pd.DataFrame) -> None:
    before = customers.copy()
    engineered = add_engineered_features(customers)
    pd.testing.assert_frame_equal(customers, before)
    assert engineered["TotalCharges"].dtype == "float64"
    assert engineered["add_on_count"].between(0, 6).all()
    first_month = customers["tenure"] == 0
    assert (engineered.loc[first_month, "average_monthly_charge"] == 0).all()


def test_target_is_one_for_churners_only(customers: pd.DataFrame) -> None:
    features, target = split_features_target(customers)
    assert target.sum() == customers["Churn"].eq("Yes").sum()
    assert set(target.unique()) <= {0, 1}
    assert len(features.columns) == 19


def test_preprocessor_output_is_numeric_and_complete(customers: pd.DataFrame) -> None:
    features, _ = split_features_target(customers)
    matrix = build_preprocessor().fit_transform(features)
    assert matrix.dtype == np.float64
    assert not np.isnan(matrix).any()


def test_id_and_target_never_reach_the_features(customers: pd.DataFrame) -> None:
    """Leakage test: nothing derived from customerID or Churn enters the fitted pipeline."""
    features, target = split_features_target(customers)
    assert {"customerID", "Churn"}.isdisjoint(features.columns)
    spec = EstimatorSettings(name="logistic_regression", params={"max_iter": 500})
    pipeline = build_pipeline(spec, seed=0).fit(features, target)
    names = [
        *pipeline.feature_names_in_,
        *pipeline["preprocess"]["columns"].get_feature_names_out(),
    ]
    assert not any("customerID" in name or "Churn" in name for name in names)
    with_leaks = features.assign(customerID=customers["customerID"], Churn=customers["Churn"])
    shuffled = with_leaks.assign(
        customerID=with_leaks["customerID"].sample(frac=1, random_state=1).to_numpy(),
        Churn=np.where(customers["Churn"] == "Yes", "No", "Yes"),
    )
    np.testing.assert_allclose(pipeline.predict_proba(with_leaks), pipeline.predict_proba(shuffled))
