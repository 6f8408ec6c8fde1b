"""Data contracts of remaining useful life: the pandera schemas of its data files, the pydantic
models of what the API receives and returns. The 26 columns of NASA C-MAPSS FD001 (the files have
no header; these are the usual names).
"""

import pandera.pandas as pa
from pydantic import BaseModel, ConfigDict, Field

from frame.request_types import Integer

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
