"""What the network must beat, both in scikit-learn: the class prior (a dummy that knows only how
often each class is), and a logistic regression on average-pooled, standardised pixels (the
best a linear model on pixels does here, well below the network). Pooling and standardising
are affine, so they are folded into the regression's coefficients: the fitted model reads the
same 784 raw pixels in [0, 1] as the network, and exports to ONNX as one linear layer.
"""

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.dummy import DummyClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

from frame.errors import ConfigError
from frame.settings import EstimatorSettings

POOLED_LOGISTIC = "pooled_logistic"
DEFAULTS: dict[str, Any] = {"pool": 2, "c": 1.0, "max_iter": 200}


@dataclass
class Linear:
    """A fitted linear classifier over the 784 raw pixels: scores = pixels @ coef.T + intercept,
    probabilities their softmax. The dummy is one too: no weights, log-priors as intercepts.
    """

    coef: np.ndarray  # (classes, 784)
    intercept: np.ndarray  # (classes,)
    info: dict[str, Any]

    def probabilities(self, pixels: np.ndarray) -> np.ndarray:
        scores = pixels.astype(np.float64) @ self.coef.T + self.intercept
        scores -= scores.max(axis=1, keepdims=True)
        exponents = np.exp(scores)
        return np.asarray(exponents / exponents.sum(axis=1, keepdims=True))


def class_prior(labels: np.ndarray, classes: int, pixels: int) -> Linear:
    """The dummy: scikit-learn's prior strategy, written as a linear model (zero weights,
    intercepts log(prior)) because skl2onnx has no converter for DummyClassifier.
    """
    dummy = DummyClassifier(strategy="prior").fit(np.zeros((len(labels), 1)), labels)
    prior = np.zeros(classes)
    prior[dummy.classes_.astype(int)] = dummy.class_prior_
    return Linear(
        np.zeros((classes, pixels)),
        np.log(np.clip(prior, 1e-12, None)),
        {"strategy": "prior", "prior": prior.round(6).tolist()},
    )


def pool_matrix(size: int, pool: int) -> np.ndarray:
    """(size*size, (size/pool)^2): pixels @ matrix averages each pool x pool block."""
    if size % pool:
        raise ConfigError(f"model.baseline.params.pool must divide {size}, got {pool}")
    cells = size // pool
    rows = np.arange(size * size)
    columns = (rows // size // pool) * cells + (rows % size) // pool
    matrix = np.zeros((size * size, cells * cells))
    matrix[rows, columns] = 1.0 / (pool * pool)
    return matrix


def baseline_params(spec: EstimatorSettings) -> dict[str, Any]:
    """The baseline's parameters over DEFAULTS; a ConfigError for another model or a key it
    does not take.
    """
    if spec.name != POOLED_LOGISTIC:
        raise ConfigError(f"unknown baseline '{spec.name}': expected {POOLED_LOGISTIC}")
    unknown = sorted(set(spec.params) - set(DEFAULTS))
    if unknown:
        raise ConfigError(
            f"model.baseline.params: unknown {', '.join(unknown)} (takes {', '.join(DEFAULTS)})"
        )
    return {**DEFAULTS, **spec.params}


def pooled_logistic(
    pixels: np.ndarray, labels: np.ndarray, classes: int, spec: EstimatorSettings, seed: int
) -> Linear:
    """Logistic regression on pool x pool averages of the pixels (standardised), folded back to
    the raw pixels. `pixels` is (N, size*size) in [0, 1].
    """
    params = baseline_params(spec)
    size = int(round(np.sqrt(pixels.shape[1])))
    matrix = pool_matrix(size, int(params["pool"]))
    pooled = pixels.astype(np.float64) @ matrix
    mean, scale = pooled.mean(axis=0), pooled.std(axis=0) + 1e-6
    model = LogisticRegression(C=float(params["c"]), max_iter=int(params["max_iter"]))
    model.set_params(random_state=seed)
    with warnings.catch_warnings(record=True) as caught:  # recorded in the metadata instead
        warnings.simplefilter("always", ConvergenceWarning)
        model.fit((pooled - mean) / scale, labels)
    converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
    coef = np.zeros((classes, pooled.shape[1]))
    intercept = np.full(classes, -1e3)  # a class never seen in training is never predicted
    seen = model.classes_.astype(int)
    if len(seen) == 2:  # one row of weights: the second class's score against the first's 0
        coef[seen[1]], intercept[seen] = model.coef_[0], [0.0, model.intercept_[0]]
    else:
        coef[seen], intercept[seen] = model.coef_, model.intercept_
    return Linear(
        (coef / scale) @ matrix.T,
        intercept - (coef * mean / scale).sum(axis=1),
        {**params, "iterations": int(np.max(model.n_iter_)), "converged": converged},
    )
