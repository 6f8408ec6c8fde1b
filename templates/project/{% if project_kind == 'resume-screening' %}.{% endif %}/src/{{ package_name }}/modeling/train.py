"""Training stage. The category: fit every candidate and the keyword-rule baseline on the training
split, score them on the validation split, serve the best by macro-F1. The ranking: fit the
lexical TF-IDF on the training resumes and choose the weights of its parts on the validation
jobs by NDCG@k. Both are saved as one `Screener`, with the baseline and the dummy beside it and
the comparison and the reasons in the metadata. The test split is never read here.
"""

import time
from typing import Any

import numpy as np
import pandas as pd
from sklearn.dummy import DummyClassifier

from frame.evaluation.multiclass import multiclass_metrics
from frame.evaluation.ranking import graded_ranking_metrics
from frame.files import file_sha256
from frame.metadata import build_metadata, save_model
from frame.settings import EstimatorSettings
from frame.sources import read_manifest
from frame.tracking import Tracker

from ..config import Settings
from ..dataset import load_jobs, load_relevance, load_split
from ..skills import Vocabulary
from .classifiers import WordLlamaEmbedder, build_classifier, tfidf
from .predict import Screener
from .ranking import (
    LEXICAL_ONLY,
    Ranker,
    choose_weights,
    parts_of_pools,
    pools_of,
    random_grades,
    ranked_grades,
    skills_in,
)

KEY = "macro_f1"


def probabilities_of(model: Any, texts: list[str], classes: list[str]) -> np.ndarray:
    """A fitted classifier's probabilities with columns in the order of `classes` (a class it
    never saw gets 0).
    """
    own = [str(name) for name in model.classes_]
    given = np.asarray(model.predict_proba(texts), dtype=np.float64)
    aligned = np.zeros((len(texts), len(classes)))
    for column, name in enumerate(own):
        aligned[:, classes.index(name)] = given[:, column]
    return aligned


def fit_and_score(
    spec: EstimatorSettings, train: pd.DataFrame, validation: pd.DataFrame, settings: Settings
) -> tuple[Any, dict[str, float], float]:
    """Fit one classifier on the training split: the model, its validation metrics, seconds."""
    started = time.perf_counter()
    model = build_classifier(spec, settings.seed)
    model.fit(train["text"].tolist(), train["category"].tolist())
    seconds = time.perf_counter() - started
    classes = sorted(train["category"].unique())
    probabilities = probabilities_of(model, validation["text"].tolist(), classes)
    metrics = multiclass_metrics(
        validation["category"],
        probabilities,
        classes,
        top_k=settings.evaluation.top_k,
        bins=settings.evaluation.calibration_bins,
    )
    return model, metrics, seconds


def choose(results: dict[str, dict[str, float]], key: str) -> tuple[str, str]:
    """The best candidate by `key` (higher is better), and the reason, in words."""
    ranked = sorted(results, key=lambda name: results[name][key], reverse=True)
    best = ranked[0]
    others = ", ".join(f"{name} {results[name][key]:.4f}" for name in ranked[1:])
    then = f" (then {others})" if others else ""
    return best, f"highest {key} on the validation split: {results[best][key]:.4f}{then}"


def fit_ranker(
    settings: Settings, train: pd.DataFrame, validation: pd.DataFrame, vocabulary: Vocabulary
) -> tuple[Ranker, dict[str, dict[str, float]]]:
    """The ranker with its weights chosen on the validation jobs, and the validation metrics of
    the chosen weights, lexical alone and a random order.
    """
    config, k = settings.model.ranking, settings.evaluation.k
    vectorizer = tfidf(config.max_features, min_df=1).fit(train["text"].tolist())
    embedder = WordLlamaEmbedder() if "semantic" in config.parts else None
    ranker = Ranker(vectorizer, dict(LEXICAL_ONLY), embedder)
    jobs = load_jobs(settings)
    jobs = jobs[jobs["split"] == "validation"]
    pools = pools_of(jobs, load_relevance(settings), validation["resume_id"])
    texts = validation["text"].tolist()
    resumes = ranker.read(texts, skills_in(texts, vocabulary))
    parts = parts_of_pools(ranker, jobs, pools, resumes)
    grade = settings.evaluation.relevant_grade
    ranker.weights, table = choose_weights(parts, pools, config.parts, config.weight_step, k, grade)
    ranker.table = table
    return ranker, {
        "served": graded_ranking_metrics(ranked_grades(parts, pools, ranker.weights), k, grade),
        "lexical": graded_ranking_metrics(ranked_grades(parts, pools, LEXICAL_ONLY), k, grade),
        "random": graded_ranking_metrics(random_grades(pools, settings.seed), k, grade),
    }


