"""The recommenders, and scoring with the saved one: for a user, an anonymous session, an item,
or a file of users.

Implicit feedback: a rating of at least `model.positive_rating` is a positive (1), anything else
is unknown (0). Models learn from the users x items matrix of positives; every item a user has
already rated, liked or not, is excluded from what they are shown. All models share one
interface, so training can compare them and serving needs nothing else:

    fit(matrix)        -> self      matrix: (n_users, n_items) CSR of positives
    score(user_rows)   -> ndarray   user_rows: (n, n_items) CSR; returns (n, n_items)
    similar(item, k)   -> (columns, scores) of the k items most like column `item`

Scoring is one sparse x dense product over the whole catalogue, then a partial sort: no Python
loop over items.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.linalg import svds

from ..config import EstimatorSettings, Settings
from frame.errors import ConfigError, DataError
from ..features import Catalogue
from frame.metadata import load_model
from ..schemas import RECOMMENDATION_SCHEMA, USER_LIST_SCHEMA
from frame.sources import validate_frame
from .metrics import ranking_metrics


class Model(Protocol):
    def fit(self, matrix: sp.csr_matrix) -> "Model": ...

    def score(self, user_rows: sp.csr_matrix) -> np.ndarray: ...

    def score_items(self, columns: np.ndarray) -> np.ndarray: ...

    def similar(self, item_index: int, k: int) -> tuple[np.ndarray, np.ndarray]: ...


def recommend(scores: np.ndarray, seen: sp.spmatrix, k: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """Top-k column indices and scores per row, never returning a seen item.

    Seen items get -inf, then argpartition finds the k best per row in O(n_items) and only
    those k are sorted. If a row has fewer than k unseen items, the tail holds -inf entries.
    """
    scores = np.array(scores, dtype=np.float64, ndmin=2)  # copy: callers keep their scores
    if not (sp.issparse(seen) and seen.format == "csr"):
        seen = sp.csr_matrix(seen)
    if seen.shape != scores.shape:
        raise ValueError(f"seen {seen.shape} does not match scores {scores.shape}")
    # Read the CSR arrays directly: .nonzero() would cost ~50 us per call for one user.
    seen_rows = np.repeat(np.arange(seen.shape[0]), np.diff(seen.indptr))
    scores[seen_rows, seen.indices] = -np.inf
    k = min(k, scores.shape[1])
    top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    top_scores = np.take_along_axis(scores, top, axis=1)
    order = np.argsort(-top_scores, axis=1, kind="stable")
    return np.take_along_axis(top, order, axis=1), np.take_along_axis(top_scores, order, axis=1)


def top_k(scores: np.ndarray, exclude: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """One row's k best columns and scores, best first, never one in `exclude` (`scores` is
    overwritten there). Fewer than k remaining items leave -inf at the tail.
    """
    scores[exclude] = -np.inf
    k = min(k, scores.size)
    best = np.argpartition(scores, scores.size - k)[scores.size - k :]
    order = np.argsort(-scores[best], kind="stable")
    return best[order], scores[best[order]]


def _top_k_excluding(values: np.ndarray, item_index: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Top-k entries of a 1-D score vector, leaving out ``item_index`` itself."""
    return top_k(np.array(values, dtype=np.float64).ravel(), np.array([item_index]), k)


class MostPopular:
    """Number of positives per item; the same ranking for every user (the baseline)."""

    def fit(self, matrix: sp.spmatrix) -> "MostPopular":
        """Count positives per item column."""
        self.counts_ = np.asarray(sp.csr_matrix(matrix).sum(axis=0)).ravel()
        return self

    def score(self, user_rows: sp.spmatrix) -> np.ndarray:
        """Popularity counts repeated for each requested row."""
        return np.broadcast_to(self.counts_, (user_rows.shape[0], self.counts_.size)).copy()

    def score_items(self, columns: np.ndarray) -> np.ndarray:
        """One user's scores from the columns of their positives: popularity, whatever they are."""
        return np.array(self.counts_, dtype=np.float64)

    def similar(self, item_index: int, k: int = 10) -> tuple[np.ndarray, np.ndarray]:
        """The most popular other items (popularity has no notion of similarity)."""
        return _top_k_excluding(self.counts_, item_index, k)


