"""Evaluation stage: the test split, read once. The category of every test resume by the served
classifier, the keyword rules and the dummy; the test jobs' pools ranked by the served weights,
lexical alone and a seeded random order; the bias audit at the shortlist cut and the
counterfactual check. Writes metrics, details, figures and the model card; adds them to the
tracked run.
"""

from typing import Any

import numpy as np
import pandas as pd

from frame.evaluation.multiclass import multiclass_figures, multiclass_report
from frame.evaluation.ranking import graded_ndcg, graded_ranking_metrics
from frame.metadata import load_baselines, load_model
from frame.reports import write_evaluation
from frame.sources import read_manifest

from ..config import Settings
from ..dataset import load_jobs, load_relevance, load_split
from . import plots
from .audit import category_by_group, counterfactual_check, selection_rates
from .model_card import render_model_card
from .predict import Screener
from .ranking import (
    LEXICAL_ONLY,
    Pool,
    parts_of_pools,
    pools_of,
    random_grades,
    ranked_grades,
    skills_in,
)
from .train import probabilities_of

PREFIXES = {"served": "", "baseline": "baseline_", "dummy": "dummy_"}
RANKINGS = {"served": "served", "baseline": "lexical only", "dummy": "random order"}
BOOTSTRAP = 2000  # resamples of the paired gains' intervals


def classify_test(
    screener: Screener, baselines: dict[str, Any], test: pd.DataFrame, settings: Settings
) -> dict[str, dict[str, Any]]:
    """multiclass_report of the served classifier and of each baseline on the test split."""
    texts, classes = test["text"].tolist(), screener.classes
    probabilities = {
        "served": screener.probabilities(texts),
        **{role: probabilities_of(model, texts, classes) for role, model in baselines.items()},
    }
    return {
        role: {
            **multiclass_report(
                test["category"],
                values,
                classes,
                top_k=settings.evaluation.top_k,
                bins=settings.evaluation.calibration_bins,
            ),
            "probabilities": values,
            "classes": classes,
        }
        for role, values in probabilities.items()
    }


def rank_test(
    screener: Screener, test: pd.DataFrame, settings: Settings
) -> tuple[list[Pool], list[dict[str, np.ndarray]], dict[str, list[np.ndarray]], pd.DataFrame]:
    """The test jobs' pools, every part of every pooled resume, and each ranking's grades in
    ranked order.
    """
    jobs = load_jobs(settings)
    jobs = jobs[jobs["split"] == "test"]
    pools = pools_of(jobs, load_relevance(settings), test["resume_id"])
    texts = test["text"].tolist()
    resumes = screener.ranker.read(texts, skills_in(texts, screener.vocabulary))
    parts = parts_of_pools(screener.ranker, jobs, pools, resumes)
    grades = {
        "served": ranked_grades(parts, pools, screener.ranker.weights),
        "baseline": ranked_grades(parts, pools, LEXICAL_ONLY),
        "dummy": random_grades(pools, settings.seed),
    }
    return pools, parts, grades, jobs


def flat_metrics(
    reports: dict[str, dict[str, Any]], grades: dict[str, list[np.ndarray]], settings: Settings
) -> dict[str, float]:
    """metrics.json: the same names for the served model and under each baseline's prefix."""
    k, grade = settings.evaluation.k, settings.evaluation.relevant_grade
    metrics = {}
    for role, prefix in PREFIXES.items():
        values = {**reports[role]["metrics"], **graded_ranking_metrics(grades[role], k, grade)}
        metrics.update({f"{prefix}{name}": round(value, 6) for name, value in values.items()})
    return metrics


def paired_gain(served: np.ndarray, other: np.ndarray, seed: int) -> dict[str, Any]:
    """The mean of served - other over paired units (resumes, jobs), with its 95% bootstrap
    interval (seeded: the same data gives the same interval).
    """
    difference = np.asarray(served, dtype=np.float64) - np.asarray(other, dtype=np.float64)
    generator = np.random.default_rng(seed)
    draws = generator.integers(0, len(difference), size=(BOOTSTRAP, len(difference)))
    means = difference[draws].mean(axis=1)
    return {
        "gain": float(difference.mean()),
        "interval": [float(np.quantile(means, 0.025)), float(np.quantile(means, 0.975))],
        "units": len(difference),
    }


