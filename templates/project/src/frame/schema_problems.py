"""A schema's failures in plain words: what is wrong, where (the first few rows), how to fix it.

pandera reports each failure as a (column, check, failure case, index) row; this module turns
them into one line per column and kind of problem, such as
`column Amount: 'abc' in row 12 is not a number: write plain numbers, without units or
thousands separators`. Rows are counted as the data's rows: row 1 is the first row of data (the
line after a header; a spreadsheet shows it as row 2).
"""

import math
import re
from collections.abc import Hashable, Sequence
from typing import Any

import pandas as pd

SHOWN_ROWS = 3  # example rows named in a message; the rest are counted
SHOWN_COLUMNS = 10  # column names listed in a message
DELIMITERS = {";": "';'", "\t": "tabs", "|": "'|'"}
# What a column's type is called, by the start of pandas' name for it.
TYPE_WORDS = {  # pandas' name for a type, by its start: what a value of it is, one and several
    "float": ("a number", "numbers"),
    "int": ("a whole number", "whole numbers"),
    "uint": ("a whole number", "whole numbers"),
    "datetime": ("a date", "dates"),
    "bool": ("true or false", "true or false"),
}
TYPE_FIXES = {
    "a number": "write plain numbers, without units or thousands separators",
    "a whole number": "write whole numbers, without decimals, units or separators",
    "a date": "write dates as 2024-01-31 or 2024-01-31 14:05",
    "true or false": "write true or false",
}
VALUE_FIX = ("correct it, or remove the row", "correct them, or remove those rows")
ORDERS = {  # pandera's comparison checks: how a failing value stands against the bound
    "greater_than_or_equal_to": "below",
    "greater_than": "not above",
    "less_than_or_equal_to": "above",
    "less_than": "not below",
    "equal_to": "not",
    "not_equal_to": "equal to the refused value",
}


def delimiter_problem(columns: Sequence[Hashable]) -> str | None:
    """When a file read as comma-separated gives one column whose name holds another delimiter,
    what to tell the user.
    """
    if len(columns) != 1:
        return None
    header = str(columns[0])
    for delimiter, name in DELIMITERS.items():
        if delimiter in header:
            return (
                f"the file seems to be separated by {name}, not commas: save it as comma-separated"
            )
    return None


def named(column: str) -> str:
    """A column's name as a message shows it: quoted when it holds spaces or punctuation."""
    return column if re.fullmatch(r"[\w\[\]]+", column) else repr(column)


def shown_value(value: Any) -> str:
    """A failing value as the file holds it: text quoted, 25.55 rather than 25.550000000000011."""
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() else f"{value:.6g}"
    return repr(value) if isinstance(value, str) else str(value)


def numbers(arguments: str) -> str:
    """`0, 1000000.0` as a person reads it: `0 to 1,000,000`."""
    values = [part.strip() for part in arguments.split(",")]
    return " to ".join(readable(value) for value in values[:2])


def readable(text: str) -> str:
    try:
        number = float(text)
    except ValueError:
        return text
    return f"{number:,.0f}" if number.is_integer() else f"{number:,g}"


class RowNumbers:
    """Turns the frame's index labels into the row numbers a message shows: a range index counts
    rows (from 0, or from a partition's first row in its file).
    """

    def __init__(self, index: pd.Index) -> None:
        self.counted = isinstance(index, pd.RangeIndex) and index.start >= 0 and index.step == 1

    def __call__(self, label: Any) -> str:
        if self.counted:
            return f"row {int(label) + 1:,}"
        return f"the row labelled {label}"

    def several(self, labels: Sequence[Any]) -> str:
        """`rows 4, 9, 12 and 20 more`: the first few rows, then how many others."""
        unique = list(dict.fromkeys(labels))
        if self.counted:
            first = ", ".join(f"{int(label) + 1:,}" for label in unique[:SHOWN_ROWS])
            text = f"{'rows' if len(unique) > 1 else 'row'} {first}"
        else:
            text = ", ".join(self(label) for label in unique[:SHOWN_ROWS])
        if len(unique) > SHOWN_ROWS:
            text += f" and {len(unique) - SHOWN_ROWS:,} more"
        return text


def values_in_rows(group: pd.DataFrame, rows: RowNumbers) -> tuple[str, int]:
    """`'maybe' in rows 5, 6, 7` (one value) or `25.55 in row 1, 26.45 in row 2 and 38 more rows`,
    and how many rows fail in all.
    """
    cases = group.drop_duplicates("index")
    values = [shown_value(case) for case in cases["failure_case"]]
    labels = [label for label in cases["index"] if not is_missing(label)]
    if len(set(values)) == 1:
        return (f"{values[0]} in {rows.several(labels)}" if labels else values[0]), len(cases)
    shown = [
        f"{value} in {rows(label)}" if not is_missing(label) else value
        for value, label in zip(values[:SHOWN_ROWS], cases["index"][:SHOWN_ROWS], strict=True)
    ]
    more = f" and {len(cases) - SHOWN_ROWS:,} more rows" if len(cases) > SHOWN_ROWS else ""
    return ", ".join(shown) + more, len(cases)


def is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)  # NaN


