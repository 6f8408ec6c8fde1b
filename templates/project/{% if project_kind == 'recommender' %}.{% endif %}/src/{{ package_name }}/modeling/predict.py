"""Scoring with the saved recommender: for a user, an anonymous session, an item, or a file of
users (batch scoring). The models it wraps are in models.py.

Every item a user has already rated, liked or not, is excluded from what they are shown.
"""

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from frame.api.deps import ServedModel
from frame.evaluation.ranking import ranking_metrics
from frame.settings import EstimatorSettings
from frame.sources import validate_frame

from ..config import Settings
from ..features import Catalogue
from ..schemas import RECOMMENDATION_SCHEMA, USER_LIST_SCHEMA
from .models import Model, build_model, recommend, top_k


@dataclass(frozen=True)
class Ranked:
    """Item columns best first, their scores, and whether popularity stood in (cold start)."""

    columns: np.ndarray
    scores: np.ndarray
    cold_start: bool


@dataclass
class Recommender:
    """What training saves and the API serves: a fitted model with the catalogue it was fitted
    on (so every user's history), the items' titles and genres, and the popularity order that
    stands in for users and sessions the model knows nothing about.
    """

    name: str
    model: Model
    catalogue: Catalogue
    titles: np.ndarray
    genres: list[list[str]]

    def __post_init__(self) -> None:
        self.counts = np.asarray(self.catalogue.seen.sum(axis=0)).ravel()
        self.popularity = self.counts / max(float(self.counts.max()), 1.0)
        self.popular = np.argsort(-self.counts, kind="stable")
        # For one request at a time: dict lookups and CSR slices, no pandas, no sparse algebra.
        self.row_of = {user: row for row, user in enumerate(self.catalogue.user_ids.tolist())}
        self.column_of = {item: col for col, item in enumerate(self.catalogue.item_ids.tolist())}
        self.item_id_array = np.asarray(self.catalogue.item_ids, dtype=np.int64)
        self.user_scores: np.ndarray | None = None

    @cached_property
    def positive_counts(self) -> np.ndarray:
        """Positives per item column (computed on first use: a recommender saved by an earlier
        version of this code has no such attribute).
        """
        return np.asarray(self.catalogue.positives.sum(axis=0)).ravel()

    def cache_user_scores(self) -> "Recommender":
        """Score every known user once, with the batch product evaluation uses, so that serving
        a known user is a row read and a partial sort instead of work that grows with their
        history. Their histories are fixed until the next training run. Costs users x items
        float32 (6 MB for MovieLens 100K); past a few hundred MB, serve from `score_items`.
        """
        self.user_scores = self.score_users(self.catalogue.positives).astype(np.float32)
        return self

    def score_users(self, positives: sp.csr_matrix) -> np.ndarray:
        """The model's scores for users given as rows of positives. A user with no positive at
        all (every rating below `positive_rating`) gives the model nothing to go on: every score
        would be 0 and the order an accident, so popularity stands in, as for a new user.
        """
        scores = np.asarray(self.model.score(positives), dtype=np.float64)
        scores[np.diff(positives.indptr) == 0] = self.popularity
        return scores

    def history(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        """A known user's positive columns and every column they have seen."""
        positives, seen = self.catalogue.positives, self.catalogue.seen
        return (
            positives.indices[positives.indptr[row] : positives.indptr[row + 1]],
            seen.indices[seen.indptr[row] : seen.indptr[row + 1]],
        )

    @classmethod
    def fit(
        cls, spec: EstimatorSettings, catalogue: Catalogue, items: pd.DataFrame
    ) -> "Recommender":
        model = build_model(spec).fit(catalogue.positives)
        table = items.set_index("item_id").reindex(catalogue.item_ids)
        titles = table["title"].fillna("").to_numpy(dtype=object)
        titles = np.where(titles == "", [f"item {i}" for i in catalogue.item_ids], titles)
        genres = [g.split("|") if g else [] for g in table["genres"].fillna("")]
        return cls(spec.name, model, catalogue, titles, genres)

    def rank_users(self, rows: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-k unseen columns and scores for known users (catalogue rows), all at once."""
        positives = self.catalogue.positives[rows]
        return recommend(self.score_users(positives), self.catalogue.seen[rows], k)

    def without_taste(self, rows: np.ndarray) -> np.ndarray:
        """Which of these known users (catalogue rows) liked nothing: popularity ranks for them."""
        return np.asarray(np.diff(self.catalogue.positives.indptr)[rows] == 0)

    def held_out_columns(self, held_out: pd.DataFrame, k: int) -> tuple[np.ndarray, sp.csr_matrix]:
        """Top-k columns for every user with a positive in `held_out`, and those positives."""
        relevant, _ = self.catalogue.matrices(held_out)
        rows = np.flatnonzero(np.diff(relevant.indptr) > 0)
        columns, _ = self.rank_users(rows, k)
        return columns, relevant[rows]

    def evaluate(self, held_out: pd.DataFrame, k: int) -> dict[str, float]:
        """Ranking metrics at k on held-out interactions (frame.evaluation.ranking); only users
        with a held-out positive count, and coverage and popularity are over their lists.
        """
        columns, relevant = self.held_out_columns(held_out, k)
        return ranking_metrics(columns, relevant, self.counts)

    def cold_start(self, k: int) -> Ranked:
        """The k most popular items, scored by popularity relative to the most popular one."""
        columns = self.popular[:k]
        return Ranked(columns, self.popularity[columns], cold_start=True)

    def for_user(self, user_id: int, k: int) -> Ranked:
        """A known user's top k; popular items (cold start) for a user never seen in training or
        one who liked nothing in it.
        """
        row = self.row_of.get(user_id)
        if row is None:
            return self.cold_start(k)
        positives, seen = self.history(row)
        if positives.size == 0:  # rated things, liked none: the model knows nothing of their taste
            columns, scores = top_k(self.popularity.copy(), seen, k)
            return Ranked(columns, scores, cold_start=True)
        if self.user_scores is None:
            scores = self.model.score_items(positives)
        else:
            scores = self.user_scores[row].astype(np.float64)
        columns, scores = top_k(scores, seen, k)
        return Ranked(columns, scores, cold_start=False)

    def for_session(self, item_ids: list[int], k: int) -> Ranked:
        """An anonymous visitor's top k from the items they touched (never those items again);
        popular items when the model knows none of them, or nobody liked any of them in training.
        """
        known = np.unique([self.column_of[item] for item in item_ids if item in self.column_of])
        if known.size == 0:
            return self.cold_start(k)
        if not self.positive_counts[known].any():  # nobody liked any of them: no signal either
            columns, scores = top_k(self.popularity.copy(), known, k)
            return Ranked(columns, scores, cold_start=True)
        columns, scores = top_k(self.model.score_items(known), known, k)
        return Ranked(columns, scores, cold_start=False)

    def similar_items(self, item_id: int, k: int) -> tuple[Ranked, str | None] | None:
        """Up to k items most like `item_id` by the model's own item similarity, best first, and
        why there are none or what they are, when that needs saying; None for an unknown item.

        Only a positive similarity is evidence of likeness: an item nobody liked in training has
        a similarity of 0 to everything, and ranking zeros would list arbitrary items.
        """
        column = self.column_of.get(item_id)
        if column is None:
            return None
        columns, scores = self.model.similar(column, k)
        similar = scores > 0
        ranked = Ranked(columns[similar], scores[similar], cold_start=False)
        return ranked, self.similarity_note(item_id, column, bool(similar.any()))

    def similarity_note(self, item_id: int, column: int, found: bool) -> str | None:
        """Why an item has no similar items, or what they are when the model cannot tell."""
        if self.name == "most_popular":
            return "the served model is the most-popular baseline: these are the most popular items"
        if found:
            return None
        if self.positive_counts[column] == 0:
            return (
                f"item {item_id} has no rating of {self.catalogue.positive_rating} or more in the "
                "data the model learned from, so nothing is known to be like it"
            )
        return f"no item shares an audience with item {item_id} in the data the model learned from"

    def describe(self, ranked: Ranked) -> list[dict[str, Any]]:
        """The ranked items as the API returns them: id, title, genres, score."""
        finite = np.isfinite(ranked.scores)  # fewer than k unseen items leave -inf at the tail
        columns, scores = ranked.columns[finite], ranked.scores[finite]
        ids, rounded = self.item_id_array[columns].tolist(), np.round(scores, 6).tolist()
        titles = self.titles[columns].tolist()
        return [
            {"item_id": item, "title": title, "genres": self.genres[column], "score": score}
            for item, title, column, score in zip(
                ids, titles, columns.tolist(), rounded, strict=True
            )
        ]

    def recommend_frame(self, user_ids: np.ndarray, k: int) -> pd.DataFrame:
        """One row per (user, rank): known users scored together, unknown ones cold-started."""
        rows = self.catalogue.rows_of(user_ids)
        known = rows >= 0
        columns = np.zeros((len(user_ids), k), dtype=np.int64)
        scores = np.full((len(user_ids), k), -np.inf)
        popular_only = ~known
        if known.any():
            columns[known], scores[known] = self.rank_users(rows[known], k)
            popular_only[known] = self.without_taste(rows[known])
        cold = self.cold_start(k)
        columns[~known], scores[~known] = cold.columns, cold.scores
        frame = pd.DataFrame(
            {
                "user_id": np.repeat(user_ids, k).astype(np.int64),
                "rank": np.tile(np.arange(1, k + 1), len(user_ids)),
                "item_id": self.catalogue.item_ids.to_numpy()[columns.ravel()],
                "title": self.titles[columns.ravel()].astype(str),
                "score": scores.ravel(),
                "cold_start": np.repeat(popular_only, k),
            }
        )
        return frame[np.isfinite(frame["score"])].reset_index(drop=True)


def predict_partition(
    settings: Settings, served: ServedModel[Recommender], users: pd.DataFrame
) -> pd.DataFrame:
    """Batch scoring (`make score`), one partition of a file with a `user_id` column (an
    interactions file will do; the frame keeps each user's rows in one partition): the top k
    (k = evaluation.k) for every user in it, unknown users cold-started.
    """
    checked = validate_frame(users, USER_LIST_SCHEMA, "the input")
    user_ids = np.asarray(checked["user_id"].drop_duplicates().to_numpy(), dtype=np.int64)
    frame = served.predictor.recommend_frame(user_ids, settings.evaluation.k)
    return validate_frame(frame, RECOMMENDATION_SCHEMA, "the recommendations")
