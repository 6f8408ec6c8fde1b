"""The figures of this project's own (the confusion matrix, per-class F1 and reliability are the
frame's: frame.evaluation.multiclass.multiclass_figures): test images the served model gets
wrong, and how the network learned, epoch by epoch. Each returns a matplotlib Figure.
"""

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from frame.reports import new_axes

COLUMNS = 8  # images per row of the misclassified figure


def most_confident_mistakes(probabilities: np.ndarray, labels: np.ndarray, n: int) -> np.ndarray:
    """The rows of up to `n` wrong predictions, the most confident first (ties by row): the
    mistakes worth looking at, and the same ones on every run.
    """
    predicted = probabilities.argmax(axis=1)
    wrong = np.flatnonzero(predicted != labels)
    confidence = probabilities[wrong, predicted[wrong]]
    order = np.lexsort((wrong, -confidence))
    return wrong[order[:n]]


def plot_misclassified(
    images: np.ndarray,
    labels: np.ndarray,
    probabilities: np.ndarray,
    classes: Sequence[str],
    n: int,
) -> Figure:
    """A grid of the most confident mistakes on the test split, each titled with its true
    class, the predicted one and that prediction's probability.
    """
    rows = most_confident_mistakes(probabilities, labels, n)
    if len(rows) == 0:
        figure, axes = new_axes("Misclassified test images")
        axes.text(0.5, 0.5, "no test image is misclassified", ha="center", va="center")
        axes.set_axis_off()
        return figure
    columns = min(COLUMNS, len(rows))
    lines = -(-len(rows) // columns)
    figure = Figure(figsize=(1.3 * columns, 1.55 * lines + 0.5), layout="constrained")
    figure.suptitle("Misclassified test images, most confident first (true / predicted)")
    grid = figure.subplots(lines, columns, squeeze=False)
    for axes in grid.flat:
        axes.set_axis_off()
    for axes, row in zip(grid.flat, rows, strict=False):
        predicted = int(probabilities[row].argmax())
        axes.imshow(images[row], cmap="gray", vmin=0, vmax=255)
        axes.set_title(
            f"{classes[int(labels[row])]}\n{classes[predicted]} "
            f"{probabilities[row, predicted]:.2f}",
            fontsize=7,
            color="tab:red",
        )
    return figure


def plot_training_curves(history: Sequence[Mapping[str, Any]], best_epoch: int) -> Figure:
    """The network's mean training loss and validation accuracy after each epoch, with the
    epoch whose weights were kept marked.
    """
    figure, axes = new_axes("Training the network")
    epochs = [int(epoch["epoch"]) for epoch in history]
    axes.plot(epochs, [epoch["loss"] for epoch in history], marker="o", color="tab:orange")
    axes.set_xlabel("epoch")
    axes.set_ylabel("training loss (cross-entropy)", color="tab:orange")
    axes.set_xticks(epochs)
    accuracy = axes.twinx()
    accuracy.plot(
        epochs, [epoch["validation_accuracy"] for epoch in history], marker="s", color="tab:blue"
    )
    accuracy.set_ylabel("validation accuracy", color="tab:blue")
    accuracy.set_ylim(0.0, 1.0)
    if best_epoch:
        axes.axvline(best_epoch, linestyle=":", color="grey", label=f"kept: epoch {best_epoch}")
        axes.legend(loc="center right")
    return figure
