"""Evaluation stage: rank the test split's held-out interactions once with the saved model and the
most-popular baseline; write metrics, metrics by k, the error analysis, figures and the model card;
add them to the tracked run.
"""

import pandas as pd

from frame.evaluation.ranking import ranking_metrics
from frame.metadata import load_baselines, load_model
from frame.reports import write_evaluation
from frame.sources import read_manifest

from .. import plots
from ..config import Settings
from ..dataset import load_split
from .analysis import analyse
from .model_card import render_model_card
from .predict import Recommender

ROLE_PREFIXES = {"main": "", "baseline": "baseline_"}


def metrics_by_k(
    recommender: Recommender, test: pd.DataFrame, ks: list[int]
) -> dict[int, dict[str, float]]:
    """Every metric at each k, from one ranking at the largest k (a top-k list's prefix is the
    top list at a smaller k).
    """
    columns, relevant = recommender.held_out_columns(test, max(ks))
    return {
        k: ranking_metrics(columns[:, :k], relevant, recommender.counts) for k in sorted(set(ks))
    }


def evaluate(settings: Settings) -> dict[str, float]:
    """Run the evaluation stage; return the flat test metrics written to reports/metrics.json."""
    model, metadata = load_model(settings.paths.models)
    models: dict[str, Recommender] = {"main": model, **load_baselines(settings.paths.models)}
    test = load_split(settings, "test")
    k = settings.evaluation.k
    curves = {
        role: metrics_by_k(recommender, test, [*settings.evaluation.curve_ks, k])
        for role, recommender in models.items()
    }
    metrics = {
        f"{prefix}{name}": round(value, 6)
        for role, prefix in ROLE_PREFIXES.items()
        for name, value in curves[role][k].items()
    }
    by_k = {
        role: {str(at): values for at, values in curve.items()} for role, curve in curves.items()
    }
    names = {"main": model.name, "baseline": models["baseline"].name}
    main_columns, _ = model.held_out_columns(test, k)
    base_columns, _ = models["baseline"].held_out_columns(test, k)
    history = pd.concat([load_split(settings, "train"), load_split(settings, "validation")])
    analysis = analyse(models, test, history, k, settings.seed)
    figures = {
        "metrics_at_k": plots.plot_metrics_at_k(curves, names, analysis["users"]),
        "popularity": plots.plot_popularity(
            model.counts, {names["main"]: main_columns, names["baseline"]: base_columns}
        ),
        "coverage": plots.plot_coverage(curves, names, model.catalogue.n_items),
        "ndcg_by_activity": plots.plot_ndcg_by_activity(analysis, names),
    }
    card = render_model_card(metadata, read_manifest(settings), metrics, analysis)
    details = {"metrics_by_k.json": by_k, "error_analysis.json": analysis}
    write_evaluation(settings, metadata, metrics, details, figures, card)
    return metrics
