"""Error analysis on the scored test split: which kinds of fraud the model misses, which
legitimate transactions it alerts on most. Pure functions of the scored rows; the model card
renders what they return.
"""

import math
from typing import Any

import numpy as np
import pandas as pd

from ..features import input_label, time_of_day
from ..schemas import AMOUNT_COLUMN, PATTERN_COLUMN, PATTERNS, TIME_COLUMN

# How the card names the generator's kinds of fraud (synthetic.py describes each).
PATTERN_NAMES = {
    "takeover": "account takeover",
    "testing": "card testing",
    "camouflaged": "camouflaged",
}
FALSE_POSITIVES_SHOWN = 5


def reviewed_rows(scores: np.ndarray, budget: float) -> np.ndarray:
    """True for the top `budget` share of rows by score: what a review team of that size sees."""
    reviewed = np.zeros(len(scores), dtype=bool)
    reviewed[np.argsort(-scores, kind="stable")[: max(1, math.ceil(budget * len(scores)))]] = True
    return reviewed


def pattern_recall(
    frame: pd.DataFrame, y_true: np.ndarray, scores: np.ndarray, threshold: float, budget: float
) -> dict[str, dict[str, float]] | None:
    """Per kind of fraud: how many there are, how many raise an alert at `threshold`, how many
    sit in the top `budget` share of scores, and their median score; None when the data does
    not say which kind each fraud is (only the generator knows).
    """
    if PATTERN_COLUMN not in frame.columns:
        return None
    patterns = frame[PATTERN_COLUMN].to_numpy()
    alerts, reviewed = scores >= threshold, reviewed_rows(scores, budget)
    result: dict[str, dict[str, float]] = {}
    for pattern in PATTERNS[1:]:
        rows = (patterns == pattern) & (y_true == 1)
        frauds = int(rows.sum())
        if frauds:
            result[pattern] = {
                "frauds": frauds,
                "caught": int(alerts[rows].sum()),
                "recall": float(alerts[rows].mean()),
                "in_budget": int(reviewed[rows].sum()),
                "median_score": float(np.median(scores[rows])),
            }
    return result


def hour_of_day(seconds: float) -> str:
    rest = int(seconds) % 86_400
    return f"{rest // 3600:02d}:{rest % 3600 // 60:02d}"


def top_false_positives(
    frame: pd.DataFrame,
    y_true: np.ndarray,
    scores: np.ndarray,
    threshold: float,
    contributions: pd.DataFrame | None,
    count: int = FALSE_POSITIVES_SHOWN,
) -> list[dict[str, Any]]:
    """The legitimate transactions with the highest scores above `threshold`: their row in the
    test split, hour of day, amount, score and the input that raised the score most
    (`contributions`: one column per input column, one row per test row, or None).
    """
    wrong = np.flatnonzero((y_true == 0) & (scores >= threshold))
    ranked = wrong[np.argsort(-scores[wrong], kind="stable")][:count]
    rows = []
    for position in ranked:
        reason = None
        if contributions is not None:
            reason = input_label(str(contributions.iloc[position].idxmax()))
        rows.append(
            {
                "row": int(position),
                "hour_of_day": hour_of_day(float(frame[TIME_COLUMN].iloc[position])),
                "time_of_day": str(time_of_day(frame[TIME_COLUMN].iloc[[position]]).iloc[0]),
                "amount": float(frame[AMOUNT_COLUMN].iloc[position]),
                "score": float(scores[position]),
                "strongest_input": reason,
            }
        )
    return rows


def patterns_table(patterns: dict[str, dict[str, float]], budget: float) -> str:
    """Markdown: one row per kind of fraud."""
    lines = [
        f"| fraud pattern | frauds | caught (alert) | recall | in the top {budget:.1%} "
        "| median score |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for pattern, row in patterns.items():
        lines.append(
            f"| {PATTERN_NAMES[pattern]} | {row['frauds']:,.0f} | {row['caught']:,.0f} "
            f"| {row['recall']:.3f} | {row['in_budget']:,.0f} | {row['median_score']:.3g} |"
        )
    return "\n".join(lines)


def false_positives_table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| test row | hour of day | amount (euros) | score | raised most by |",
        "| ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        reason = f"`{row['strongest_input']}`" if row["strongest_input"] else "n/a"
        lines.append(
            f"| {row['row']:,} | {row['hour_of_day']} ({row['time_of_day']}) "
            f"| {row['amount']:,.2f} | {row['score']:.4f} | {reason} |"
        )
    return "\n".join(lines)


def errors_section(
    patterns: dict[str, dict[str, float]] | None,
    false_positives: list[dict[str, Any]],
    budget: float,
) -> str:
    """The model card's error analysis: recall per kind of fraud, then the top false alarms."""
    if patterns is None:
        by_pattern = (
            "Recall per fraud pattern: unknown. This data does not say which kind of fraud each "
            "one is; only the synthetic generator records it (the `pattern` column)."
        )
    else:
        by_pattern = (
            "Recall per fraud pattern (the generator's kind of fraud, kept beside the data and "
            "never given to the model):\n\n"
            + patterns_table(patterns, budget)
            + "\n\nCamouflaged frauds are drawn from the normal population: only their hour of "
            "day sets them apart, so a model is expected to miss most of them."
        )
    if false_positives:
        alarms = (
            "The legitimate transactions with the highest scores (false alarms), with the input "
            "that raised each score most (test row: the position in `test.csv` of the processed "
            "data, from 0):\n\n" + false_positives_table(false_positives)
        )
    else:
        alarms = "No legitimate test transaction raised an alert."
    return by_pattern + "\n\n" + alarms
