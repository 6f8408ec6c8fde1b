"""The evaluation figures of a binary classifier, drawn the same way in every project that has one:
ROC and precision-recall curves with the operating point (the chosen threshold) marked, calibration
with the rows and positives in each bin, the confusion matrix with counts and row rates, permutation
importance, cumulative gains with the share acted on, and the cost of every threshold beside the
cost matrix's break-even. The scores come by name, the served model's first: `threshold` is its
threshold. Nothing here is random, so the same scores draw the same PNG bytes.
"""

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from sklearn.metrics import (
    average_precision_score,
    precision_recall_curve,
    roc_auc_score,
    roc_curve,
)

from ..evaluation.binary import CostMatrix, break_even_threshold, costs_at_thresholds
from ..reports import new_axes

Scores = Mapping[str, np.ndarray]
SERVED, OTHER, MARK, GUIDE = "tab:blue", "tab:orange", "tab:red", "grey"
GAINS_ZOOMS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)  # the x-axis of a gains chart ends at one
PERMUTATION_AXIS = "drop in {score} when the column is shuffled\n(lines: ± 1 std over the repeats)"


def named_scores(
    scores: Mapping[str, np.ndarray], names: Mapping[str, str]
) -> dict[str, np.ndarray]:
    """The served model's and the other candidate's scores under the names figures show: each
    estimator's name in configs/model.yaml (`metadata["model_names"]`), the served one marked.
    """
    return {f"{names['main']} (served)": scores["main"], names["baseline"]: scores["baseline"]}


def served(scores: Scores) -> np.ndarray:
    return next(iter(scores.values()))


def colours(scores: Scores) -> list[tuple[str, np.ndarray, str]]:
    return [
        (name, score, SERVED if index == 0 else OTHER)
        for index, (name, score) in enumerate(scores.items())
    ]


def operating_point(y_true: np.ndarray, score: np.ndarray, threshold: float) -> dict[str, float]:
    """What flagging the rows scored at or above `threshold` does: the share of rows flagged,
    recall (the share of positives flagged), precision and the false positive rate.
    """
    actual, flagged = np.asarray(y_true, dtype=bool), score >= threshold
    caught = float(np.sum(actual & flagged))
    return {
        "flagged": float(flagged.mean()),
        "recall": caught / max(int(actual.sum()), 1),
        "precision": caught / max(int(flagged.sum()), 1),
        "false_positive_rate": float(np.sum(~actual & flagged)) / max(int((~actual).sum()), 1),
    }


def mark(axes: Axes, x: float, y: float, label: str) -> None:
    axes.plot([x], [y], marker="o", markersize=8, color=MARK, linestyle="none", label=label)


def plot_roc(y_true: np.ndarray, scores: Scores, threshold: float) -> Figure:
    figure, axes = new_axes("ROC curve (test split)")
    for name, score, colour in colours(scores):
        false_positive_rate, recall, _ = roc_curve(y_true, score)
        auc = roc_auc_score(y_true, score)
        axes.plot(false_positive_rate, recall, color=colour, label=f"{name} (AUC {auc:.3f})")
    point = operating_point(y_true, served(scores), threshold)
    mark(axes, point["false_positive_rate"], point["recall"], f"threshold {threshold:.3f}")
    axes.plot([0, 1], [0, 1], linestyle=":", color=GUIDE, label="random ranking")
    axes.set_xlabel("false positive rate: share of negatives flagged")
    axes.set_ylabel("recall: share of positives flagged")
    axes.legend(loc="lower right", fontsize=8)
    return figure


