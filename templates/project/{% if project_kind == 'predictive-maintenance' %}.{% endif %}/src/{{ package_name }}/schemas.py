"""Data contracts of both tasks: pandera schemas for every data file, pydantic models for what the
API receives and returns.

Failure: the columns of UCI "AI4I 2020 Predictive Maintenance", names and units as in the file.
RUL: the 26 columns of NASA C-MAPSS FD001 (the files have no header; these are the usual names).
"""

from typing import Literal

import pandera.pandas as pa
from pydantic import BaseModel, ConfigDict, Field

from frame.request_types import Integer

# Machine failure (AI4I 2020)
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
    """One milling process per row. The target and the failure-mode flags are required only for
    training data. `Machine failure` is not checked against the flags: the real file has rows
    where they disagree, and it must load unchanged.
    """
    flag = pa.Column("int64", pa.Check.isin([0, 1]), coerce=True, required=require_target)
    columns = {
        ID_COLUMN: pa.Column("int64", pa.Check.ge(0), unique=True, coerce=True),
        PRODUCT_COLUMN: pa.Column(str, pa.Check.str_length(min_value=1)),
        TYPE_COLUMN: pa.Column(str, pa.Check.isin(PRODUCT_TYPES)),
        **{
            name: pa.Column("float64", pa.Check.in_range(low, high), coerce=True)
            for name, (low, high) in BOUNDS.items()
        },
        TARGET_COLUMN: flag,
        **{mode: flag for mode in FAILURE_MODES},
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


# Remaining useful life (C-MAPSS FD001)
UNIT_COLUMN = "unit"
CYCLE_COLUMN = "cycle"
RUL_COLUMN = "RUL"
OPERATING_SETTINGS = [f"setting_{number}" for number in range(1, 4)]
SENSORS = [f"s_{number}" for number in range(1, 22)]
CYCLE_COLUMNS = [UNIT_COLUMN, CYCLE_COLUMN, *OPERATING_SETTINGS, *SENSORS]
RUL_FILES = {"train": "train_FD001.txt", "test": "test_FD001.txt", "rul": "RUL_FD001.txt"}


def build_cycle_schema(with_rul: bool) -> pa.DataFrameSchema:
    """One engine cycle per row; `RUL` (cycles left after this one) only in prepared splits."""
    columns = {
        UNIT_COLUMN: pa.Column("int64", pa.Check.ge(1), coerce=True),
        CYCLE_COLUMN: pa.Column("int64", pa.Check.ge(1), coerce=True),
        **{name: pa.Column("float64", coerce=True) for name in [*OPERATING_SETTINGS, *SENSORS]},
        RUL_COLUMN: pa.Column("int64", pa.Check.ge(0), coerce=True, required=with_rul),
    }
    return pa.DataFrameSchema(
        columns,
        strict=True,
        ordered=False,
        name="engine cycles",
        unique=[UNIT_COLUMN, CYCLE_COLUMN],
    )


RUL_PREDICTION_SCHEMA = pa.DataFrameSchema(
    {
        UNIT_COLUMN: pa.Column("int64", unique=True),
        "last_cycle": pa.Column("int64", pa.Check.ge(1)),
        "predicted_rul": pa.Column(float, pa.Check.ge(0.0)),
    },
    strict=True,
    name="RUL predictions",
)


class EngineCycle(BaseModel):
    """One cycle of one engine: three operating settings and 21 sensor readings."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, strict=True)

    cycle: Integer = Field(ge=1, le=100_000)
    setting_1: float
    setting_2: float
    setting_3: float
    s_1: float
    s_2: float
    s_3: float
    s_4: float
    s_5: float
    s_6: float
    s_7: float
    s_8: float
    s_9: float
    s_10: float
    s_11: float
    s_12: float
    s_13: float
    s_14: float
    s_15: float
    s_16: float
    s_17: float
    s_18: float
    s_19: float
    s_20: float
    s_21: float


class EngineHistory(BaseModel):
    """An engine's most recent cycles, oldest first (the route checks the count and order)."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    unit: Integer = Field(ge=1)
    cycles: list[EngineCycle] = Field(min_length=1, max_length=500)  # fits serving.max_body_bytes


class RulPrediction(BaseModel):
    model_config = ConfigDict(frozen=True)

    unit: int
    last_cycle: int
    predicted_rul: float = Field(ge=0.0)
    rul_cap: int
    model_version: str
