"""Behaviour tests: the trained model moves the way the business expects, all else equal."""

import numpy as np
import pandas as pd
import pytest

from {{ package_name }}.config import Settings
from {{ package_name }}.dataset import load_split
from {{ package_name }}.features import select_features
from {{ package_name }}.metadata import load_model


@pytest.fixture(scope="module")
def customers_and_model(trained: Settings) -> tuple[pd.DataFrame, object]:
    model, _ = load_model(trained.paths.models)
    return load_split(trained, "test"), model


def churn_risk(model: object, customers: pd.DataFrame) -> np.ndarray:
    return np.asarray(model.predict_proba(select_features(customers))[:, 1])  # type: ignore[attr-defined]


def with_tenure(customers: pd.DataFrame, months: int) -> pd.DataFrame:
    total = (customers["MonthlyCharges"] * months).round(2).astype("str")
    return customers.assign(tenure=months, TotalCharges=total)


def test_longer_tenure_lowers_churn_risk(customers_and_model: tuple[pd.DataFrame, object]) -> None:
    customers, model = customers_and_model
    short = churn_risk(model, with_tenure(customers, 3))
    long = churn_risk(model, with_tenure(customers, 60))
    assert long.mean() < short.mean() - 0.1
    assert (long <= short).mean() > 0.9


def test_two_year_contract_lowers_churn_risk(
    customers_and_model: tuple[pd.DataFrame, object],
) -> None:
    customers, model = customers_and_model
    monthly = churn_risk(model, customers.assign(Contract="Month-to-month"))
    two_year = churn_risk(model, customers.assign(Contract="Two year"))
    assert two_year.mean() < monthly.mean() - 0.1
    assert (two_year <= monthly).mean() > 0.9
