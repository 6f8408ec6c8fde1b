"""A fitted ColumnTransformer and a binary HistGradientBoostingClassifier as plain arrays, for
the serving fast path (fastpath.py), which adds the project's feature code and checks the whole.

Scoring one row through scikit-learn costs milliseconds of input checks, a data frame and a
ColumnTransformer; the arithmetic itself is microseconds. Numeric columns become (impute, centre,
scale) arrays, one-hot columns become dict lookups, and the boosted trees become flat node arrays
walked for all trees at once. The arithmetic follows scikit-learn's, so results agree to rounding
(~1e-15). Anything not known raises UnsupportedModel. The trees are read from private
scikit-learn attributes (`_predictors`, `_baseline_prediction`): pyproject.toml caps scikit-learn
below its next minor version, and fastpath.py falls back to the pipeline on any error.

The trees also say why a row got its score: each model input's contribution to the log-odds, which
with the base value (the model's mean log-odds on its training rows) add up exactly to the score's
log-odds. These are path contributions (Saabas): a node's expected value is the mean of its leaves
weighted by the training rows that reached them, and every split on a row's path moves the
prediction from the parent's expected value to the child's, credited to the split's feature;
averaged over the training rows, each feature's contribution is zero. They cost one walk of the
trees, like the score. Unlike TreeSHAP they are not averaged over feature orderings, so credit
leans towards features split near the leaves; read them as "what moved this score", not as a
causal claim.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

CHECK_ROWS = 256  # random rows on which the compiled trees must match scikit-learn at load time
CHECK_TOLERANCE = 1e-9


class UnsupportedModel(ValueError):
    """The fitted model holds a step the fast path does not compile."""


@dataclass(frozen=True)
class NumericBlock:
    """Columns written to output[start:start + len(columns)] after fill, shift and divide."""

    columns: tuple[str, ...]
    start: int
    steps: tuple[tuple[str, np.ndarray], ...]  # ("fill" | "shift" | "divide", values)


@dataclass(frozen=True)
class OneHotBlock:
    """For each column, the output position of each known category; unknown values stay zero."""

    positions: tuple[tuple[str, dict[Any, int]], ...]


def numeric_steps(transformer: Any, width: int) -> tuple[tuple[str, np.ndarray], ...]:
    """The fitted arithmetic of a SimpleImputer / StandardScaler chain, in order."""
    if isinstance(transformer, Pipeline):
        chain = [step for _, step in transformer.steps]
    else:
        chain = (
            [] if isinstance(transformer, str) and transformer == "passthrough" else [transformer]
        )
    steps: list[tuple[str, np.ndarray]] = []
    for step in chain:
        if isinstance(step, SimpleImputer):
            statistics = np.asarray(step.statistics_, dtype=np.float64)
            missing_is_nan = isinstance(step.missing_values, float) and np.isnan(
                step.missing_values
            )
            if step.add_indicator or not missing_is_nan or statistics.shape != (width,):
                raise UnsupportedModel("SimpleImputer with indicators, markers or dropped columns")
            steps.append(("fill", statistics))
        elif isinstance(step, StandardScaler):
            if step.mean_ is not None:
                steps.append(("shift", np.asarray(step.mean_, dtype=np.float64)))
            if step.scale_ is not None:
                steps.append(("divide", np.asarray(step.scale_, dtype=np.float64)))
        else:
            raise UnsupportedModel(f"numeric step {type(step).__name__}")
    return tuple(steps)


def apply_steps(values: np.ndarray, steps: tuple[tuple[str, np.ndarray], ...]) -> np.ndarray:
    """Impute, centre and scale one row or many, with the same arithmetic in the same order."""
    for operation, parameters in steps:
        if operation == "fill":
            values = np.where(np.isnan(values), parameters, values)
        elif operation == "shift":
            values = values - parameters
        else:
            values = values / parameters
    return values


def one_hot_positions(encoder: OneHotEncoder, columns: list[str], start: int) -> OneHotBlock:
    if encoder.drop_idx_ is not None or getattr(encoder, "_infrequent_enabled", False):
        raise UnsupportedModel("OneHotEncoder with dropped or infrequent categories")
    positions = []
    for column, categories in zip(columns, encoder.categories_, strict=True):
        positions.append((column, {value: start + i for i, value in enumerate(categories)}))
        start += len(categories)
    return OneHotBlock(tuple(positions))


class CompiledColumns:
    """A fitted ColumnTransformer as arrays and lookups: one row (a mapping) in, one vector out."""

    def __init__(self, columns: ColumnTransformer) -> None:
        self.numeric: list[NumericBlock] = []
        self.one_hot: list[OneHotBlock] = []
        self.sources: list[str] = []  # the input column behind each output position
        start = 0
        for _, transformer, selected in columns.transformers_:
            if (isinstance(transformer, str) and transformer == "drop") or len(selected) == 0:
                continue
            if not all(isinstance(name, str) for name in selected):
                raise UnsupportedModel("columns must be selected by name")
            names = list(selected)
            if isinstance(transformer, OneHotEncoder):
                block = one_hot_positions(transformer, names, start)
                self.one_hot.append(block)
                for name, lookup in block.positions:
                    self.sources.extend([name] * len(lookup))
                start += sum(len(lookup) for _, lookup in block.positions)
            else:
                steps = numeric_steps(transformer, len(names))
                self.numeric.append(NumericBlock(tuple(names), start, steps))
                self.sources.extend(names)
                start += len(names)
        if start != len(columns.get_feature_names_out()):
            raise UnsupportedModel("compiled width differs from the ColumnTransformer's output")
        self.width = start

    def transform_one(self, row: Mapping[str, Any]) -> np.ndarray:
        output = np.zeros(self.width)
        for block in self.numeric:
            raw = np.array([row[name] for name in block.columns], dtype=np.float64)
            values = apply_steps(raw, block.steps)
            output[block.start : block.start + len(values)] = values
        for one_hot in self.one_hot:
            for name, lookup in one_hot.positions:
                position = lookup.get(row[name])
                if position is not None:
                    output[position] = 1.0
        return output

    def transform_frame(self, frame: pd.DataFrame) -> np.ndarray:
        """The same for many rows, column-wise, with the same arithmetic in the same order."""
        output = np.zeros((len(frame), self.width))
        for block in self.numeric:
            raw = frame[list(block.columns)].to_numpy(dtype=np.float64, copy=True)
            values = apply_steps(raw, block.steps)
            output[:, block.start : block.start + values.shape[1]] = values
        rows = np.arange(len(frame))
        for one_hot in self.one_hot:
            for name, lookup in one_hot.positions:
                # A list comprehension of dict lookups is ~5x faster than Series.map here.
                positions = np.array([lookup.get(value, -1) for value in frame[name].tolist()])
                known = positions >= 0
                output[rows[known], positions[known]] = 1.0
        return output


class CompiledTrees:
    """A binary HistGradientBoostingClassifier as flat node arrays, every tree walked at once.

    Leaves point to themselves (and always "go left"), so walking `depth` steps from each root
    ends on every tree's leaf.
    """

    def __init__(self, model: HistGradientBoostingClassifier) -> None:
        if model.n_trees_per_iteration_ != 1:
            raise UnsupportedModel("only binary classification is compiled")
        trees = [predictors[0].nodes for predictors in model._predictors]
        if any(tree["is_categorical"].any() for tree in trees):
            raise UnsupportedModel("native categorical splits are not compiled")
        sizes = np.array([len(tree) for tree in trees])
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        nodes = np.concatenate(trees)
        own = np.arange(len(nodes))
        leaf = nodes["is_leaf"].astype(bool)
        shift = np.repeat(offsets, sizes)
        self.roots = offsets
        self.feature = np.where(leaf, 0, nodes["feature_idx"]).astype(np.intp)
        self.threshold = np.where(leaf, np.inf, nodes["num_threshold"])
        self.missing_left = nodes["missing_go_to_left"].astype(bool) | leaf
        self.left = np.where(leaf, own, nodes["left"] + shift).astype(np.intp)
        self.right = np.where(leaf, own, nodes["right"] + shift).astype(np.intp)
        self.value = nodes["value"].astype(np.float64)
        self.depth = int(nodes["depth"].max())
        self.baseline = float(np.asarray(model._baseline_prediction).ravel()[0])
        self.width = model.n_features_in_
        expected = self.expected_values(leaf, nodes["count"].astype(np.float64))
        self.base_log_odds = self.baseline + float(expected[self.roots].sum())
        self.leaf_contributions = self.path_table(expected, leaf)

    def expected_values(self, leaf: np.ndarray, count: np.ndarray) -> np.ndarray:
        """What each node predicts on average: a leaf its (shrunk) value, an inner node the mean of
        its children weighted by the training rows that reached each (unweighted rows, also when
        the model was fitted with class weights). scikit-learn's own inner-node values are
        regularised gradient steps (the root's is 0), not these averages.
        """
        expected = np.where(leaf, self.value, 0.0)
        parents = np.flatnonzero(~leaf)
        if (self.left[parents] <= parents).any() or (self.right[parents] <= parents).any():
            raise UnsupportedModel("tree nodes are not stored parents first")
        for node in parents[::-1]:  # children come after their parent: reversed is bottom-up
            left, right = self.left[node], self.right[node]
            total = count[left] + count[right]
            if total <= 0:
                raise UnsupportedModel("tree nodes without training counts")
            expected[node] = (count[left] * expected[left] + count[right] * expected[right]) / total
        return expected

    def path_table(self, expected: np.ndarray, leaf: np.ndarray) -> np.ndarray:
        """For every node, the contributions of the splits on the path from its root to it.

        Each split moves the prediction from the parent's expected value to the child's and
        credits the move to the split's feature. A row's contributions are then the rows of
        this table at its leaves, summed: the cost of a lookup, not of another walk. Parents
        come before their children in the arrays, so one pass in order fills it.
        """
        parents = np.flatnonzero(~leaf)
        table = np.zeros((len(expected), self.width))
        for parent in parents:
            for child in (self.left[parent], self.right[parent]):
                table[child] = table[parent]
                table[child, self.feature[parent]] += expected[child] - expected[parent]
        return table

    def leaves(self, x: np.ndarray) -> np.ndarray:
        """The leaf that one transformed row reaches in every tree.

        Every node's decision is taken at once (a few array operations over all nodes), then
        each step of the walk is a single gather: about 12 small operations in all.
        """
        values = x[self.feature]
        go_left = values <= self.threshold
        if np.isnan(values).any():
            go_left |= np.isnan(values) & self.missing_left
        step = np.where(go_left, self.left, self.right)
        node = self.roots
        for _ in range(self.depth):
            node = step[node]
        return node

    def predict_one(self, x: np.ndarray) -> float:
        """Probability of the positive class for one transformed row."""
        raw = self.baseline + float(self.value[self.leaves(x)].sum())
        return float(1.0 / (1.0 + np.exp(-raw)))

    def path_contributions(self, x: np.ndarray) -> np.ndarray:
        """Each transformed column's contribution to one row's log-odds, over all trees."""
        return np.asarray(self.leaf_contributions[self.leaves(x)].sum(axis=0))

    def leaves_many(self, matrix: np.ndarray, chunk: int = 4096) -> np.ndarray:
        """`leaves` for every row of a transformed matrix: (rows, trees), walked a chunk of
        rows at a time so that the node arrays stay small.
        """
        result = np.empty((len(matrix), len(self.roots)), dtype=np.intp)
        for start in range(0, len(matrix), chunk):
            part = matrix[start : start + chunk]
            rows = np.arange(len(part))[:, None]
            node = np.broadcast_to(self.roots, (len(part), len(self.roots)))
            for _ in range(self.depth):
                values = part[rows, self.feature[node]]
                missing = np.isnan(values) & self.missing_left[node]
                go_left = (values <= self.threshold[node]) | missing
                node = np.where(go_left, self.left[node], self.right[node])
            result[start : start + len(part)] = node
        return result

    def path_contributions_many(self, matrix: np.ndarray) -> np.ndarray:
        """`path_contributions` for every row of a transformed matrix, a tree at a time."""
        leaves = self.leaves_many(matrix)
        result = np.zeros((len(matrix), self.width))
        for tree in range(leaves.shape[1]):
            result += self.leaf_contributions[leaves[:, tree]]
        return result


def compile_trees(estimator: Any, width: int) -> CompiledTrees | None:
    """Compiled trees checked against scikit-learn on random rows; None for other estimators."""
    if not isinstance(estimator, HistGradientBoostingClassifier):
        return None
    trees = CompiledTrees(estimator)
    rows = np.random.default_rng(0).normal(0.0, 2.0, size=(CHECK_ROWS, width))
    rows[::7, ::3] = np.nan
    expected = estimator.predict_proba(rows)[:, 1]
    compiled = np.array([trees.predict_one(row) for row in rows])
    if not np.allclose(compiled, expected, rtol=0, atol=CHECK_TOLERANCE):
        raise UnsupportedModel("compiled trees disagree with scikit-learn")
    return trees
