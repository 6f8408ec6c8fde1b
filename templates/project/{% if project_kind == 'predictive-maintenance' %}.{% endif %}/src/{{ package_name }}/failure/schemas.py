"""Data contracts of machine failure: the pandera schemas of its data files, the pydantic models of
what the API receives and returns. The columns of UCI "AI4I 2020 Predictive Maintenance", names
and units as in the file.
"""

from typing import Literal

import pandera.pandas as pa
from pydantic import BaseModel, ConfigDict, Field

from frame.request_types import Integer

ID_COLUMN = "UDI"
PRODUCT_COLUMN = "Product ID"
TYPE_COLUMN = "Type"
AIR_COLUMN = "Air temperature [K]"
PROCESS_COLUMN = "Process temperature [K]"
SPEED_COLUMN = "Rotational speed [rpm]"
TORQUE_COLUMN = "Torque [Nm]"
WEAR_COLUMN = "Tool wear [min]"
TARGET_COLUMN = "Machine failure"
FAILURE_MODES = ["TWF", "HDF", "PWF", "OSF", "RNF"]
PRODUCT_TYPES = ["L", "M", "H"]
READING_COLUMNS = [AIR_COLUMN, PROCESS_COLUMN, SPEED_COLUMN, TORQUE_COLUMN, WEAR_COLUMN]
COLUMN_ORDER = [
    ID_COLUMN, PRODUCT_COLUMN, TYPE_COLUMN, *READING_COLUMNS, TARGET_COLUMN, *FAILURE_MODES,
]  # fmt: skip
# Physical bounds, wide enough for any real machine of this kind, narrow enough to catch a unit
# mistake (degrees Celsius in a kelvin column, rad/s in an rpm column).
BOUNDS: dict[str, tuple[float, float]] = {
    AIR_COLUMN: (250.0, 350.0),
    PROCESS_COLUMN: (250.0, 370.0),
    SPEED_COLUMN: (100.0, 5000.0),
    TORQUE_COLUMN: (0.0, 200.0),
    WEAR_COLUMN: (0.0, 1000.0),
}


def build_reading_schema(require_target: bool) -> pa.DataFrameSchema:
    """One milling process per row. Required: what a model uses (the type and the five
    readings) and, for training data, the target. Optional: the identifiers and the failure-mode
    flags, which no model sees (the model card's table of failure modes needs the flags). `Machine
    failure` is not checked against the flags: the real file has rows where they disagree, and it
    must load unchanged.
    """

    def flag(required: bool) -> pa.Column:
        return pa.Column("int64", pa.Check.isin([0, 1]), coerce=True, required=required)

    columns = {
        ID_COLUMN: pa.Column("int64", pa.Check.ge(0), unique=True, coerce=True, required=False),
        PRODUCT_COLUMN: pa.Column(str, pa.Check.str_length(min_value=1), required=False),
        TYPE_COLUMN: pa.Column(str, pa.Check.isin(PRODUCT_TYPES)),
        **{
            name: pa.Column("float64", pa.Check.in_range(low, high), coerce=True)
            for name, (low, high) in BOUNDS.items()
        },
        TARGET_COLUMN: flag(require_target),
        **{mode: flag(False) for mode in FAILURE_MODES},
    }
    return pa.DataFrameSchema(columns, strict=True, ordered=False, name="machine readings")


FAILURE_PREDICTION_SCHEMA = pa.DataFrameSchema(
    {
        ID_COLUMN: pa.Column("int64", unique=True),
        "failure_probability": pa.Column(float, pa.Check.in_range(0.0, 1.0)),
        "inspect": pa.Column(bool),
    },
    strict=True,
    name="failure predictions",
)


class MachineReading(BaseModel):
    """One process as the API receives it, keyed by the data file's column names (units
    included; aliases are literals for the type checker); bounds as in the data schema, anything
    else refused, so a 422 names its field.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, strict=True)

    UDI: Integer = Field(ge=0)
    product_id: str = Field(alias="Product ID", min_length=1, max_length=32)
    product_type: Literal["L", "M", "H"] = Field(alias="Type")
    air_temperature: float = Field(alias="Air temperature [K]", ge=250, le=350)
    process_temperature: float = Field(alias="Process temperature [K]", ge=250, le=370)
    rotational_speed: float = Field(alias="Rotational speed [rpm]", ge=100, le=5000)
    torque: float = Field(alias="Torque [Nm]", ge=0, le=200)
    tool_wear: float = Field(alias="Tool wear [min]", ge=0, le=1000)


class FailurePrediction(BaseModel):
    model_config = ConfigDict(frozen=True)

    UDI: int
    failure_probability: float = Field(ge=0.0, le=1.0)
    inspect: bool
    threshold: float = Field(ge=0.0, le=1.0)
    model_version: str