class ItemKNN:
    """Item-item cosine similarity with shrinkage, keeping the top neighbours per item.

    S[i, j] = |U_i & U_j| / (sqrt(|U_i|) sqrt(|U_j|) + shrinkage), diagonal 0, each row i keeps
    its ``neighbours`` largest entries (sparse). score(u) = x_u @ S: the sum of the similarities
    of the user's liked items to each candidate. Shrinkage damps similarities from few co-counts.
    """

    def __init__(self, neighbours: int = 100, shrinkage: float = 10.0) -> None:
        self.neighbours = neighbours
        self.shrinkage = shrinkage

    def fit(self, matrix: sp.spmatrix) -> "ItemKNN":
        """Compute the pruned cosine similarity (dense intermediate, fine up to ~10^4 items)."""
        x = sp.csr_matrix(matrix, dtype=np.float64)
        co_counts = (x.T @ x).toarray()
        norms = np.sqrt(np.diag(co_counts))
        similarity = co_counts / (np.outer(norms, norms) + self.shrinkage + 1e-12)
        np.fill_diagonal(similarity, 0.0)
        self.similarity_ = _keep_top_per_row(similarity, self.neighbours)
        return self

    def score(self, user_rows: sp.spmatrix) -> np.ndarray:
        """Sum of neighbour similarities over the user's positive items."""
        return np.asarray((sp.csr_matrix(user_rows) @ self.similarity_).toarray())

    def score_items(self, columns: np.ndarray) -> np.ndarray:
        """One user's scores: the similarity rows of their positive items, summed."""
        return np.asarray(self.similarity_[columns].sum(axis=0), dtype=np.float64).ravel()

    def similar(self, item_index: int, k: int = 10) -> tuple[np.ndarray, np.ndarray]:
        """Items with the highest cosine similarity to ``item_index``."""
        return _top_k_excluding(self.similarity_[item_index].toarray(), item_index, k)


def _keep_top_per_row(dense: np.ndarray, keep: int) -> sp.csr_matrix:
    """Sparse copy of ``dense`` with only the ``keep`` largest positive entries per row."""
    n_rows, n_cols = dense.shape
    keep = min(keep, n_cols)
    cols = np.argpartition(-dense, keep - 1, axis=1)[:, :keep]
    values = np.take_along_axis(dense, cols, axis=1)
    rows = np.repeat(np.arange(n_rows), keep)
    mask = values.ravel() > 0
    return sp.csr_matrix(
        (values.ravel()[mask], (rows[mask], cols.ravel()[mask])), shape=dense.shape
    )


class EASE:
    """Embarrassingly Shallow Autoencoder (Steck, 2019), a closed-form item-item linear model.

    G = X^T X + l2 * I, P = G^-1, B = -P / diag(P) column-wise, diag(B) = 0; score(u) = x_u @ B.
    B is the best ridge regression of every item column on all other items, so it learns
    co-occurrence while correcting for popularity. One dense n_items^2 inverse: ideal for
    catalogues up to ~20k items. Larger l2 = more regularisation (more popular-leaning).
    """

    def __init__(self, l2: float = 500.0) -> None:
        self.l2 = l2

    def fit(self, matrix: sp.spmatrix) -> "EASE":
        """Solve the closed form; float64 throughout for a stable inverse."""
        x = sp.csr_matrix(matrix, dtype=np.float64)
        gram = (x.T @ x).toarray()
        gram[np.diag_indices_from(gram)] += self.l2
        precision = np.linalg.inv(gram)
        weights = precision / (-np.diag(precision))[None, :]
        np.fill_diagonal(weights, 0.0)
        # Solved in float64, kept in float32: half the memory, and half the bytes one request reads.
        self.weights_ = weights.astype(np.float32)
        return self

    def score(self, user_rows: sp.spmatrix) -> np.ndarray:
        """Linear reconstruction of every item from the user's positives."""
        return np.asarray(sp.csr_matrix(user_rows) @ self.weights_)

    def score_items(self, columns: np.ndarray) -> np.ndarray:
        """One user's scores: the weight rows of their positive items, summed."""
        return np.asarray(self.weights_[columns].sum(axis=0), dtype=np.float64)

    def similar(self, item_index: int, k: int = 10) -> tuple[np.ndarray, np.ndarray]:
        """Items with the largest weight from ``item_index`` (row of B: "liked i -> also j")."""
        return _top_k_excluding(self.weights_[item_index], item_index, k)


