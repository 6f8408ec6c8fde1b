"""Evaluation stage: score the test split once with the saved models and their validation-chosen
thresholds; write metrics, slice metrics, figures and the model card; add them to the tracked run.
"""

from functools import partial

from frame.classifier.tabular import score_test_split
from frame.evaluation.binary import flat_metrics, importance_table, slice_metrics
from frame.reports import write_evaluation
from frame.sources import read_manifest

from ..config import Settings
from ..features import PLAIN_NAMES
from ..plots import draw_figures
from .errors import worst_errors
from .metrics import classification_metrics
from .model_card import render_model_card
from .tabular import CLASSIFIER

ERRORS_SHOWN = 5  # false positives and false negatives each, in the model card


def evaluate(settings: Settings) -> dict[str, float]:
    """Run the evaluation stage; return the flat test metrics written to reports/metrics.json."""
    scored = score_test_split(settings, CLASSIFIER)
    metrics = flat_metrics(scored, partial(classification_metrics, evaluation=settings.evaluation))
    threshold, y_true = scored.thresholds["main"], scored.y_true
    slices = {
        column: slice_metrics(scored.frame, y_true, scored.scores["main"], threshold, column)
        for column in settings.evaluation.slice_columns
    }
    importance = importance_table(
        scored.model,
        scored.features,
        y_true,
        "roc_auc",
        settings.evaluation.permutation_repeats,
        settings.seed,
    )
    names = scored.metadata["model_names"]
    plain = importance.assign(feature=importance["feature"].map(PLAIN_NAMES))
    figures = draw_figures(
        y_true, scored.scores, threshold, plain, names, settings.evaluation.costs
    )
    errors = worst_errors(scored.frame, y_true, scored.scores["main"], threshold, ERRORS_SHOWN)
    manifest = read_manifest(settings)
    card = render_model_card(scored.metadata, manifest, metrics, slices, importance, errors)
    details = {"slice_metrics.json": slices}
    write_evaluation(settings, scored.metadata, metrics, details, figures, card)
    return metrics
