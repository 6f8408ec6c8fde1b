"""The compiled trees of the classifier's fast path (frame.classifier.compiled_model): each row's
contributions add up to its log-odds, average zero over the training rows, scale with the learning
rate, and credit only the features a tree splits on.
"""

import numpy as np
import pytest
from frame.classifier.compiled_model import CompiledTrees
from sklearn.ensemble import HistGradientBoostingClassifier


def fitted(rows: np.ndarray, labels: np.ndarray, **params: float) -> HistGradientBoostingClassifier:
    model = HistGradientBoostingClassifier(early_stopping=False, random_state=0, **params)  # type: ignore[arg-type]
    return model.fit(rows, labels)


@pytest.fixture(scope="module")
def data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    rows = rng.normal(size=(3000, 4))
    log_odds = 2 * rows[:, 0] - rows[:, 1] ** 2 + 0.5 * rows[:, 2] - 2
    return rows, (rng.random(3000) < 1 / (1 + np.exp(-log_odds))).astype(int)


def test_contributions_add_up_to_the_log_odds(data: tuple[np.ndarray, np.ndarray]) -> None:
    rows, labels = data
    model = fitted(rows, labels, max_iter=40, max_leaf_nodes=8)
    trees = CompiledTrees(model)
    contributions = trees.path_contributions_many(rows[:200])
    total = trees.base_log_odds + contributions.sum(axis=1)
    np.testing.assert_allclose(total, model.decision_function(rows[:200]), atol=1e-9)
    one = trees.path_contributions(rows[0])
    np.testing.assert_allclose(one, contributions[0], atol=1e-12)


def test_contributions_average_zero_on_the_training_rows(
    data: tuple[np.ndarray, np.ndarray],
) -> None:
    """The base value is the mean training log-odds; what moves a row is relative to it."""
    rows, labels = data
    model = fitted(rows, labels, max_iter=40, max_leaf_nodes=8)
    trees = CompiledTrees(model)
    np.testing.assert_allclose(trees.path_contributions_many(rows).mean(axis=0), 0.0, atol=1e-9)
    assert trees.base_log_odds == pytest.approx(model.decision_function(rows).mean(), abs=1e-9)


def test_contributions_scale_with_the_learning_rate(data: tuple[np.ndarray, np.ndarray]) -> None:
    """One tree grows the same whatever the learning rate, which only shrinks its leaves."""
    rows, labels = data
    full = CompiledTrees(fitted(rows, labels, max_iter=1, learning_rate=1.0, max_leaf_nodes=8))
    tenth = CompiledTrees(fitted(rows, labels, max_iter=1, learning_rate=0.1, max_leaf_nodes=8))
    np.testing.assert_allclose(
        tenth.path_contributions_many(rows[:100]),
        0.1 * full.path_contributions_many(rows[:100]),
        atol=1e-12,
    )


def test_a_stump_credits_only_its_split_feature() -> None:
    """One split on column 2: a row's contribution is its leaf's value minus the average leaf."""
    rng = np.random.default_rng(1)
    rows = rng.normal(size=(1000, 3))
    labels = (rows[:, 2] > 0.5).astype(int)
    model = fitted(rows, labels, max_iter=1, max_depth=1)
    trees = CompiledTrees(model)
    contributions = trees.path_contributions_many(rows)
    assert np.all(contributions[:, [0, 1]] == 0.0)
    leaf_values = model.decision_function(rows) - trees.baseline
    expected = leaf_values - leaf_values.mean()
    np.testing.assert_allclose(contributions[:, 2], expected, atol=1e-12)