def plot_precision_recall(y_true: np.ndarray, scores: Scores, threshold: float) -> Figure:
    """Precision against recall, the positive rate (what a random ranking gets) as a floor."""
    figure, axes = new_axes("Precision-recall curve (test split)")
    for name, score, colour in colours(scores):
        precision, recall, _ = precision_recall_curve(y_true, score)
        average = average_precision_score(y_true, score)
        axes.step(recall, precision, where="post", color=colour, label=f"{name} (AP {average:.3f})")
    prevalence = float(np.mean(y_true))
    axes.axhline(
        prevalence, linestyle=":", color=GUIDE, label=f"positive rate {prevalence:.2%} (random)"
    )
    point = operating_point(y_true, served(scores), threshold)
    label = (
        f"threshold {threshold:.3f}: precision {point['precision']:.2f}, "
        f"recall {point['recall']:.2f}"
    )
    mark(axes, point["recall"], point["precision"], label)
    axes.set_xlabel("recall: share of positives flagged")
    axes.set_ylabel("precision: share of flagged rows that are positive")
    axes.set_xlim(0, 1.01)
    axes.set_ylim(0, 1.02)
    axes.legend(loc="lower left", fontsize=8)
    return figure


def calibration_table(y_true: np.ndarray, score: np.ndarray, edges: np.ndarray) -> pd.DataFrame:
    """Per bin of `edges` (every score falls in one, the last bin closed): rows, positives, mean
    score and observed positive rate (NaN for an empty bin).
    """
    bins = np.clip(np.searchsorted(edges, score, side="right") - 1, 0, len(edges) - 2)
    size = len(edges) - 1
    rows = np.bincount(bins, minlength=size)
    positives = np.bincount(bins, weights=np.asarray(y_true, dtype=float), minlength=size)
    totals = np.bincount(bins, weights=score, minlength=size)
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.DataFrame(
            {
                "rows": rows,
                "positives": positives.astype(int),
                "mean_score": totals / rows,
                "observed": positives / rows,
            }
        )


def plot_calibration(y_true: np.ndarray, scores: Scores, log_scale: bool = False) -> Figure:
    """Mean score against observed positive rate in 10 bins of equal width or, with `log_scale`
    for rare positives (whose scores crowd near zero), 12 bins from 1e-4 to 1 on log axes, where a
    bin without positives has no point. Each of the served model's points says how many positives
    and rows it stands for: a rate from two positives is a guess.
    """
    title = "Calibration (test split, log scale)" if log_scale else "Calibration (test split)"
    figure, axes = new_axes(title)
    if log_scale:
        edges = np.concatenate([[0.0], np.geomspace(1e-4, 1.0, 13)[1:]])
        axes.set_xscale("log")
        axes.set_yscale("log")
        lowest = 1e-4
    else:
        edges, lowest = np.linspace(0.0, 1.0, 11), 0.0
    for index, (name, score, colour) in enumerate(colours(scores)):
        table = calibration_table(y_true, score, edges)
        shown = table[table["positives"] > 0] if log_scale else table[table["rows"] > 0]
        axes.plot(shown["mean_score"], shown["observed"], marker="s", color=colour, label=name)
        if index == 0:
            columns = ("mean_score", "observed", "positives", "rows")
            edge = 0.3 if log_scale else 0.85
            for mean, observed, positives, rows in shown[list(columns)].to_numpy().tolist():
                right = mean > edge  # near the right edge: write to the left of the point
                axes.annotate(
                    f"{positives:,.0f}/{rows:,.0f}",
                    (mean, observed),
                    textcoords="offset points",
                    xytext=(-6 if right else 4, -10),
                    ha="right" if right else "left",
                    fontsize=6.5,
                    color=colour,
                )
    axes.plot(
        [lowest, 1.0], [lowest, 1.0], linestyle=":", color=GUIDE, label="perfectly calibrated"
    )
    axes.set_xlabel("mean score in the bin")
    axes.set_ylabel("observed positive rate in the bin")
    axes.legend(
        loc="upper left", fontsize=8, title="numbers: positives/rows in the bin", title_fontsize=7
    )
    return figure


def share(rate: float) -> str:
    """A rate as a percentage, with a second decimal when it is small but not zero."""
    return f"{rate:.2%}" if 0 < rate < 0.001 else f"{rate:.1%}"


