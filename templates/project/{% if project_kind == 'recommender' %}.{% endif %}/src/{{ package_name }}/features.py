"""From interactions to what the models and the monitor read.

Models read a sparse user x item matrix of positives (a rating of at least
`model.positive_rating`), indexed through a `Catalogue` fixed when the model is fitted.
Monitoring reads one row per interaction, relative to the training split: is the user new, is
the item new, how popular the item was in training, and the rating given.
"""

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix

NUMERIC_FEATURES = ["item_popularity"]
CATEGORICAL_FEATURES = ["user_status", "item_status", "rating"]


@dataclass(frozen=True)
class Catalogue:
    """The users and items a model knows, as matrix rows and columns, with the two matrices
    built from the interactions it was fitted on:

    - `positives`: 1 where the rating is at least `positive_rating` (what models learn from);
    - `seen`: 1 for every interaction, liked or not (what is never recommended again).
    """

    user_ids: pd.Index
    item_ids: pd.Index
    positives: csr_matrix
    seen: csr_matrix
    positive_rating: int

    @classmethod
    def build(
        cls, interactions: pd.DataFrame, item_ids: np.ndarray, positive_rating: int
    ) -> "Catalogue":
        """Every user in `interactions`; every item in `item_ids` (the item table, so items
        nobody rated yet still count for coverage) or in `interactions`.
        """
        users = pd.Index(np.unique(interactions["user_id"].to_numpy()))
        items = pd.Index(np.union1d(item_ids, interactions["item_id"].to_numpy()))
        empty = csr_matrix((len(users), len(items)))
        shell = cls(users, items, empty, empty, positive_rating)
        return cls(users, items, *shell.matrices(interactions), positive_rating)

    @property
    def n_items(self) -> int:
        return len(self.item_ids)

    def rows_of(self, user_ids: Any) -> np.ndarray:
        """Matrix row of each user id; -1 for a user the catalogue does not know."""
        return np.asarray(self.user_ids.get_indexer(pd.Index(user_ids)))

    def columns_of(self, item_ids: Any) -> np.ndarray:
        """Matrix column of each item id; -1 for an item the catalogue does not know."""
        return np.asarray(self.item_ids.get_indexer(pd.Index(item_ids)))

    def matrices(self, interactions: pd.DataFrame) -> tuple[csr_matrix, csr_matrix]:
        """(positives, seen) of `interactions` in this catalogue's rows and columns; users or
        items it does not know are left out (nothing can be scored for them).
        """
        rows = self.rows_of(interactions["user_id"])
        columns = self.columns_of(interactions["item_id"])
        known = (rows >= 0) & (columns >= 0)
        positive = interactions["rating"].to_numpy() >= self.positive_rating
        shape = (len(self.user_ids), len(self.item_ids))
        return (
            binary_matrix(rows[known & positive], columns[known & positive], shape),
            binary_matrix(rows[known], columns[known], shape),
        )


def binary_matrix(rows: np.ndarray, columns: np.ndarray, shape: tuple[int, int]) -> csr_matrix:
    """CSR with 1.0 at every (row, column); a repeated pair stays 1."""
    matrix = csr_matrix((np.ones(rows.size, dtype=np.float64), (rows, columns)), shape=shape)
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix


def popularity_position(training: pd.DataFrame) -> pd.Series:
    """Per item seen in training: the share of training interactions that went to more popular
    items, taken at the middle of the item's own share (0 is the head of the catalogue, 1 its
    tail). Over the training interactions it is uniform by construction, so a shift stands out.
    """
    counts = training["item_id"].value_counts()
    return (counts.cumsum() - counts / 2) / counts.sum()


def monitored_features(frame: pd.DataFrame, training: pd.DataFrame) -> pd.DataFrame:
    """One row per interaction, relative to the training split: `user_status` and `item_status`
    (known or new), `item_popularity` (the item's `popularity_position`; 1, the tail, for an item
    training never saw) and `rating`. A prediction-log entry with no user is an anonymous
    session; columns a frame lacks (the log records no ratings) are left out.
    """
    monitored = pd.DataFrame(index=frame.index)
    if "user_id" in frame:
        known_users = frame["user_id"].isin(training["user_id"].unique())
        status = np.where(known_users, "known", "new")
        monitored["user_status"] = np.where(frame["user_id"].isna(), "anonymous", status)
    if "item_id" in frame:
        monitored["item_status"] = np.where(
            frame["item_id"].isin(training["item_id"].unique()), "known", "new"
        )
        monitored["item_popularity"] = (
            frame["item_id"].map(popularity_position(training)).fillna(1.0)
        )
    if "rating" in frame:
        monitored["rating"] = frame["rating"].astype("Int64").astype("string")
    return monitored