def gains(
    reports: dict[str, dict[str, Any]],
    truth: pd.Series,
    grades: dict[str, list[np.ndarray]],
    settings: Settings,
) -> dict[str, dict[str, Any]]:
    """How much the served model beats each task's baseline, paired: accuracy over the test
    resumes (against the keyword rules), NDCG@k over the test jobs (against lexical alone).
    """
    classes = np.asarray(reports["served"]["classes"], dtype=object)
    right = {
        role: classes[reports[role]["probabilities"].argmax(axis=1)] == truth.to_numpy()
        for role in ("served", "baseline")
    }
    k = settings.evaluation.k
    ndcg = {role: np.array([graded_ndcg(g, k) for g in grades[role]]) for role in grades}
    scored = ~np.isnan(ndcg["served"])
    return {
        "accuracy": paired_gain(right["served"], right["baseline"], settings.seed),
        f"ndcg_at_{k}": paired_gain(
            ndcg["served"][scored], ndcg["baseline"][scored], settings.seed
        ),
    }


def finite(value: float) -> float | None:
    """JSON has no NaN: a job that cannot be scored (no relevant resume) is null."""
    return None if np.isnan(value) else value


def per_job(pools: list[Pool], grades: dict[str, list[np.ndarray]], k: int) -> list[Any]:
    return [
        {
            "job_id": pool.job_id,
            "candidates": len(pool.rows),
            **{role: finite(graded_ndcg(grades[role][i], k)) for role in grades},
        }
        for i, pool in enumerate(pools)
    ]


def audit_of(
    screener: Screener,
    test: pd.DataFrame,
    ranked: tuple[list[Pool], list[dict[str, np.ndarray]], pd.DataFrame],
    predicted: np.ndarray,
    settings: Settings,
) -> dict[str, Any]:
    """The bias audit (None for data without groups) and the counterfactual check."""
    pools, parts, jobs = ranked
    groups = test["group"].astype(str).to_numpy()
    evaluation = settings.evaluation
    has_groups = bool((groups != "").any())
    return {
        "selection": selection_rates(
            pools,
            parts,
            screener.ranker.weights,
            groups,
            evaluation.shortlist,
            evaluation.impact_ratio_floor,
        )
        if has_groups
        else None,
        "category_by_group": category_by_group(test["category"], predicted, groups)
        if has_groups
        else None,
        "counterfactual": counterfactual_check(screener, test, jobs, settings),
    }


def evaluate(settings: Settings) -> dict[str, float]:
    """Run the evaluation stage; return the flat test metrics written to reports/metrics.json."""
    screener, metadata = load_model(settings.paths.models)
    baselines = load_baselines(settings.paths.models)
    test = load_split(settings, "test")
    reports = classify_test(screener, baselines, test, settings)
    pools, parts, grades, jobs = rank_test(screener, test, settings)
    metrics = flat_metrics(reports, grades, settings)
    classes = screener.classes
    predicted = np.asarray(classes, dtype=object)[reports["served"]["probabilities"].argmax(axis=1)]
    audit = audit_of(screener, test, (pools, parts, jobs), predicted, settings)
    k, bins = settings.evaluation.k, settings.evaluation.calibration_bins
    figures = {
        **multiclass_figures(test["category"], reports["served"]["probabilities"], classes, bins),
        "ranking": plots.plot_ranking({RANKINGS[r]: g for r, g in grades.items()}, k),
        "selection_rates": plots.plot_selection_rates(
            audit["selection"] or {"groups": [], "shortlist": settings.evaluation.shortlist}
        ),
    }
    classification = {
        role: {key: report[key] for key in ("per_class", "confusion_matrix", "calibration")}
        for role, report in reports.items()
    }
    details = {
        "classification.json": classification,
        "ranking.json": {"weights": screener.ranker.weights, "jobs": per_job(pools, grades, k)},
        "audit.json": audit,
    }
    compared = gains(reports, test["category"], grades, settings)
    details["comparison.json"] = compared
    card = render_model_card(
        metadata, read_manifest(settings), metrics, classification, audit, compared
    )
    write_evaluation(settings, metadata, metrics, details, figures, card)
    return metrics