def plot_confusion_matrix(
    y_true: np.ndarray, score: np.ndarray, threshold: float, labels: Sequence[str]
) -> Figure:
    """Counts with thousands separators and each cell's share of its actual class; the colour is
    that share, so a rare class's cells are as readable as the common one's. `labels` name the
    negative and the positive class, in that order.
    """
    actual, flagged = np.asarray(y_true, dtype=bool), score >= threshold
    counts = np.array(
        [
            [np.sum(~actual & ~flagged), np.sum(~actual & flagged)],
            [np.sum(actual & ~flagged), np.sum(actual & flagged)],
        ]
    )
    rates = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    figure, axes = new_axes(f"Confusion matrix at threshold {threshold:.3f} (test split)")
    image = axes.imshow(rates, cmap="Blues", vmin=0.0, vmax=1.0)
    for (row, column), count in np.ndenumerate(counts):
        rate = float(rates[row, column])
        axes.text(
            column,
            row,
            f"{count:,}\n{share(rate)} of actual {labels[row]}",
            ha="center",
            va="center",
            fontsize=10,
            color="white" if rate > 0.6 else "black",
        )
    axes.set_xticks([0, 1], [f"predicted\n{label}" for label in labels])
    axes.set_yticks([0, 1], [f"actual\n{label}" for label in labels])
    figure.colorbar(image, ax=axes, label="share of the actual class (row)")
    return figure


def plot_importance(importance: pd.DataFrame, title: str, xlabel: str) -> Figure:
    """`importance` has columns feature, mean and std; the largest mean is drawn on top, with a
    line of one std either side; `xlabel` says what the mean and the std measure.
    """
    ordered = importance.sort_values("mean", kind="stable")
    figure, axes = new_axes(title)
    axes.barh(ordered["feature"], ordered["mean"], xerr=ordered["std"], color=SERVED)
    axes.set_xlabel(xlabel)
    axes.tick_params(axis="y", labelsize=7)
    return figure