class PureSVD:
    """PureSVD (Cremonesi et al., 2010): truncated SVD X ~ U S V^T, score(u) = x_u V V^T.

    Cheap (one sparse svds) and a classic factorisation baseline; item similarity is the
    cosine of the rows of V scaled by the singular values.
    """

    def __init__(self, factors: int = 50, seed: int = 0) -> None:
        self.factors = factors
        self.seed = seed

    def fit(self, matrix: sp.spmatrix) -> "PureSVD":
        """Truncated SVD of the positive matrix (deterministic start vector)."""
        x = sp.csr_matrix(matrix, dtype=np.float64)
        k = min(self.factors, min(x.shape) - 1)
        v0 = np.random.default_rng(self.seed).random(min(x.shape))
        _, singular, vt = svds(x, k=k, v0=v0)
        self.item_factors_ = vt.T  # (n_items, k)
        self.singular_values_ = singular
        return self

    def score(self, user_rows: sp.spmatrix) -> np.ndarray:
        """Project the user's positives on the item factors and back."""
        return np.asarray(sp.csr_matrix(user_rows) @ self.item_factors_) @ self.item_factors_.T

    def score_items(self, columns: np.ndarray) -> np.ndarray:
        """One user's scores: their positives' factors, summed, projected back on every item."""
        return np.asarray(self.item_factors_[columns].sum(axis=0) @ self.item_factors_.T)

    def similar(self, item_index: int, k: int = 10) -> tuple[np.ndarray, np.ndarray]:
        """Cosine similarity of singular-value-scaled item factors."""
        embedded = self.item_factors_ * self.singular_values_[None, :]
        norms = np.linalg.norm(embedded, axis=1) + 1e-12
        cosine = embedded @ embedded[item_index] / (norms * norms[item_index])
        return _top_k_excluding(cosine, item_index, k)


MODELS: dict[str, type] = {
    "most_popular": MostPopular,
    "item_knn": ItemKNN,
    "ease": EASE,
    "pure_svd": PureSVD,
}


