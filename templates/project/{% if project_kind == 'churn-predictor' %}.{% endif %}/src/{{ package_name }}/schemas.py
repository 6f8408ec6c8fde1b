"""Data contracts: pandera schemas for every data file, pydantic models for one customer (API use).

Column names and category spellings are those of the IBM Telco Customer Churn file. Files are
read as text and the schemas coerce numeric columns, so a bad value is reported, not a crash.
"""

from typing import Literal

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pydantic import BaseModel, ConfigDict, Field

from frame.request_types import Integer

ID_COLUMN = "customerID"
TARGET_COLUMN = "Churn"
YES_NO = ["Yes", "No"]
NO_PHONE = ["Yes", "No", "No phone service"]
NO_INTERNET = ["Yes", "No", "No internet service"]
CONTRACTS = ["Month-to-month", "One year", "Two year"]
INTERNET_SERVICES = ["DSL", "Fiber optic", "No"]
PAYMENT_METHODS = [
    "Bank transfer (automatic)",
    "Credit card (automatic)",
    "Electronic check",
    "Mailed check",
]
ADD_ON_COLUMNS = [
    "OnlineSecurity",
    "OnlineBackup",
    "DeviceProtection",
    "TechSupport",
    "StreamingTV",
    "StreamingMovies",
]
CATEGORY_VALUES: dict[str, list[str]] = {
    "gender": ["Female", "Male"],
    "Partner": YES_NO,
    "Dependents": YES_NO,
    "PhoneService": YES_NO,
    "MultipleLines": NO_PHONE,
    "InternetService": INTERNET_SERVICES,
    **{column: NO_INTERNET for column in ADD_ON_COLUMNS},
    "Contract": CONTRACTS,
    "PaperlessBilling": YES_NO,
    "PaymentMethod": PAYMENT_METHODS,
}
COLUMN_ORDER = [
    ID_COLUMN, "gender", "SeniorCitizen", "Partner", "Dependents", "tenure", "PhoneService",
    "MultipleLines", "InternetService", *ADD_ON_COLUMNS, "Contract", "PaperlessBilling",
    "PaymentMethod", "MonthlyCharges", "TotalCharges", TARGET_COLUMN,
]  # fmt: skip


def is_blank_or_non_negative_number(values: pd.Series) -> pd.Series:
    """Blank, or a number from 0 up (finite: `1e400` reads as infinity, which no model can use)."""
    blank = values.str.strip().eq("")
    numbers = pd.to_numeric(values, errors="coerce")
    return blank | (numbers.ge(0) & np.isfinite(numbers))


def build_customer_schema(require_target: bool) -> pa.DataFrameSchema:
    columns = {
        ID_COLUMN: pa.Column(str, pa.Check.str_length(min_value=1), unique=True),
        "SeniorCitizen": pa.Column("int64", pa.Check.isin([0, 1]), coerce=True),
        "tenure": pa.Column("int64", pa.Check.in_range(0, 1200), coerce=True),
        "MonthlyCharges": pa.Column("float64", pa.Check.in_range(0, 10_000), coerce=True),
        "TotalCharges": pa.Column(
            str,
            pa.Check(is_blank_or_non_negative_number, name="blank_or_non_negative_number"),
        ),
        **{name: pa.Column(str, pa.Check.isin(values)) for name, values in CATEGORY_VALUES.items()},
        TARGET_COLUMN: pa.Column(str, pa.Check.isin(YES_NO), required=require_target),
    }
    ordered = {name: columns[name] for name in COLUMN_ORDER}
    return pa.DataFrameSchema(ordered, strict=True, ordered=False, name="customers")


PREDICTION_SCHEMA = pa.DataFrameSchema(
    {
        ID_COLUMN: pa.Column(str, unique=True),
        "churn_probability": pa.Column(float, pa.Check.in_range(0.0, 1.0)),
        "churn_predicted": pa.Column(str, pa.Check.isin(YES_NO)),
    },
    strict=True,
    name="predictions",
)


YesNo = Literal["Yes", "No"]
AddOn = Literal["Yes", "No", "No internet service"]
TOTAL_CHARGES_PATTERN = r"^ *([0-9]+(\.[0-9]*)?|\.[0-9]+)? *$"  # blank before the first bill


class CustomerRecord(BaseModel):
    """One customer as the API receives it: field names, categories and ranges follow the data
    schema above, and anything else is refused, so a bad request names its field. Strict: a
    number is a JSON number (not true/false, not "5"); TotalCharges is text, as in the data.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, strict=True)

    customerID: str = Field(min_length=1, max_length=64)
    gender: Literal["Female", "Male"]
    SeniorCitizen: Integer = Field(ge=0, le=1)  # not Literal[0, 1], which takes `true`
    Partner: YesNo
    Dependents: YesNo
    tenure: Integer = Field(ge=0, le=1200)
    PhoneService: YesNo
    MultipleLines: Literal["Yes", "No", "No phone service"]
    InternetService: Literal["DSL", "Fiber optic", "No"]
    OnlineSecurity: AddOn
    OnlineBackup: AddOn
    DeviceProtection: AddOn
    TechSupport: AddOn
    StreamingTV: AddOn
    StreamingMovies: AddOn
    Contract: Literal["Month-to-month", "One year", "Two year"]
    PaperlessBilling: YesNo
    PaymentMethod: Literal[
        "Bank transfer (automatic)", "Credit card (automatic)", "Electronic check", "Mailed check"
    ]
    MonthlyCharges: float = Field(ge=0, le=10_000)
    TotalCharges: str = Field(max_length=16, pattern=TOTAL_CHARGES_PATTERN)


class ChurnPrediction(BaseModel):
    model_config = ConfigDict(frozen=True)

    customerID: str
    churn_probability: float = Field(ge=0.0, le=1.0)
    churn_predicted: YesNo
    threshold: float = Field(ge=0.0, le=1.0)
    model_version: str
