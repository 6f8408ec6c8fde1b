"""Features: pure functions on data frames, and the one preprocessor that the pipeline fits.

Everything here takes the customer columns without the id and the target; `split_features_target`
is the only way the training code gets them, which the leakage test relies on.
"""

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

from .schemas import ADD_ON_COLUMNS, CATEGORY_VALUES, ID_COLUMN, TARGET_COLUMN

POSITIVE_LABEL = "Yes"
NUMERIC_FEATURES = [
    "SeniorCitizen",
    "tenure",
    "MonthlyCharges",
    "TotalCharges",
    "average_monthly_charge",
    "add_on_count",
]
CATEGORICAL_FEATURES = list(CATEGORY_VALUES)
# What each input column means, for reports. Two features are made from these inside the pipeline:
# the average monthly charge (total charges / tenure) and the number of add-ons; shuffling an
# input column moves the features made from it too.
PLAIN_NAMES = {
    "gender": "gender",
    "SeniorCitizen": "senior citizen",
    "Partner": "has a partner",
    "Dependents": "has dependents",
    "tenure": "months as a customer (tenure)",
    "PhoneService": "phone service",
    "MultipleLines": "several phone lines",
    "InternetService": "internet service (DSL, fiber, none)",
    "OnlineSecurity": "add-on: online security",
    "OnlineBackup": "add-on: online backup",
    "DeviceProtection": "add-on: device protection",
    "TechSupport": "add-on: tech support",
    "StreamingTV": "add-on: streaming TV",
    "StreamingMovies": "add-on: streaming movies",
    "Contract": "contract (monthly, 1 or 2 years)",
    "PaperlessBilling": "paperless billing",
    "PaymentMethod": "payment method",
    "MonthlyCharges": "monthly charges",
    "TotalCharges": "total charges to date",
}


def select_features(frame: pd.DataFrame) -> pd.DataFrame:
    """The customer columns a model may see: everything but the id and the target."""
    return frame.drop(columns=[ID_COLUMN, TARGET_COLUMN], errors="ignore")


def split_features_target(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Features, and the target as 1 for a churner, 0 otherwise."""
    target = frame[TARGET_COLUMN].eq(POSITIVE_LABEL).astype(int).rename(TARGET_COLUMN)
    return select_features(frame), target


def parse_total_charges(total_charges: pd.Series) -> pd.Series:
    """Blank (no bill yet) becomes 0.0; the text column becomes numbers."""
    return pd.to_numeric(total_charges.astype("str").str.strip().replace("", "0"), errors="coerce")


def count_add_ons(frame: pd.DataFrame) -> pd.Series:
    return (frame[ADD_ON_COLUMNS] == "Yes").sum(axis=1)


def add_engineered_features(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a new frame with numeric TotalCharges and two derived columns."""
    total = parse_total_charges(frame["TotalCharges"])
    months = frame["tenure"].clip(lower=1)
    return frame.assign(
        TotalCharges=total,
        average_monthly_charge=total / months,
        add_on_count=count_add_ons(frame),
    )


def parse_total_charge(text: str) -> float:
    """`parse_total_charges` for one value: blank is 0.0, a number its value, else NaN."""
    stripped = str(text).strip()
    try:
        return float(stripped) if stripped else 0.0
    except ValueError:
        return math.nan


def engineer_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """`add_engineered_features` for one customer as a dict: the serving fast path's first step."""
    total = parse_total_charge(record["TotalCharges"])
    return {
        **record,
        "TotalCharges": total,
        "average_monthly_charge": total / max(record["tenure"], 1),
        "add_on_count": sum(record[column] == "Yes" for column in ADD_ON_COLUMNS),
    }


def monitored_features(frame: pd.DataFrame, training: pd.DataFrame | None = None) -> pd.DataFrame:
    """What drift monitoring compares: the model's input columns after feature engineering.

    Every one is a function of its row alone, so the training split (`training`) is not needed.
    """
    engineered = add_engineered_features(select_features(frame))
    return engineered[NUMERIC_FEATURES + CATEGORICAL_FEATURES]


def build_preprocessor() -> Pipeline:
    """Engineered columns, then imputed and scaled numbers and one-hot categories, nothing else."""
    numeric = make_pipeline(SimpleImputer(strategy="median"), StandardScaler())
    categorical = OneHotEncoder(
        categories=[CATEGORY_VALUES[name] for name in CATEGORICAL_FEATURES],
        handle_unknown="ignore",
        sparse_output=False,
        dtype=np.float64,
    )
    columns = ColumnTransformer(
        [
            ("numeric", numeric, NUMERIC_FEATURES),
            ("categorical", categorical, CATEGORICAL_FEATURES),
        ],
        remainder="drop",
        verbose_feature_names_out=False,
    )
    engineer = FunctionTransformer(add_engineered_features)
    return Pipeline([("engineer", engineer), ("columns", columns)])
