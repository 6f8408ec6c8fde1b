r"""Top-k ranking metrics for implicit-feedback recommenders, vectorised over users.

Inputs: ``recommended`` is an int array (n_users, k) of item column indices, best first;
``relevant`` is a scipy.sparse matrix (n_users, n_items) whose non-zeros mark each user's
held-out relevant items (binary relevance; values are ignored). Row u of both refers to the
same user. With hit_{u,j} = 1 if recommended[u, j] is relevant for u (j = 0..k-1, rank j+1)
and R_u = number of relevant items of u:

* precision@k = sum_j hit_{u,j} / k
* recall@k    = sum_j hit_{u,j} / R_u
* hit rate@k  = 1 if sum_j hit_{u,j} > 0 else 0
* nDCG@k      = DCG / IDCG, DCG = sum_j hit_{u,j} / log2(j + 2),
                IDCG = sum_{j < min(R_u, k)} 1 / log2(j + 2)
* AP@k        = sum_j hit_{u,j} * precision@(j+1) / min(R_u, k);  MAP@k = mean of AP@k

Every user-averaged metric is the mean over users with R_u > 0 only: users without relevant
held-out items cannot be scored and are excluded (not counted as zero).

Catalogue-level metrics use all rows of ``recommended``:

* coverage = |distinct recommended items| / n_items
* mean popularity rank = mean over all recommended slots of the item's training popularity
  rank (1 = most popular item in training); low values mean "recommends blockbusters".

Graded relevance (a search over a pool per query, such as resumes for a job): each query gives
its pool's relevance grades (ints >= 0) in the order the model ranked the pool, best first. With
gain 2^grade - 1 (a grade-3 match counts seven times a grade-1 one):

* graded nDCG@k = DCG@k / IDCG@k, IDCG from the pool's grades sorted best first
* AP@k over grades >= `threshold` (relevant), normalised by min(R, k), as above

A query whose pool holds no grade above 0 (nDCG) or none at the threshold (AP) is excluded.
"""

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike


def _hits(recommended: np.ndarray, relevant: sp.spmatrix) -> np.ndarray:
    """Boolean (n_users, k): is recommended[u, j] among u's relevant items?"""
    relevant = sp.csr_matrix(relevant)
    relevant.sum_duplicates()
    relevant.eliminate_zeros()
    n_items = relevant.shape[1]
    if recommended.shape[0] != relevant.shape[0]:
        raise ValueError("recommended and relevant must have the same number of rows")
    rows = np.repeat(np.arange(relevant.shape[0], dtype=np.int64), np.diff(relevant.indptr))
    relevant_keys = rows * n_items + relevant.indices
    query = np.arange(recommended.shape[0], dtype=np.int64)[:, None] * n_items + recommended
    return np.isin(query, relevant_keys)


def _relevant_counts(relevant: sp.spmatrix) -> np.ndarray:
    """Number of relevant items per user (non-zeros per row)."""
    relevant = sp.csr_matrix(relevant)
    relevant.eliminate_zeros()
    return np.diff(relevant.indptr)


def _discounts(k: int) -> np.ndarray:
    """Position discounts 1 / log2(rank + 1) for ranks 1..k."""
    return 1.0 / np.log2(np.arange(2, k + 2))


def _mean_over_scored(values: np.ndarray, counts: np.ndarray) -> float:
    """Mean over users that have at least one relevant item (nan if there are none)."""
    mask = counts > 0
    return float(values[mask].mean()) if mask.any() else float("nan")


def precision_at_k(recommended: np.ndarray, relevant: sp.spmatrix) -> float:
    """Share of the k recommended items that are relevant, averaged over scored users."""
    hits = _hits(recommended, relevant)
    return _mean_over_scored(hits.sum(axis=1) / recommended.shape[1], _relevant_counts(relevant))


def recall_at_k(recommended: np.ndarray, relevant: sp.spmatrix) -> float:
    """Share of a user's relevant items found in the top k, averaged over scored users."""
    hits = _hits(recommended, relevant)
    counts = _relevant_counts(relevant)
    return _mean_over_scored(hits.sum(axis=1) / np.maximum(counts, 1), counts)


def hit_rate_at_k(recommended: np.ndarray, relevant: sp.spmatrix) -> float:
    """Share of scored users with at least one relevant item in the top k."""
    hits = _hits(recommended, relevant)
    return _mean_over_scored(hits.any(axis=1).astype(float), _relevant_counts(relevant))


def ndcg_per_user(recommended: np.ndarray, relevant: sp.spmatrix) -> np.ndarray:
    """Each user's nDCG with binary relevance (see module docstring); nan for a user without a
    relevant item, so that slices and bootstrap intervals can be taken over users.
    """
    hits = _hits(recommended, relevant)
    counts = _relevant_counts(relevant)
    discounts = _discounts(recommended.shape[1])
    dcg = hits @ discounts
    ideal = np.concatenate([[0.0], np.cumsum(discounts)])[np.minimum(counts, discounts.size)]
    return np.where(counts > 0, dcg / np.where(ideal > 0, ideal, 1.0), np.nan)


