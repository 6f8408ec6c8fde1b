"""Features: pure functions on data frames, and the one preprocessor that the pipeline fits.

Everything here takes the customer columns without the id and the target; `split_features_target`
is the only way the training code gets them, which the leakage test relies on.
"""

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
