"""The models a recommender can fit, behind one interface, so that training can compare them and
serving needs nothing else.

Implicit feedback: a rating of at least `model.positive_rating` is a positive (1), anything else
is unknown (0). Models learn from the users x items matrix of positives:

    fit(matrix)          -> self      matrix: (n_users, n_items) CSR of positives
    score(user_rows)     -> ndarray   user_rows: (n, n_items) CSR; returns (n, n_items)
    score_items(columns) -> ndarray   one user's scores from the columns of their positives
    similar(item, k)     -> (columns, scores) of the k items most like column `item`

Scoring is one sparse x dense product over the whole catalogue, then a partial sort: no Python
loop over items.
"""

from typing import Protocol

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import svds

from frame.errors import ConfigError
from frame.settings import EstimatorSettings


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