def ndcg_at_k(recommended: np.ndarray, relevant: sp.spmatrix) -> float:
    """Normalised discounted cumulative gain, averaged over scored users."""
    return _mean_over_scored(ndcg_per_user(recommended, relevant), _relevant_counts(relevant))


def map_at_k(recommended: np.ndarray, relevant: sp.spmatrix) -> float:
    """Mean average precision, AP@k normalised by min(|relevant|, k)."""
    hits = _hits(recommended, relevant)
    counts = _relevant_counts(relevant)
    k = recommended.shape[1]
    precision_at_rank = np.cumsum(hits, axis=1) / np.arange(1, k + 1)
    average_precision = (precision_at_rank * hits).sum(axis=1) / np.maximum(
        np.minimum(counts, k), 1
    )
    return _mean_over_scored(average_precision, counts)


def catalog_coverage(recommended: np.ndarray, n_items: int) -> float:
    """Distinct recommended items divided by catalogue size."""
    return np.unique(recommended).size / n_items


def popularity_ranks(item_counts: np.ndarray) -> np.ndarray:
    """Rank of every item by training popularity: 1 = most popular (ties broken by index)."""
    order = np.argsort(-np.asarray(item_counts), kind="stable")
    ranks = np.empty(order.size, dtype=np.int64)
    ranks[order] = np.arange(1, order.size + 1)
    return ranks


def mean_popularity_rank(recommended: np.ndarray, item_counts: np.ndarray) -> float:
    """Mean popularity rank (1 = most popular in training) over all recommended slots."""
    return float(popularity_ranks(item_counts)[recommended].mean())


def ranking_metrics(
    recommended: np.ndarray, relevant: sp.spmatrix, item_counts: np.ndarray
) -> dict[str, float]:
    """Every metric of metrics.json at k = the width of `recommended`."""
    k = recommended.shape[1]
    return {
        f"ndcg_at_{k}": ndcg_at_k(recommended, relevant),
        f"precision_at_{k}": precision_at_k(recommended, relevant),
        f"recall_at_{k}": recall_at_k(recommended, relevant),
        f"map_at_{k}": map_at_k(recommended, relevant),
        f"hit_rate_at_{k}": hit_rate_at_k(recommended, relevant),
        "catalog_coverage": catalog_coverage(recommended, relevant.shape[1]),
        "mean_popularity_rank": mean_popularity_rank(recommended, item_counts),
    }


def _grades(ranked: ArrayLike) -> np.ndarray:
    grades = np.asarray(ranked, dtype=np.float64).ravel()
    if grades.size and (not np.isfinite(grades).all() or grades.min() < 0):
        raise ValueError("relevance grades must be finite and at least 0")
    return grades


def graded_ndcg(ranked: ArrayLike, k: int) -> float:
    """One query's nDCG@k with gain 2^grade - 1; nan when no grade in its pool is above 0."""
    grades = _grades(ranked)
    gains = np.exp2(grades) - 1.0
    top = min(k, gains.size)
    ideal = float(np.sort(gains)[::-1][:top] @ _discounts(top)) if top else 0.0
    if ideal == 0.0:
        return float("nan")
    return float(gains[:top] @ _discounts(top)) / ideal


def graded_average_precision(ranked: ArrayLike, k: int, threshold: float = 1.0) -> float:
    """One query's AP@k, a grade of at least `threshold` being relevant; nan when none is."""
    relevant = _grades(ranked) >= threshold
    total = int(relevant.sum())
    if total == 0:
        return float("nan")
    hits = relevant[:k]
    precision = np.cumsum(hits) / np.arange(1, hits.size + 1)
    return float((precision * hits).sum() / min(total, k))


def graded_ranking_metrics(
    rankings: Sequence[ArrayLike], k: int, threshold: float = 1.0
) -> dict[str, float]:
    """`ndcg_at_k` and `map_at_k` averaged over the queries that can be scored (each ranking is
    one query's pool grades in ranked order); nan when none can.
    """
    ndcg = np.array([graded_ndcg(ranked, k) for ranked in rankings], dtype=np.float64)
    ap = np.array(
        [graded_average_precision(ranked, k, threshold) for ranked in rankings], dtype=np.float64
    )

    def mean(values: np.ndarray) -> float:
        scored = values[~np.isnan(values)]
        return float(scored.mean()) if scored.size else float("nan")

    return {f"ndcg_at_{k}": mean(ndcg), f"map_at_{k}": mean(ap)}
