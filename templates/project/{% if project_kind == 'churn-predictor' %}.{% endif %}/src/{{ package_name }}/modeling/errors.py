"""Error analysis on the test split: the customers the model got most wrong at its threshold, the
stayers it was surest would leave and the churners it was surest would stay, with the fields a
retention team would look at first. The model card and the notebook both read them.
"""

import numpy as np
import pandas as pd

from ..schemas import ID_COLUMN

KEY_FIELDS = ["Contract", "tenure", "MonthlyCharges", "InternetService", "PaymentMethod"]
NUMBERS = {"tenure", "MonthlyCharges"}  # right-aligned in the tables
SCORE = "churn_probability"


def worst_errors(
    frame: pd.DataFrame, y_true: np.ndarray, scores: np.ndarray, threshold: float, count: int
) -> dict[str, pd.DataFrame]:
    """`count` false positives (stayers flagged, the highest scores first) and false negatives
    (churners not flagged, the lowest scores first): id, KEY_FIELDS and the score.
    """
    churned = np.asarray(y_true, dtype=bool)
    flagged = scores >= threshold
    scored = frame[[ID_COLUMN, *KEY_FIELDS]].assign(**{SCORE: scores})
    return {
        "false_positives": scored[~churned & flagged]
        .sort_values(SCORE, ascending=False, kind="stable")
        .head(count),
        "false_negatives": scored[churned & ~flagged].sort_values(SCORE, kind="stable").head(count),
    }


def errors_table(rows: pd.DataFrame) -> str:
    """Markdown: one customer a row, their key fields and score."""
    columns = [ID_COLUMN, *KEY_FIELDS, SCORE]
    rule = ["---:" if column in NUMBERS | {SCORE} else "---" for column in columns]
    lines = ["| " + " | ".join(columns) + " |", "| " + " | ".join(rule) + " |"]
    for row in rows[columns].itertuples(index=False):
        *fields, score = row
        lines.append("| " + " | ".join(f"{field}" for field in fields) + f" | {score:.3f} |")
    return "\n".join(lines)
