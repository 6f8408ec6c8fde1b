from pathlib import Path

import pandas as pd
import pytest

from {{ package_name }}.dataset import COLUMNS, SchemaError, load_customers


def _row() -> dict[str, object]:
    row: dict[str, object] = {column: "No" for column in COLUMNS}
    row.update(customerID="7590-VHVEG", SeniorCitizen=0, tenure=0, MonthlyCharges=29.85, TotalCharges=" ")
    return row


def test_load_keeps_blank_total_charges_as_text(tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    pd.DataFrame([_row()]).to_csv(path, index=False)
    frame = load_customers(path)
    assert list(frame.columns) == list(COLUMNS)
    assert frame.loc[0, "TotalCharges"] == " "


def test_load_refuses_a_file_missing_a_column(tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    pd.DataFrame([_row()]).drop(columns=["Contract"]).to_csv(path, index=False)
    with pytest.raises(SchemaError, match="Contract"):
        load_customers(path)
