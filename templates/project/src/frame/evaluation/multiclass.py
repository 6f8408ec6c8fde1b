"""Evaluation of a classifier that picks one class out of several: overall figures, figures per
class, the confusion matrix and calibration, computed from the true labels and the predicted
probabilities, as plain dictionaries that go into reports/*.json as they are (full floats: the
model card rounds), and the figures that show them.

Every function takes `classes`, the class names in the order of the probability columns (a
fitted scikit-learn classifier's `classes_`). A row's predicted class is its most probable one;
a tie goes to the class listed first, as numpy's argmax does, in top-k accuracy too.
"""

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import ArrayLike, NDArray
from sklearn.metrics import f1_score, precision_recall_fscore_support

Floats = NDArray[np.float64]
Indices = NDArray[np.intp]
# The smallest probability a log takes: a confident wrong answer costs about 36 nats, not infinity.
SMALLEST_PROBABILITY = float(np.finfo(np.float64).eps)
ANNOTATED_UP_TO = 12  # classes; beyond this the confusion matrix cells are too small for numbers


def _indices(labels: ArrayLike, classes: Sequence[Any]) -> Indices:
    """Each label's position in `classes`; a ValueError names labels that are not there."""
    names = [str(name) for name in classes]
    if len(names) < 2 or len(set(names)) != len(names):
        raise ValueError(f"need at least two distinct class names, got {names[:5]}")
    values = np.asarray(labels).tolist()
    if not values:
        raise ValueError("nothing to evaluate: no labels")
    position = {name: index for index, name in enumerate(classes)}
    unknown = sorted({str(label) for label in values if label not in position})
    if unknown:
        raise ValueError(f"labels that are not among the classes: {', '.join(unknown[:5])}")
    return np.array([position[label] for label in values], dtype=np.intp)


def _checked(
    y_true: ArrayLike, probabilities: ArrayLike, classes: Sequence[Any]
) -> tuple[Indices, Floats]:
    """The true labels as column indices and the probabilities as floats, once it is checked
    that they fit together and with `classes`; a ValueError says what does not.
    """
    truth = _indices(y_true, classes)
    probs = np.asarray(probabilities, dtype=np.float64)
    if probs.ndim != 2 or probs.shape[1] != len(classes):
        raise ValueError(
            f"probabilities need one column per class ({len(classes)}), got shape {probs.shape}"
        )
    if len(truth) != probs.shape[0]:
        raise ValueError(f"{len(truth)} labels for {probs.shape[0]} rows of probabilities")
    sums = probs.sum(axis=1)
    if not np.isfinite(sums).all() or probs.min() < 0 or not np.allclose(sums, 1.0, atol=1e-3):
        raise ValueError("each row of probabilities must be non-negative and sum to 1")
    return truth, probs


def _top_k(k: int, classes: int) -> int:
    if k < 1:
        raise ValueError(f"top-k accuracy needs k of at least 1, got {k}")
    return min(k, classes)


def _top_k_accuracy(truth: Indices, probs: Floats, k: int) -> float:
    ranked = np.argsort(-probs, axis=1, kind="stable")[:, :k]
    return float(np.mean((ranked == truth[:, None]).any(axis=1)))


def _log_loss(truth: Indices, probs: Floats) -> float:
    given = probs[np.arange(len(truth)), truth]
    return float(-np.mean(np.log(np.clip(given, SMALLEST_PROBABILITY, 1.0))))


def _calibration(truth: Indices, probs: Floats, bins: int) -> dict[str, Any]:
    """Equal-width bins of the top-class probability; the error is the rows' share-weighted gap
    between accuracy and mean confidence in each bin, which is sum |hits - confidence| / rows.
    """
    if bins < 1:
        raise ValueError(f"calibration needs at least 1 bin, got {bins}")
    confidence = probs.max(axis=1)
    correct = (probs.argmax(axis=1) == truth).astype(np.float64)
    edges = np.linspace(0.0, 1.0, bins + 1)
    index = np.clip(np.searchsorted(edges, confidence, side="right") - 1, 0, bins - 1)
    rows = np.bincount(index, minlength=bins)
    confidences = np.bincount(index, weights=confidence, minlength=bins)
    hits = np.bincount(index, weights=correct, minlength=bins)
    table = [
        {
            "lower": float(edges[b]),
            "upper": float(edges[b + 1]),
            "rows": int(rows[b]),
            "mean_confidence": float(confidences[b] / rows[b]) if rows[b] else None,
            "accuracy": float(hits[b] / rows[b]) if rows[b] else None,
        }
        for b in range(bins)
    ]
    error = float(np.abs(hits - confidences).sum() / len(truth))
    return {"expected_calibration_error": error, "bins": table}


