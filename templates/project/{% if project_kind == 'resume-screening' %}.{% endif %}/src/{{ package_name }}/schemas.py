"""Data contracts: pandera schemas of the files the data stage reads and writes. Files are read
as text (empty cells stay empty strings) and the schemas coerce, so a bad value is reported with
its column and row, not a crash.
"""

import pandera.pandas as pa

RESUME_COLUMNS = ["resume_id", "category", "text", "group"]
JOB_COLUMNS = ["job_id", "split", "category", "title", "description", "must_have", "nice_to_have"]
RELEVANCE_COLUMNS = ["job_id", "resume_id", "relevance"]
MAX_RELEVANCE = 3
NON_EMPTY = pa.Check.str_length(min_value=1)

# A resume file a person gives: the category and the text (named Text or Resume; renamed before).
SOURCE_SCHEMA = pa.DataFrameSchema(
    {
        "category": pa.Column(str, NON_EMPTY),
        "text": pa.Column(str),
    },
    strict="filter",
    name="resumes (Category, Text)",
)

RESUME_SCHEMA = pa.DataFrameSchema(
    {
        "resume_id": pa.Column(str, NON_EMPTY, unique=True),
        "category": pa.Column(str, NON_EMPTY),
        "text": pa.Column(str, NON_EMPTY),
        "group": pa.Column(str),  # the synthetic audit group; empty when a source has none
    },
    strict="filter",
    name="resumes",
)

JOB_SCHEMA = pa.DataFrameSchema(
    {
        "job_id": pa.Column(str, NON_EMPTY, unique=True),
        "split": pa.Column(str, pa.Check.isin(["validation", "test"])),
        "category": pa.Column(str, NON_EMPTY),
        "title": pa.Column(str, NON_EMPTY),
        "description": pa.Column(str, NON_EMPTY),
        "must_have": pa.Column(str),
        "nice_to_have": pa.Column(str),
    },
    strict="filter",
    name="jobs",
)

RELEVANCE_SCHEMA = pa.DataFrameSchema(
    {
        "job_id": pa.Column(str, NON_EMPTY),
        "resume_id": pa.Column(str, NON_EMPTY),
        "relevance": pa.Column("int64", pa.Check.in_range(0, MAX_RELEVANCE), coerce=True),
    },
    unique=["job_id", "resume_id"],
    strict="filter",
    name="relevance",
)

# A batch of resumes to monitor or score: a text column, an id when it has one.
BATCH_SCHEMA = pa.DataFrameSchema(
    {
        "resume_id": pa.Column(str, NON_EMPTY, required=False),
        "text": pa.Column(str),
    },
    strict="filter",
    name="resume batch",
)
