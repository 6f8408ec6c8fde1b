"""The ranking metrics (frame/evaluation/ranking.py) on small cases computed by hand."""

import numpy as np
import pytest
import scipy.sparse as sp
from frame.evaluation.ranking import (
    catalog_coverage,
    graded_average_precision,
    graded_ndcg,
    graded_ranking_metrics,
    hit_rate_at_k,
    map_at_k,
    mean_popularity_rank,
    ndcg_at_k,
    ndcg_per_user,
    popularity_ranks,
    precision_at_k,
    ranking_metrics,
    recall_at_k,
)

# A tiny example at k = 3 over 6 items:
# user 0: recommended [0, 1, 2], relevant {1, 4}     -> hits [0, 1, 0]
# user 1: recommended [3, 4, 5], relevant {3, 4, 5}  -> hits [1, 1, 1]
# user 2: recommended [0, 1, 2], relevant {}         -> left out of every user average
RECOMMENDED = np.array([[0, 1, 2], [3, 4, 5], [0, 1, 2]])
RELEVANT = sp.csr_matrix(np.array([[0, 1, 0, 0, 1, 0], [0, 0, 0, 1, 1, 1], [0, 0, 0, 0, 0, 0]], dtype=float))
LOG2_3 = np.log2(3.0)
COUNTS = np.array([10, 9, 8, 7, 6, 5])  # item i has popularity rank i + 1


def test_precision_recall_and_hit_rate_by_hand() -> None:
    assert precision_at_k(RECOMMENDED, RELEVANT) == pytest.approx((1 / 3 + 1) / 2)
    assert recall_at_k(RECOMMENDED, RELEVANT) == pytest.approx((1 / 2 + 1) / 2)
    assert hit_rate_at_k(RECOMMENDED, RELEVANT) == pytest.approx(1.0)  # not 2/3: user 2 is out


def test_ndcg_by_hand() -> None:
    # user 0: DCG = 1/log2(3); ideal DCG over min(2, 3) = 2 slots = 1 + 1/log2(3); user 1: 1
    user_0 = (1 / LOG2_3) / (1 + 1 / LOG2_3)
    assert ndcg_at_k(RECOMMENDED, RELEVANT) == pytest.approx((user_0 + 1) / 2)


def test_ndcg_per_user_by_hand_with_nan_for_a_user_without_relevant_items() -> None:
    per_user = ndcg_per_user(RECOMMENDED, RELEVANT)
    assert per_user[:2] == pytest.approx([(1 / LOG2_3) / (1 + 1 / LOG2_3), 1.0])
    assert np.isnan(per_user[2])


def test_map_by_hand() -> None:
    # user 0: a hit at rank 2, precision@2 = 1/2, AP = (1/2) / min(2, 3) = 1/4; user 1: AP = 1
    assert map_at_k(RECOMMENDED, RELEVANT) == pytest.approx((1 / 4 + 1) / 2)


def test_catalogue_metrics_by_hand() -> None:
    assert catalog_coverage(RECOMMENDED, 10) == pytest.approx(0.6)  # 6 distinct of 10
    assert mean_popularity_rank(RECOMMENDED, COUNTS) == pytest.approx(27 / 9)


def test_a_relevant_item_ranked_lower_earns_less() -> None:
    # one relevant item, found at rank 1 then at rank 3: nDCG 1 then 1/log2(4) = 1/2; AP 1 then 1/3
    relevant = sp.csr_matrix(np.array([[1, 0, 0, 0]], dtype=float))
    first, third = np.array([[0, 1, 2]]), np.array([[1, 2, 0]])
    assert ndcg_at_k(first, relevant) == pytest.approx(1.0)
    assert ndcg_at_k(third, relevant) == pytest.approx(0.5)
    assert map_at_k(third, relevant) == pytest.approx(1 / 3)
    assert recall_at_k(third, relevant) == pytest.approx(1.0)