def _metrics(truth: Indices, probs: Floats, top_k: int, bins: int) -> dict[str, float]:
    predicted = probs.argmax(axis=1)
    k = _top_k(top_k, probs.shape[1])
    return {
        "accuracy": float(np.mean(predicted == truth)),
        "macro_f1": float(f1_score(truth, predicted, average="macro", zero_division=0)),
        "weighted_f1": float(f1_score(truth, predicted, average="weighted", zero_division=0)),
        f"top_{k}_accuracy": _top_k_accuracy(truth, probs, k),
        "log_loss": _log_loss(truth, probs),
        "expected_calibration_error": _calibration(truth, probs, bins)[
            "expected_calibration_error"
        ],
    }


def multiclass_metrics(
    y_true: ArrayLike,
    probabilities: ArrayLike,
    classes: Sequence[Any],
    top_k: int = 3,
    bins: int = 10,
) -> dict[str, float]:
    """Accuracy, macro- and weighted-F1 (over the classes that occur in the labels or the
    predictions), top-k accuracy (k clipped to the number of classes, and named after the k
    used: `top_3_accuracy`), log loss in nats, and the expected calibration error in `bins`.
    """
    truth, probs = _checked(y_true, probabilities, classes)
    return _metrics(truth, probs, top_k, bins)


def prior_probabilities(reference: ArrayLike, classes: Sequence[Any], rows: int) -> Floats:
    """A dummy's probabilities: every one of `rows` rows gets the class shares of `reference`
    (the training labels), so its prediction is the most frequent class and its top k the k
    most frequent ones; what scikit-learn's DummyClassifier(strategy="prior") predicts.
    """
    known = _indices(reference, classes)
    prior = np.empty((rows, len(classes)), dtype=np.float64)
    prior[:] = np.bincount(known, minlength=len(classes)) / len(known)
    return prior


