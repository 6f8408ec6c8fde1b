"""Evaluation stage: score the test split once with the saved models and their validation-chosen
thresholds; write metrics, slice metrics, figures and the model card; add them to the tracked run.
"""

from functools import partial

from frame.classifier.tabular import score_test_split
from frame.evaluation.binary import flat_metrics, importance_table, slice_metrics
from frame.reports import write_evaluation
from frame.sources import read_manifest

from ..config import Settings
from ..plots import draw_figures
from .metrics import classification_metrics
from .model_card import render_model_card
from .tabular import CLASSIFIER


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
    figures = draw_figures(y_true, scored.scores, threshold, importance, names)
    card = render_model_card(scored.metadata, read_manifest(settings), metrics, slices, importance)
    details = {"slice_metrics.json": slices}
    write_evaluation(settings, scored.metadata, metrics, details, figures, card)
    return metrics