def weights_reason(weights: dict[str, float], ranking: dict[str, dict[str, float]], k: int) -> str:
    key = f"ndcg_at_{k}"
    shown = ", ".join(f"{name} {value:.2f}" for name, value in weights.items() if value)
    return (
        f"highest {key} on the validation jobs: {ranking['served'][key]:.4f} with {shown} "
        f"(lexical alone {ranking['lexical'][key]:.4f}, random order {ranking['random'][key]:.4f})"
    )


def train(settings: Settings) -> dict[str, Any]:
    """Run the training stage; return the metadata saved next to the model."""
    started = time.perf_counter()
    train_split, validation = load_split(settings, "train"), load_split(settings, "validation")
    vocabulary = Vocabulary.load()
    specs = {spec.name: spec for spec in [*settings.model.candidates, settings.model.baseline]}
    tracker = Tracker(settings)
    with tracker.run(run_name="resume-screening") as run_id:
        models, results, seconds = {}, {}, {}
        for name, spec in specs.items():
            models[name], results[name], seconds[name] = fit_and_score(
                spec, train_split, validation, settings
            )
        candidates = {spec.name: results[spec.name] for spec in settings.model.candidates}
        chosen, reason = choose(candidates, KEY)
        ranker, ranking = fit_ranker(settings, train_split, validation, vocabulary)
        screener = Screener(chosen, models[chosen], ranker, vocabulary)
        dummy = DummyClassifier(strategy="prior").fit(
            train_split["text"].tolist(), train_split["category"].tolist()
        )
        baselines = {"baseline": models[settings.model.baseline.name], "dummy": dummy}
        manifest = read_manifest(settings)
        k = settings.evaluation.k
        validation_metrics = {**results[chosen], **ranking["served"]}
        metadata = build_metadata(
            settings=settings,
            data_sha256=manifest["raw_sha256"],
            features=train_split[["text"]],
            extra={
                "data_source": manifest["source"],
                "train_sha256": file_sha256(settings.paths.processed / "train.csv"),
                "model": specs[chosen].model_dump(),
                "baseline": settings.model.baseline.model_dump(),
                "classes": screener.classes,
                "selection": {"chosen": chosen, "reason": reason, "validation": results},
                "ranking": {
                    "weights": ranker.weights,
                    "reason": weights_reason(ranker.weights, ranking, k),
                    "validation": ranking,
                    "tried": len(ranker.table),
                },
                "metrics": {"validation": validation_metrics},
                "fit_seconds": {name: round(value, 3) for name, value in seconds.items()},
                "train_seconds": round(time.perf_counter() - started, 3),
                "mlflow_run_id": run_id,
            },
        )
        save_model(screener, baselines, metadata, settings.paths.models)
        tracker.log_params(
            {
                "seed": settings.seed,
                "data_source": manifest["source"],
                "split": settings.split.model_dump(),
                "model": settings.model.model_dump(),
                "chosen": chosen,
                "ranking_weights": ranker.weights,
            }
        )
        for name, metrics in results.items():
            tracker.log_metrics(metrics, prefix=f"validation_{name}_")
        tracker.log_metrics(validation_metrics, prefix="validation_")
        tracker.log_artifacts(settings.paths.models, artifact_path="model")
    return metadata
