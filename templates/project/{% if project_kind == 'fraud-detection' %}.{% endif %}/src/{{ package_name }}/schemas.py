"""Data contracts: pandera schemas for every data file, pydantic models for one transaction (API).

Column names are those of the ULB credit-card data set: `Time` (seconds since the first
transaction), `V1`..`V28` (anonymised PCA components), `Amount` (euros) and the target `Class`
(1 = fraud). The synthetic data adds `pattern`, the kind of fraud the generator drew (or
`legitimate`): it is there for error analysis, optional, and never a feature. The schemas coerce
numbers, so a bad value is reported, not a crash.
"""

import pandera.pandas as pa
from pydantic import BaseModel, ConfigDict, Field

TARGET_COLUMN = "Class"
TIME_COLUMN = "Time"
AMOUNT_COLUMN = "Amount"
PATTERN_COLUMN = "pattern"
# What `pattern` holds: no fraud, then the generator's three kinds of fraud (see synthetic.py).
PATTERNS = ("legitimate", "takeover", "testing", "camouflaged")
COMPONENTS = [f"V{number}" for number in range(1, 29)]
COLUMN_ORDER = [TIME_COLUMN, *COMPONENTS, AMOUNT_COLUMN, TARGET_COLUMN]
MAX_TIME = 10**9  # seconds: about 30 years of transactions
MAX_AMOUNT = 1_000_000.0
MAX_COMPONENT = 1_000.0  # the real components stay within about +-120


def build_transaction_schema(require_target: bool) -> pa.DataFrameSchema:
    component = pa.Check.in_range(-MAX_COMPONENT, MAX_COMPONENT)
    columns = {
        TIME_COLUMN: pa.Column("float64", pa.Check.in_range(0, MAX_TIME), coerce=True),
        **{name: pa.Column("float64", component, coerce=True) for name in COMPONENTS},
        AMOUNT_COLUMN: pa.Column("float64", pa.Check.in_range(0, MAX_AMOUNT), coerce=True),
        TARGET_COLUMN: pa.Column(
            "int64", pa.Check.isin([0, 1]), coerce=True, required=require_target
        ),
        PATTERN_COLUMN: pa.Column(str, pa.Check.isin(PATTERNS), required=False),
    }
    return pa.DataFrameSchema(columns, strict=True, ordered=False, name="transactions")


PREDICTION_SCHEMA = pa.DataFrameSchema(
    {
        "row": pa.Column(int, pa.Check.ge(0), unique=True),
        TIME_COLUMN: pa.Column(float),
        AMOUNT_COLUMN: pa.Column(float),
        "fraud_probability": pa.Column(float, pa.Check.in_range(0.0, 1.0)),
        "alert": pa.Column(bool),
    },
    strict=True,
    name="predictions",
)


class TransactionRecord(BaseModel):
    """One transaction as the API receives it: the data set's columns without `Class`, bounded
    like the data schema; anything else is refused, so a bad request names its field.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, strict=True)

    Time: float = Field(
        ge=0, le=MAX_TIME, description="seconds since the first transaction of the training data"
    )
    V1: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    V2: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    V3: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    V4: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    V5: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    V6: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    V7: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    V8: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    V9: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    V10: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    V11: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    V12: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    V13: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    V14: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    V15: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    V16: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    V17: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    V18: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    V19: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    V20: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    V21: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    V22: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    V23: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    V24: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    V25: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    V26: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    V27: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    V28: float = Field(ge=-MAX_COMPONENT, le=MAX_COMPONENT)
    Amount: float = Field(ge=0, le=MAX_AMOUNT, description="euros")


class Contribution(BaseModel):
    model_config = ConfigDict(frozen=True)

    feature: str = Field(description="the request field, e.g. `Time`")
    label: str = Field(description="what the model read from it, e.g. `Time (hour of day)`")
    contribution: float = Field(
        description="change in the log-odds of fraud (log(p / (1 - p))): positive raises the score"
    )


class FraudScore(BaseModel):
    """What /predict/batch returns per transaction, in request order."""

    model_config = ConfigDict(frozen=True)

    fraud_probability: float = Field(ge=0.0, le=1.0)
    alert: bool = Field(description="true: send to review (probability >= threshold)")
    threshold: float = Field(ge=0.0, le=1.0)
    model_version: str


class FraudPrediction(FraudScore):
    """What /predict returns: the score, and the input columns that moved it most."""

    top_features: list[Contribution] = Field(
        description="largest contributions first; empty if the model cannot explain itself"
    )