def cumulative_gains(y_true: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Share of rows acted on (highest scores first) against share of positives reached."""
    order = np.argsort(-score, kind="stable")
    reached = np.cumsum(y_true[order]) / max(int(y_true.sum()), 1)
    acted = np.arange(1, len(order) + 1) / len(order)
    return np.concatenate([[0.0], acted]), np.concatenate([[0.0], reached])


def gains_zoom(*shares: float) -> float:
    """Where a gains chart's x-axis ends: the first of GAINS_ZOOMS at least 4 times the largest
    share of interest (rows flagged, a budget, the positive rate), so the action stays in view.
    """
    wanted = 4 * max(shares)
    return next((zoom for zoom in GAINS_ZOOMS if zoom >= wanted), 1.0)


def plot_cumulative_gains(
    y_true: np.ndarray,
    scores: Scores,
    threshold: float,
    axis_labels: tuple[str, str],
    title: str = "Cumulative gains (test split)",
    budget: float | None = None,
) -> Figure:
    """Gains curves, the share of rows flagged at `threshold` marked, and `budget` (the share of
    rows that can be acted on) when there is one; `axis_labels` say what x and y count.
    """
    figure, axes = new_axes(title)
    prevalence = float(np.mean(y_true))
    point = operating_point(y_true, served(scores), threshold)
    up_to = gains_zoom(point["flagged"], budget or 0.0, prevalence)
    for name, score, colour in colours(scores):
        acted, reached = cumulative_gains(y_true, score)
        shown = acted <= up_to
        axes.plot(acted[shown], reached[shown], color=colour, label=name)
    best = [0.0, prevalence, max(up_to, prevalence)], [0.0, 1.0, 1.0]
    axes.plot(*best, linestyle="--", linewidth=0.8, color=GUIDE, label="every positive first")
    axes.plot([0, up_to], [0, up_to], linestyle=":", color=GUIDE, label="random")
    label = (
        f"threshold {threshold:.3f}: {point['flagged']:.1%} flagged, {point['recall']:.0%} reached"
    )
    mark(axes, point["flagged"], point["recall"], label)
    if budget is not None:
        within = float(np.interp(budget, *cumulative_gains(y_true, served(scores))))
        label = f"budget {share(budget)}: {within:.0%} reached"
        axes.axvline(budget, linestyle="-.", color="black", label=label)
    axes.set_xlim(0, up_to)
    axes.set_ylim(0, 1.02)
    axes.xaxis.set_major_formatter(
        lambda value, _: f"{value:.1%}" if up_to < 0.05 else f"{value:.0%}"
    )
    axes.yaxis.set_major_formatter(lambda value, _: f"{value:.0%}")
    axes.set_xlabel(axis_labels[0])
    axes.set_ylabel(axis_labels[1])
    axes.legend(loc="lower right", fontsize=8)
    return figure


def plot_cost_curve(
    y_true: np.ndarray,
    scores: Scores,
    threshold: float,
    costs: CostMatrix,
    per: int,
    unit: str,
    log_scale: bool = False,
) -> Figure:
    """Expected cost per `per` rows at every threshold against flagging nothing, the chosen
    threshold and the cost matrix's break-even (where calibrated scores would put it) marked;
    `unit` names the rows (and the money, if the costs have one). A log threshold axis when the
    positives are rare and the good thresholds small.
    """
    figure, axes = new_axes(f"Expected cost per {per:,} {unit} by threshold (test split)")
    cuts = np.geomspace(1e-4, 1.0, 241) if log_scale else np.linspace(0.0, 1.0, 201)
    scale = per / len(y_true)
    for name, score, colour in colours(scores):
        axes.plot(
            cuts, scale * costs_at_thresholds(y_true, score, cuts, costs), color=colour, label=name
        )
    nobody = scale * costs_at_thresholds(y_true, served(scores), np.array([np.inf]), costs)[0]
    axes.axhline(nobody, linestyle=":", color=GUIDE, label=f"flag nothing: {nobody:,.0f}")
    at_threshold = scale * costs_at_thresholds(y_true, served(scores), np.array([threshold]), costs)
    axes.axvline(
        threshold,
        linestyle="--",
        color=MARK,
        label=f"chosen {threshold:.3f}: {at_threshold[0]:,.0f}",
    )
    even = break_even_threshold(costs)
    axes.axvline(even, linestyle="-.", color="black", label=f"break-even of the costs {even:.3f}")
    if log_scale:
        axes.set_xscale("log")
    axes.set_xlabel("threshold (flag rows scored at or above it)")
    axes.set_ylabel(f"cost per {per:,} {unit}")
    axes.set_ylim(0, nobody * 2)
    axes.yaxis.set_major_formatter(lambda value, _: f"{value:,.0f}")
    axes.legend(loc="upper right", fontsize=8)
    return figure


def standard_figures(
    y_true: np.ndarray,
    scores: Mapping[str, np.ndarray],
    threshold: float,
    importance: pd.DataFrame,
    texts: Mapping[str, str],
    names: Mapping[str, str],
    log_calibration: bool = False,
) -> dict[str, Figure]:
    """The served model against the other candidate in six figures: ROC, precision-recall,
    calibration, the confusion matrix at `threshold`, permutation importance and cumulative
    gains. `texts` name the outcomes (`negative`, `positive`), the gains axes (`acted`,
    `reached`) and the importance figure (`importance`, and its axis: `importance_axis`), in the
    project's own words; `names` the models, by role (see `named_scores`).
    """
    axis = texts.get("importance_axis", PERMUTATION_AXIS.format(score="the score"))
    named = named_scores(scores, names)
    return {
        "roc": plot_roc(y_true, named, threshold),
        "precision_recall": plot_precision_recall(y_true, named, threshold),
        "calibration": plot_calibration(y_true, named, log_scale=log_calibration),
        "confusion_matrix": plot_confusion_matrix(
            y_true, scores["main"], threshold, labels=(texts["negative"], texts["positive"])
        ),
        "permutation_importance": plot_importance(importance, texts["importance"], axis),
        "cumulative_gains": plot_cumulative_gains(
            y_true, named, threshold, (texts["acted"], texts["reached"])
        ),
    }