def build_model(spec: EstimatorSettings) -> Model:
    if spec.name not in MODELS:
        raise ConfigError(f"unknown model {spec.name!r}; choose one of {sorted(MODELS)}")
    try:
        model: Model = MODELS[spec.name](**spec.params)
    except TypeError as error:
        raise ConfigError(f"bad params for {spec.name}: {error}") from None
    return model


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

    def cache_user_scores(self) -> "Recommender":
        """Score every known user once, with the batch product evaluation uses, so that serving
        a known user is a row read and a partial sort instead of work that grows with their
        history. Their histories are fixed until the next training run. Costs users x items
        float32 (6 MB for MovieLens 100K); past a few hundred MB, serve from `score_items`.
        """
        self.user_scores = self.model.score(self.catalogue.positives).astype(np.float32)
        return self

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
        return recommend(self.model.score(positives), self.catalogue.seen[rows], k)

    def held_out_columns(self, held_out: pd.DataFrame, k: int) -> tuple[np.ndarray, sp.csr_matrix]:
        """Top-k columns for every user with a positive in `held_out`, and those positives."""
        relevant, _ = self.catalogue.matrices(held_out)
        rows = np.flatnonzero(np.diff(relevant.indptr) > 0)
        columns, _ = self.rank_users(rows, k)
        return columns, relevant[rows]

    def evaluate(self, held_out: pd.DataFrame, k: int) -> dict[str, float]:
        """Ranking metrics at k on held-out interactions (see metrics.py); only users with a
        held-out positive count, and coverage and popularity are over their lists.
        """
        columns, relevant = self.held_out_columns(held_out, k)
        return ranking_metrics(columns, relevant, self.counts)

    def cold_start(self, k: int) -> Ranked:
        """The k most popular items, scored by popularity relative to the most popular one."""
        columns = self.popular[:k]
        return Ranked(columns, self.popularity[columns], cold_start=True)

    def for_user(self, user_id: int, k: int) -> Ranked:
        """A known user's top k; popular items (cold start) for a user never seen in training."""
        row = self.row_of.get(user_id)
        if row is None:
            return self.cold_start(k)
        positives, seen = self.history(row)
        if self.user_scores is None:
            scores = self.model.score_items(positives)
        else:
            scores = self.user_scores[row].astype(np.float64)
        columns, scores = top_k(scores, seen, k)
        return Ranked(columns, scores, cold_start=False)

    def for_session(self, item_ids: list[int], k: int) -> Ranked:
        """An anonymous visitor's top k from the items they touched (never those items again);
        popular items when the model knows none of them.
        """
        known = np.unique([self.column_of[item] for item in item_ids if item in self.column_of])
        if known.size == 0:
            return self.cold_start(k)
        columns, scores = top_k(self.model.score_items(known), known, k)
        return Ranked(columns, scores, cold_start=False)

    def similar_items(self, item_id: int, k: int) -> Ranked | None:
        """The k items most like `item_id`, by the model's own item similarity; None if unknown."""
        column = self.column_of.get(item_id)
        if column is None:
            return None
        columns, scores = self.model.similar(column, k)
        return Ranked(columns, scores, cold_start=False)

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
        if known.any():
            columns[known], scores[known] = self.rank_users(rows[known], k)
        cold = self.cold_start(k)
        columns[~known], scores[~known] = cold.columns, cold.scores
        frame = pd.DataFrame(
            {
                "user_id": np.repeat(user_ids, k).astype(np.int64),
                "rank": np.tile(np.arange(1, k + 1), len(user_ids)),
                "item_id": self.catalogue.item_ids.to_numpy()[columns.ravel()],
                "title": self.titles[columns.ravel()].astype(str),
                "score": scores.ravel(),
                "cold_start": np.repeat(~known, k),
            }
        )
        return frame[np.isfinite(frame["score"])].reset_index(drop=True)


def read_users(path: Path) -> np.ndarray:
    """The distinct user ids of a CSV with a `user_id` column (an interactions file will do)."""
    if not path.is_file():
        raise DataError(f"no file at {path}")
    try:
        frame = pd.read_csv(path, dtype="str", keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as error:
        raise DataError(f"{path} is not a readable CSV file: {error}") from None
    users = validate_frame(frame, USER_LIST_SCHEMA, str(path))
    return np.asarray(users["user_id"].drop_duplicates().to_numpy(), dtype=np.int64)


def predict_file(settings: Settings, input_path: Path, output_path: Path) -> pd.DataFrame:
    """Top-k recommendations (k = evaluation.k) for every user in a file, written as CSV."""
    recommender, _ = load_model(settings.paths.models)
    frame = recommender.recommend_frame(read_users(input_path), settings.evaluation.k)
    recommendations = validate_frame(frame, RECOMMENDATION_SCHEMA, "recommendations")
    output_path.parent.mkdir(parents=True, exist_ok=True)
    recommendations.to_csv(output_path, index=False)
    return recommendations
