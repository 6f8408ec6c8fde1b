"""Data contracts: pandera schemas for the interaction and item files, pydantic models for the API.

The layout is MovieLens 100K's: `u.data` holds user_id, item_id, rating (1 to 5) and timestamp
(unix seconds); `u.item` holds an item's id, title and 19 genre flags. Files are read as text and
the schemas coerce, so a bad value is reported with its column, not a crash.
"""

from typing import Annotated

import pandera.pandas as pa
from pydantic import BaseModel, ConfigDict, Field

from frame.request_types import WHOLE_NUMBER, Integer

INTERACTION_COLUMNS = ["user_id", "item_id", "rating", "timestamp"]
ITEM_COLUMNS = ["item_id", "title", "genres"]
# u.item's genre flags, in file order.
GENRES = [
    "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary",
    "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi",
    "Thriller", "War", "Western",
]  # fmt: skip
MAX_ID = 2**31 - 1
MAX_K = 100  # the most items one request may ask for
MAX_SESSION_ITEMS = 200  # the most items an anonymous session may send
ItemId = Annotated[int, Field(ge=1, le=MAX_ID, strict=False), WHOLE_NUMBER]


def build_interaction_schema(
    require_rating: bool = True, one_per_pair: bool = True
) -> pa.DataFrameSchema:
    """Interactions; with `one_per_pair`, one row per (user, item), as in the prepared splits."""
    return pa.DataFrameSchema(
        {
            "user_id": pa.Column("int64", pa.Check.in_range(1, MAX_ID), coerce=True),
            "item_id": pa.Column("int64", pa.Check.in_range(1, MAX_ID), coerce=True),
            "rating": pa.Column(
                "int64", pa.Check.in_range(1, 5), coerce=True, required=require_rating
            ),
            "timestamp": pa.Column("int64", pa.Check.ge(0), coerce=True, required=require_rating),
        },
        unique=["user_id", "item_id"] if one_per_pair else None,
        strict="filter",
        name="interactions",
    )


ITEM_SCHEMA = pa.DataFrameSchema(
    {
        "item_id": pa.Column("int64", pa.Check.in_range(1, MAX_ID), coerce=True, unique=True),
        "title": pa.Column(str, pa.Check.str_length(min_value=1)),
        "genres": pa.Column(str, nullable=True),
    },
    strict="filter",
    name="items",
)

USER_LIST_SCHEMA = pa.DataFrameSchema(
    {"user_id": pa.Column("int64", pa.Check.in_range(1, MAX_ID), coerce=True)},
    strict="filter",
    name="users",
)

RECOMMENDATION_SCHEMA = pa.DataFrameSchema(
    {
        "user_id": pa.Column("int64"),
        "rank": pa.Column("int64", pa.Check.ge(1)),
        "item_id": pa.Column("int64"),
        "title": pa.Column(str),
        "score": pa.Column(float),
        "cold_start": pa.Column(bool),
    },
    strict=True,
    name="recommendations",
)


class RecommendedItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    item_id: int
    title: str
    genres: list[str]
    score: float


class Recommendations(BaseModel):
    """Top items for a user; `cold_start` when popularity stands in: the user (or every item of a
    session) is unknown, or they liked nothing in the training data.
    """

    model_config = ConfigDict(frozen=True)

    user_id: int | None
    cold_start: bool
    model_version: str
    items: list[RecommendedItem]


class SimilarItems(BaseModel):
    """Items like this one, best first: only those with a positive similarity, so possibly fewer
    than asked for or none; `reason` says why there are none (or what they are, when the served
    model is the popularity baseline), and is null otherwise.
    """

    model_config = ConfigDict(frozen=True)

    item_id: int
    title: str
    model_version: str
    items: list[RecommendedItem]
    reason: str | None = None


class Session(BaseModel):
    """An anonymous visitor: the items they interacted with, most recent last."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    item_ids: list[ItemId] = Field(min_length=1, max_length=MAX_SESSION_ITEMS)
    k: Integer = Field(default=10, ge=1, le=MAX_K)