def column_problem(column: str, check: str, group: pd.DataFrame, rows: RowNumbers) -> str:
    """One line for one column and one check."""
    where = rows.several([label for label in group["index"] if not is_missing(label)])
    if check == "not_nullable" or (
        check.startswith("coerce_dtype") and group["failure_case"].map(is_missing).all()
    ):
        return f"column {named(column)} is empty in {where}: fill in every row"
    if check == "field_uniqueness":
        return f"column {named(column)} repeats a value in {where}: each value must appear once"
    values, count = values_in_rows(group, rows)
    verb = "is" if count == 1 else "are"
    expected = re.match(r"(coerce_dtype|dtype)\('?([a-zA-Z]+)", check)
    if expected:
        words = next(
            (text for start, text in TYPE_WORDS.items() if expected[2].startswith(start)), None
        )
        if words is not None:
            return (
                f"column {named(column)}: {values} {verb} not {words[count > 1]}: "
                f"{TYPE_FIXES[words[0]]}"
            )
    return (
        f"column {named(column)}: {values} {verb} {described_check(check)}: {VALUE_FIX[count > 1]}"
    )


def described_check(check: str) -> str:
    """What a failing value is, for one of pandera's checks (its own name for the others)."""
    call = re.fullmatch(r"(\w+)\((.*)\)", check, flags=re.DOTALL)
    name, arguments = (call[1], call[2]) if call else (check, "")
    if name == "in_range":
        return f"outside {numbers(arguments)}"
    if name in ORDERS:
        return f"{ORDERS[name]} {readable(arguments)}"
    if name == "isin":
        return f"not one of {arguments.strip('[]{}')}"
    if name == "notin":
        return f"one of the refused values {arguments.strip('[]{}')}"
    if name == "str_length":
        return f"not {numbers(arguments)} characters long"
    if name in ("str_matches", "str_contains"):
        return f"not in the expected form ({arguments})"
    return f"not {name.replace('_', ' ')}"  # a check of the project's own, named for what it wants


def listed(names: Sequence[str]) -> str:
    """`V5, V6`: the first SHOWN_COLUMNS names, then how many others."""
    text = ", ".join(named(name) for name in names[:SHOWN_COLUMNS])
    return text + (f" and {len(names) - SHOWN_COLUMNS} more" if len(names) > SHOWN_COLUMNS else "")


def table_problem(check: str, group: pd.DataFrame, rows: RowNumbers, order: dict[str, int]) -> str:
    """One line for a failure of the whole table: missing or unexpected columns, repeated rows."""
    found = [str(case) for case in dict.fromkeys(group["failure_case"])]
    cases = sorted(found, key=lambda name: order.get(name, len(order)))
    one = len(cases) == 1
    if check == "column_in_dataframe":
        fix = "add it to the header" if one else "add them to the header"
        return f"missing column{'' if one else 's'} {listed(cases)}: {fix}, spelled as here"
    if check == "column_in_schema":
        fix = "remove it, or correct its name" if one else "remove them, or correct their names"
        return f"unexpected column{'' if one else 's'} {listed(cases)}: {fix}"
    if check == "multiple_fields_uniqueness":
        columns = ", ".join(dict.fromkeys(str(column) for column in group["column"]))
        where = rows.several(list(group["index"]))
        kind = "pairs" if columns.count(",") == 1 else "combinations"
        return f"duplicate ({columns}) {kind} in {where}: each must appear once"
    return f"the table is not {check.replace('_', ' ')}: {listed(cases)}"  # a check of its own


TABLE_CHECKS = ("column_in_dataframe", "column_in_schema", "multiple_fields_uniqueness")


def sort_key(label: Any) -> tuple[int, str]:
    """Rows in the order of the file: numbers by value, other labels after them."""
    if isinstance(label, int | float) and not isinstance(label, bool):
        return (0, f"{float(label):030.3f}")
    return (1, str(label))


def coercion_failures(by_column: pd.DataFrame) -> set[tuple[str, Any]]:
    """The (column, row) of every value that could not be converted to its column's type."""
    coerced = by_column[by_column["check"].str.startswith("coerce_dtype")]
    return set(zip(coerced["column"], coerced["index"], strict=True))


def repeats_coercion(failure: pd.Series, failed: set[tuple[str, Any]]) -> bool:
    """A value that could not be converted fails its column's other checks too (or makes them
    fail for the whole column): it is named once, as not converted.
    """
    if str(failure["check"]).startswith("coerce_dtype"):
        return False
    if is_missing(failure["index"]):
        return any(column == failure["column"] for column, _ in failed)
    return (failure["column"], failure["index"]) in failed


def describe_failures(
    failure_cases: pd.DataFrame, index: pd.Index, columns: Sequence[str]
) -> list[str]:
    """One plain line per problem: the table's first (missing, unexpected, repeated columns),
    then each column's, in the schema's order. `index` is the validated frame's; `columns` sets
    the order (the schema's columns, then the frame's).
    """
    rows = RowNumbers(index)
    frame = failure_cases.assign(
        column=failure_cases["column"].map(lambda value: None if is_missing(value) else str(value)),
    )
    table = frame["check"].isin(TABLE_CHECKS) | frame["column"].isna()
    order = {check: place for place, check in enumerate(TABLE_CHECKS)}
    by_check = sorted(frame[table].groupby("check"), key=lambda item: order.get(str(item[0]), 99))
    position: dict[str, int] = {}
    for name in columns:
        position.setdefault(str(name), len(position))
    lines = [table_problem(str(check), group, rows, position) for check, group in by_check]
    by_column = frame[~table]
    failed = coercion_failures(by_column)
    repeated = [repeats_coercion(row, failed) for _, row in by_column.iterrows()]
    kept = by_column[~pd.Series(repeated, index=by_column.index, dtype=bool)]
    groups = kept.groupby(["column", "check"], sort=False)
    for (column, check), group in sorted(
        groups, key=lambda item: position.get(str(item[0][0]), len(position))
    ):
        ordered = group.sort_values("index", key=lambda labels: labels.map(sort_key))
        lines.append(column_problem(str(column), str(check), ordered, rows))
    return lines