def per_class_metrics(
    y_true: ArrayLike, probabilities: ArrayLike, classes: Sequence[Any]
) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and support (rows of that class) of every class, by class name;
    a class never predicted has precision 0, one absent from the labels recall 0.
    """
    truth, probs = _checked(y_true, probabilities, classes)
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, probs.argmax(axis=1), labels=range(len(classes)), zero_division=0
    )
    return {
        str(name): {
            "precision": float(precision[i]),
            "recall": float(recall[i]),
            "f1": float(f1[i]),
            "support": int(support[i]),
        }
        for i, name in enumerate(classes)
    }


def _counts(truth: Indices, predicted: Indices, classes: int) -> NDArray[np.int64]:
    cells = np.bincount(truth * classes + predicted, minlength=classes * classes)
    return cells.reshape(classes, classes).astype(np.int64)


def _row_normalised(counts: NDArray[np.int64]) -> Floats:
    totals = counts.sum(axis=1, keepdims=True)
    shares = np.zeros(counts.shape, dtype=np.float64)
    np.divide(counts, totals, out=shares, where=totals > 0)
    return shares


def confusion_matrices(
    y_true: ArrayLike, probabilities: ArrayLike, classes: Sequence[Any]
) -> dict[str, Any]:
    """Rows are true classes, columns predicted ones, both in the order of `classes`: `counts`,
    and `normalised`, each row divided by its total (the share of a class predicted as each
    class: recall on the diagonal); a class absent from the labels has a row of zeros.
    """
    truth, probs = _checked(y_true, probabilities, classes)
    counts = _counts(truth, probs.argmax(axis=1), len(classes))
    return {
        "classes": [str(name) for name in classes],
        "counts": counts.tolist(),
        "normalised": _row_normalised(counts).tolist(),
    }


def calibration_table(
    y_true: ArrayLike, probabilities: ArrayLike, classes: Sequence[Any], bins: int = 10
) -> dict[str, Any]:
    """How far the top-class probability is from the share of correct predictions:
    `expected_calibration_error`, and `bins`, one row per equal-width bin of that probability
    (`lower`, `upper`, `rows`, `mean_confidence`, `accuracy`; the last two None when empty).
    """
    truth, probs = _checked(y_true, probabilities, classes)
    return _calibration(truth, probs, bins)


def multiclass_report(
    y_true: ArrayLike,
    probabilities: ArrayLike,
    classes: Sequence[Any],
    reference: ArrayLike | None = None,
    top_k: int = 3,
    bins: int = 10,
) -> dict[str, Any]:
    """Everything above for one model: `metrics` (flat, for metrics.json, with the dummy's
    figures under `dummy_` when `reference`, the training labels, is given), `per_class`,
    `confusion_matrix` and `calibration`.
    """
    truth, probs = _checked(y_true, probabilities, classes)
    metrics = _metrics(truth, probs, top_k, bins)
    if reference is not None:
        dummy = _metrics(truth, prior_probabilities(reference, classes, len(truth)), top_k, bins)
        metrics.update({f"dummy_{name}": value for name, value in dummy.items()})
    return {
        "metrics": metrics,
        "per_class": per_class_metrics(y_true, probs, classes),
        "confusion_matrix": confusion_matrices(y_true, probs, classes),
        "calibration": _calibration(truth, probs, bins),
    }


def _new_axes(title: str, size: tuple[float, float] = (6.0, 4.5)) -> tuple[Figure, Axes]:
    figure = Figure(figsize=size, layout="constrained")
    axes = figure.add_subplot()
    axes.set_title(title)
    return figure, axes


def _label_size(classes: int) -> float:
    """Tick label size in points: 10 up to 10 classes, down to 6 from 30 classes on."""
    return float(np.clip(12 - classes / 5, 6, 10))


def plot_confusion_matrix(
    y_true: ArrayLike, probabilities: ArrayLike, classes: Sequence[Any]
) -> Figure:
    """The row-normalised confusion matrix as a heat map (the share of each true class predicted
    as each class), numbered in each cell up to 12 classes; the figure grows with the classes.
    """
    truth, probs = _checked(y_true, probabilities, classes)
    shares = _row_normalised(_counts(truth, probs.argmax(axis=1), len(classes)))
    side = max(6.0, 0.3 * len(classes) + 2.5)
    figure, axes = _new_axes("Confusion matrix, share of each true class", (side, side * 0.85))
    image = axes.imshow(shares, cmap="Blues", vmin=0.0, vmax=1.0)
    figure.colorbar(image, ax=axes, shrink=0.8, label="share of the true class")
    names = [str(name) for name in classes]
    size = _label_size(len(names))
    few = len(names) <= ANNOTATED_UP_TO
    slant = {"rotation": 45, "ha": "right", "rotation_mode": "anchor"} if few else {"rotation": 90}
    axes.set_xticks(range(len(names)), names, fontsize=size, **slant)
    axes.set_yticks(range(len(names)), names, fontsize=size)
    axes.set_xlabel("predicted class")
    axes.set_ylabel("true class")
    if few:
        for (row, column), share in np.ndenumerate(shares):
            colour = "white" if share > 0.5 else "black"
            axes.text(column, row, f"{share:.0%}", ha="center", va="center", color=colour)
    return figure


def plot_per_class_f1(
    y_true: ArrayLike, probabilities: ArrayLike, classes: Sequence[Any]
) -> Figure:
    """F1 of every class, the best on top, each labelled with its support, and the macro-F1."""
    truth, probs = _checked(y_true, probabilities, classes)
    table = per_class_metrics(y_true, probs, classes)
    ordered = sorted(table.items(), key=lambda item: item[1]["f1"])
    height = max(4.5, 0.22 * len(ordered) + 1.5)
    figure, axes = _new_axes("F1 per class (test split)", (6.5, height))
    axes.barh(
        [f"{name} ({row['support']:.0f})" for name, row in ordered],
        [row["f1"] for _, row in ordered],
        color="tab:blue",
    )
    macro = f1_score(truth, probs.argmax(axis=1), average="macro", zero_division=0)
    axes.axvline(macro, linestyle="--", color="tab:red", label=f"macro-F1 {macro:.3f}")
    axes.tick_params(axis="y", labelsize=_label_size(len(ordered)))
    axes.set_xlim(0.0, 1.0)
    axes.set_xlabel("F1 (in brackets: rows of the class)")
    axes.legend(loc="lower right")
    return figure


def plot_reliability(
    y_true: ArrayLike, probabilities: ArrayLike, classes: Sequence[Any], bins: int = 10
) -> Figure:
    """Share of correct predictions against the top-class probability, per bin, with the
    expected calibration error in the title; a calibrated model's bars reach the diagonal.
    """
    calibration = calibration_table(y_true, probabilities, classes, bins)
    shown = [row for row in calibration["bins"] if row["rows"]]
    error = calibration["expected_calibration_error"]
    figure, axes = _new_axes(f"Reliability (test split), expected calibration error {error:.3f}")
    axes.bar(
        [(row["lower"] + row["upper"]) / 2 for row in shown],
        [row["accuracy"] for row in shown],
        width=1 / bins,
        edgecolor="black",
        color="tab:blue",
        label="share correct in the bin",
    )
    axes.plot(
        [row["mean_confidence"] for row in shown],
        [row["accuracy"] for row in shown],
        marker="o",
        linestyle="",
        color="tab:orange",
        label="at the bin's mean probability",
    )
    axes.plot([0, 1], [0, 1], linestyle=":", color="grey", label="perfectly calibrated")
    axes.set_xlim(0.0, 1.0)
    axes.set_ylim(0.0, 1.0)
    axes.set_xlabel("probability of the predicted class")
    axes.set_ylabel("share of predictions that are right")
    figure.legend(loc="outside lower center", ncols=2, fontsize="small")
    return figure


def multiclass_figures(
    y_true: ArrayLike, probabilities: ArrayLike, classes: Sequence[Any], bins: int = 10
) -> dict[str, Figure]:
    """The three figures by file name, for `reports.save_figures`."""
    return {
        "confusion_matrix": plot_confusion_matrix(y_true, probabilities, classes),
        "per_class_f1": plot_per_class_f1(y_true, probabilities, classes),
        "reliability": plot_reliability(y_true, probabilities, classes, bins),
    }
