"""Evaluation stage: the test split, read once, through the same ONNX graphs the service runs.
The served model, the linear baseline and the class prior are scored with the same metrics;
writes metrics, per-class details, figures and the model card, and adds them to the tracked run.
"""

from typing import Any

import numpy as np

from frame.evaluation.multiclass import multiclass_figures, multiclass_report
from frame.metadata import load_baselines
from frame.reports import write_evaluation
from frame.sources import read_manifest

from ..config import Settings
from ..dataset import ImageSet, load_split
from . import plots
from .model_card import render_model_card
from .predict import Classifier, load_classifier

PREFIXES = {"served": "", "baseline": "baseline_", "dummy": "dummy_"}


def score_test(
    models: dict[str, Classifier], test: ImageSet, settings: Settings
) -> dict[str, dict[str, Any]]:
    """multiclass_report of each model (by role) on the test split, with its probabilities."""
    truth = np.asarray(test.classes, dtype=object)[test.labels]
    reports = {}
    for role, model in models.items():
        probabilities = model.probabilities(test.images).astype(np.float64)
        probabilities /= probabilities.sum(axis=1, keepdims=True)  # float32 rounding
        reports[role] = {
            **multiclass_report(
                truth,
                probabilities,
                test.classes,
                top_k=settings.evaluation.top_k,
                bins=settings.evaluation.calibration_bins,
            ),
            "probabilities": probabilities,
        }
    return reports


def flat_metrics(reports: dict[str, dict[str, Any]]) -> dict[str, float]:
    """metrics.json: the same names for the served model and under each baseline's prefix."""
    return {
        f"{prefix}{name}": round(float(value), 6)
        for role, prefix in PREFIXES.items()
        for name, value in reports[role]["metrics"].items()
    }


def mistakes(reports: dict[str, dict[str, Any]], test: ImageSet) -> dict[str, Any]:
    """The served model's wrong answers on the test split: how many, and which pairs of
    classes it confuses most (true -> predicted, with counts).
    """
    counts = np.asarray(reports["served"]["confusion_matrix"]["counts"])
    np.fill_diagonal(counts, 0)
    pairs = [
        {"true": test.classes[i], "predicted": test.classes[j], "images": int(counts[i, j])}
        for i, j in zip(
            *np.unravel_index(np.argsort(-counts, axis=None), counts.shape), strict=True
        )
        if counts[i, j] > 0
    ]
    return {"misclassified": int(counts.sum()), "images": len(test.labels), "pairs": pairs[:10]}


def evaluate(settings: Settings) -> dict[str, float]:
    """Run the evaluation stage; return the flat test metrics written to reports/metrics.json."""
    served, metadata = load_classifier(settings)
    baselines = load_baselines(settings.paths.models)
    test = load_split(settings, "test")
    models = {"served": served, "baseline": baselines["baseline"], "dummy": baselines["dummy"]}
    reports = score_test(models, test, settings)
    metrics = flat_metrics(reports)
    probabilities = reports["served"]["probabilities"]
    classes = test.classes
    truth = np.asarray(classes, dtype=object)[test.labels]
    training = metadata["training"]
    figures = {
        **multiclass_figures(truth, probabilities, classes, settings.evaluation.calibration_bins),
        "misclassified": plots.plot_misclassified(
            test.images,
            test.labels,
            probabilities,
            classes,
            settings.evaluation.misclassified_examples,
        ),
        "training_curves": plots.plot_training_curves(training["history"], training["best_epoch"]),
    }
    classification = {
        role: {key: report[key] for key in ("per_class", "confusion_matrix", "calibration")}
        for role, report in reports.items()
    }
    errors = mistakes(reports, test)
    details = {"classification.json": classification, "mistakes.json": errors}
    card = render_model_card(metadata, read_manifest(settings), metrics, classification, errors)
    write_evaluation(settings, metadata, metrics, details, figures, card)
    return metrics
