"""Load customer data in the IBM Telco Customer Churn schema."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

ID_COLUMN = "customerID"
TARGET = "Churn"
COLUMNS = (
    ID_COLUMN, "gender", "SeniorCitizen", "Partner", "Dependents", "tenure", "PhoneService", "MultipleLines",
    "InternetService", "OnlineSecurity", "OnlineBackup", "DeviceProtection", "TechSupport", "StreamingTV",
    "StreamingMovies", "Contract", "PaperlessBilling", "PaymentMethod", "MonthlyCharges", "TotalCharges", TARGET,
)  # fmt: skip


class SchemaError(ValueError):
    """The file does not have the columns of the Telco schema."""


def load_customers(path: Path) -> pd.DataFrame:
    """Read a customer CSV, keeping TotalCharges as text as in the real file, and check its columns."""
    frame = pd.read_csv(path, dtype={"TotalCharges": "string", ID_COLUMN: "string"})
    missing = [column for column in COLUMNS if column not in frame.columns]
    if missing:
        raise SchemaError(f"{path}: missing columns {', '.join(missing)}")
    return frame[list(COLUMNS)]
