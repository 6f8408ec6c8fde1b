"""What the data stages of both tasks share: reading a CSV file with a header against its schema,
and the smallest split either accepts.
"""

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from frame.errors import DataError
from frame.sources import validate_frame

MIN_SPLIT_ROWS = 10  # fewer, and the threshold and the metrics chosen on a split mean nothing
UNREADABLE = (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError, ValueError)


def read_csv(path: Path, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Read a CSV file with a header and validate it against `schema`."""
    if not path.is_file():
        raise DataError(f"no data file at {path}")
    try:
        frame = pd.read_csv(path)
    except UNREADABLE as error:
        raise DataError(f"{path} is not a readable CSV file: {error}") from None
    return validate_frame(frame, schema, str(path))
