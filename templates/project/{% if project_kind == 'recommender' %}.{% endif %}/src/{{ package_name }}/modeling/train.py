"""Training stage: fit the most-popular baseline and every personalised candidate on the training
split, score them on the validation split, keep the best by NDCG@k, then refit the chosen model and
the baseline on training and validation together (every user's latest known taste) and save them
with the comparison and the reason. The test split is never read here.
"""

import time
from typing import Any

import pandas as pd

from frame.files import file_sha256
from frame.metadata import build_metadata, save_model
from frame.settings import EstimatorSettings
from frame.sources import read_manifest
from frame.tracking import Tracker

from ..config import Settings
from ..dataset import load_items, load_split
from ..features import Catalogue
from .predict import Recommender


def fit_and_score(
    spec: EstimatorSettings,
    catalogue: Catalogue,
    items: pd.DataFrame,
    held_out: pd.DataFrame,
    k: int,
) -> tuple[dict[str, float], float]:
    """Fit one model on the catalogue's positives: its metrics on `held_out`, its fit seconds."""
    started = time.perf_counter()
    recommender = Recommender.fit(spec, catalogue, items)
    seconds = time.perf_counter() - started
    return recommender.evaluate(held_out, k), seconds


def choose(results: dict[str, dict[str, float]], key: str) -> tuple[str, str]:
    """The best model by `key`, and the reason, in words."""
    ranked = sorted(results, key=lambda name: results[name][key], reverse=True)
    best = ranked[0]
    others = ", ".join(f"{name} {results[name][key]:.4f}" for name in ranked[1:])
    return best, f"highest {key} on the validation split: {results[best][key]:.4f} (then {others})"


def train(settings: Settings) -> dict[str, Any]:
    """Run the training stage; return the metadata saved next to the model."""
    k = settings.evaluation.k
    key = f"ndcg_at_{k}"
    train_split, validation = load_split(settings, "train"), load_split(settings, "validation")
    items = load_items(settings)
    item_ids = items["item_id"].to_numpy()
    positive = settings.model.positive_rating
    specs = {spec.name: spec for spec in [*settings.model.candidates, settings.model.baseline]}
    tracker = Tracker(settings)
    with tracker.run(run_name="recommender") as run_id:
        catalogue = Catalogue.build(train_split, item_ids, positive)
        results, fit_seconds = {}, {}
        for name, spec in specs.items():
            results[name], fit_seconds[name] = fit_and_score(spec, catalogue, items, validation, k)
        chosen, reason = choose(results, key)
        full = Catalogue.build(pd.concat([train_split, validation]), item_ids, positive)
        main = Recommender.fit(specs[chosen], full, items)
        baseline = Recommender.fit(settings.model.baseline, full, items)
        manifest = read_manifest(settings)
        metadata = build_metadata(
            settings=settings,
            data_sha256=manifest["raw_sha256"],
            features=train_split,
            extra={
                "data_source": manifest["source"],
                "train_sha256": file_sha256(settings.paths.processed / "train.csv"),
                "model": specs[chosen].model_dump(),
                "baseline": settings.model.baseline.model_dump(),
                "positive_rating": positive,
                "k": k,
                "catalogue": {"users": len(full.user_ids), "items": full.n_items},
                "selection": {"chosen": chosen, "reason": reason, "validation": results},
                "metrics": {"validation": results[chosen]},
                "fit_seconds": {name: round(value, 3) for name, value in fit_seconds.items()},
                "mlflow_run_id": run_id,
            },
        )
        save_model(main, {"baseline": baseline}, metadata, settings.paths.models)
        tracker.log_params(
            {
                "seed": settings.seed,
                "data_source": manifest["source"],
                "split": settings.split.model_dump(),
                "model": settings.model.model_dump(),
                "chosen": chosen,
            }
        )
        for name, metrics in results.items():
            tracker.log_metrics(metrics, prefix=f"validation_{name}_")
        tracker.log_metrics(results[chosen], prefix="validation_")
        tracker.log_artifacts(settings.paths.models, artifact_path="model")
    return metadata