def test_more_relevant_items_than_k_cap_the_ideal_at_k() -> None:
    # 4 relevant items, k = 2, both slots hit: nDCG and AP are 1, recall 2/4, precision 1
    relevant = sp.csr_matrix(np.array([[1, 1, 1, 1, 0]], dtype=float))
    recommended = np.array([[2, 0]])
    assert ndcg_at_k(recommended, relevant) == pytest.approx(1.0)
    assert map_at_k(recommended, relevant) == pytest.approx(1.0)
    assert recall_at_k(recommended, relevant) == pytest.approx(0.5)
    assert precision_at_k(recommended, relevant) == pytest.approx(1.0)


def test_repeated_or_zero_entries_of_relevant_do_not_count_twice_or_at_all() -> None:
    # (0, 1) stored twice, (0, 2) stored as an explicit zero: one relevant item, item 1
    relevant = sp.csr_matrix((np.array([1.0, 1.0, 0.0]), (np.array([0, 0, 0]), np.array([1, 1, 2]))), shape=(1, 4))
    assert recall_at_k(np.array([[1, 2]]), relevant) == pytest.approx(1.0)
    assert precision_at_k(np.array([[1, 2]]), relevant) == pytest.approx(0.5)


def test_no_user_with_a_relevant_item_gives_nan_not_zero() -> None:
    relevant = sp.csr_matrix((2, 4))
    assert np.isnan(ndcg_at_k(np.array([[0, 1], [2, 3]]), relevant))


def test_rows_must_match() -> None:
    with pytest.raises(ValueError, match="same number of rows"):
        precision_at_k(RECOMMENDED[:2], RELEVANT)


def test_popularity_ranks_break_ties_by_index() -> None:
    assert popularity_ranks(np.array([3, 5, 3, 0])).tolist() == [2, 1, 3, 4]


def test_ranking_metrics_names_every_metric_at_the_width_of_the_lists() -> None:
    metrics = ranking_metrics(RECOMMENDED, RELEVANT, COUNTS)
    assert list(metrics) == [
        "ndcg_at_3", "precision_at_3", "recall_at_3", "map_at_3", "hit_rate_at_3",
        "catalog_coverage", "mean_popularity_rank",
    ]  # fmt: skip
    assert metrics["map_at_3"] == pytest.approx((1 / 4 + 1) / 2)
    assert metrics["catalog_coverage"] == pytest.approx(1.0)  # 6 distinct of 6


# Graded relevance: one query's pool grades in the order a model ranked them.
def test_graded_ndcg_by_hand() -> None:
    # gains 2^g - 1: ranked [1, 3, 0] -> [1, 7, 0]; ideal [7, 1, 0]
    dcg = 1 + 7 / LOG2_3
    ideal = 7 + 1 / LOG2_3
    assert graded_ndcg([1, 3, 0], 3) == pytest.approx(dcg / ideal)
    assert graded_ndcg([3, 1, 0], 3) == pytest.approx(1.0)
    # at k = 1 only the first slot counts, against the best grade of the whole pool
    assert graded_ndcg([1, 3, 0], 1) == pytest.approx(1 / 7)


def test_graded_ndcg_of_a_pool_without_a_positive_grade_is_nan() -> None:
    assert np.isnan(graded_ndcg([0, 0, 0], 3))
    assert np.isnan(graded_ndcg([], 3))


def test_graded_average_precision_by_hand() -> None:
    # relevant (grade >= 2): slots 2 and 4 of [1, 2, 0, 3]; AP@4 = (1/2 + 2/4) / 2
    assert graded_average_precision([1, 2, 0, 3], 4, threshold=2) == pytest.approx(0.5)
    # at k = 2: one hit at slot 2, normalised by min(2 relevant, 2)
    assert graded_average_precision([1, 2, 0, 3], 2, threshold=2) == pytest.approx(0.25)
    assert np.isnan(graded_average_precision([1, 1], 2, threshold=2))


def test_graded_metrics_average_over_the_queries_that_can_be_scored() -> None:
    metrics = graded_ranking_metrics([[3, 1, 0], [0, 0], [1, 3, 0]], k=3)
    assert set(metrics) == {"ndcg_at_3", "map_at_3"}
    assert metrics["ndcg_at_3"] == pytest.approx((1 + graded_ndcg([1, 3, 0], 3)) / 2)
    assert metrics["map_at_3"] == pytest.approx((1 + (1 + 1) / 2) / 2)


def test_negative_grades_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 0"):
        graded_ndcg([1, -1], 2)
