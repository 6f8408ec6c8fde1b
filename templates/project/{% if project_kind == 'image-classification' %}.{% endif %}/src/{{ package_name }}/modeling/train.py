"""Training stage: the network (PyTorch, early stopping on the validation split), the linear
model on pooled pixels and the class prior, each exported to ONNX. The network and the linear
model compete on validation accuracy, measured through their ONNX graphs (what the service
runs); the better is served, the other and the prior are saved as baselines. At the end the
exported network is checked against the trained one (the parity goes into the metadata). The
test split is never read here.
"""

import time
from typing import Any

import numpy as np
import pandas as pd
import torch

from frame.compute import available_cpus
from frame.evaluation.multiclass import multiclass_metrics
from frame.metadata import build_metadata, save_model
from frame.sources import read_manifest
from frame.tracking import Tracker

from ..config import Settings
from ..dataset import ImageSet, load_split
from ..images import to_input
from .baselines import class_prior, pooled_logistic
from .export import linear_classifier, network_classifier, network_parity
from .network import fit_network, parameter_count, seeded
from .predict import Classifier

KEY = "accuracy"  # what the candidates compete on, on the validation split
ONNX_FILE = "model.onnx"  # the served graph, for anyone who wants the file itself


def training_threads(settings: Settings) -> int:
    """torch's threads: `compute.threads`, else two at most (more wait for each other on a
    shared machine, and the result depends on the count: keep it fixed to reproduce a model).
    """
    return settings.compute.threads or min(2, available_cpus())


def tensors(split: ImageSet) -> tuple[torch.Tensor, torch.Tensor]:
    return torch.from_numpy(to_input(split.images)), torch.from_numpy(split.labels.astype(np.int64))


def validation_metrics(
    classifier: Classifier, validation: ImageSet, settings: Settings
) -> dict[str, float]:
    return multiclass_metrics(
        validation.labels,
        classifier.probabilities(validation.images),
        list(range(len(validation.classes))),
        top_k=settings.evaluation.top_k,
        bins=settings.evaluation.calibration_bins,
    )


def choose(results: dict[str, dict[str, float]]) -> tuple[str, str]:
    """The best candidate by KEY (the first listed on a tie), and the reason, in words."""
    ranked = sorted(results, key=lambda name: -results[name][KEY])
    best = ranked[0]
    others = ", ".join(f"{name} {results[name][KEY]:.4f}" for name in ranked[1:])
    return best, f"highest {KEY} on the validation split: {results[best][KEY]:.4f} (then {others})"


def fit_linear_models(
    train: ImageSet, settings: Settings, threads: int
) -> tuple[dict[str, Classifier], dict[str, Any], dict[str, float]]:
    """The pooled-pixel logistic regression and the class prior, exported: classifiers, their
    parameters and their fitting seconds.
    """
    pixels = to_input(train.images).reshape(len(train.images), -1)
    classes, seconds = train.classes, {}
    started = time.perf_counter()
    linear = pooled_logistic(
        pixels, train.labels, len(classes), settings.model.baseline, settings.seed
    )
    seconds["baseline"] = time.perf_counter() - started
    started = time.perf_counter()
    prior = class_prior(train.labels, len(classes), pixels.shape[1])
    seconds["dummy"] = time.perf_counter() - started
    models = {
        "baseline": linear_classifier(settings.model.baseline.name, linear, classes, threads),
        "dummy": linear_classifier("class_prior", prior, classes, threads),
    }
    return models, {"baseline": linear.info, "dummy": prior.info}, seconds


def train(settings: Settings) -> dict[str, Any]:
    """Run the training stage; return the metadata saved next to the models."""
    started = time.perf_counter()
    train_split, validation = load_split(settings, "train"), load_split(settings, "validation")
    threads = training_threads(settings)
    tracker = Tracker(settings)
    with tracker.run(run_name="image-classification") as run_id:
        linear, linear_info, seconds = fit_linear_models(train_split, settings, threads)
        generator = seeded(settings.seed, threads)
        network_started = time.perf_counter()
        fitted = fit_network(
            tensors(train_split),
            tensors(validation),
            len(train_split.classes),
            settings.model.network,
            generator,
        )
        seconds["cnn"] = time.perf_counter() - network_started
        network = network_classifier(fitted.model, train_split.classes, threads)
        candidates = {"cnn": network, "baseline": linear["baseline"]}
        results = {
            name: validation_metrics(model, validation, settings)
            for name, model in {**candidates, "dummy": linear["dummy"]}.items()
        }
        chosen, reason = choose({name: results[name] for name in candidates})
        served = candidates[chosen]
        baselines = {"baseline": linear["baseline"], "dummy": linear["dummy"]}
        if chosen != "cnn":  # the network lost: it is kept beside the baselines
            baselines["cnn"] = network
        parity = network_parity(fitted.model, network, validation.images, validation.labels)
        manifest = read_manifest(settings)
        metadata = build_metadata(
            settings=settings,
            data_sha256=manifest.get("raw_sha256", ""),
            features=image_schema(train_split),
            extra={
                "data_source": manifest.get("source"),
                "classes": train_split.classes,
                "model": model_entry(chosen, fitted, settings),
                "baseline": {"name": settings.model.baseline.name, **linear_info["baseline"]},
                "dummy": linear_info["dummy"],
                "selection": {"chosen": chosen, "reason": reason, "validation": results},
                "training": training_entry(fitted, threads, train_split, validation),
                "onnx": {**parity, "file": ONNX_FILE, "served": served.name},
                "metrics": {"validation": results[chosen]},
                "fit_seconds": {name: round(value, 3) for name, value in seconds.items()},
                "train_seconds": round(time.perf_counter() - started, 3),
                "mlflow_run_id": run_id,
            },
        )
        files = {ONNX_FILE: served.graph}  # saved and hashed with the model, in metadata.files
        save_model(served, baselines, metadata, settings.paths.models, files)
        log_run(tracker, settings, chosen, fitted.history, results)
    return metadata


def image_schema(split: ImageSet) -> pd.DataFrame:
    """The input the models read, as the frame's feature schema: one column of images."""
    return pd.DataFrame({"image": pd.Series([], dtype=object)})


def model_entry(chosen: str, fitted: Any, settings: Settings) -> dict[str, Any]:
    return {
        "name": chosen,
        "network": {
            "architecture": "SmallCNN",
            "parameters": parameter_count(fitted.model),
            **settings.model.network.model_dump(),
        },
    }


def training_entry(fitted: Any, threads: int, train: ImageSet, validation: ImageSet) -> Any:
    return {
        "threads": threads,
        "images": {"train": int(len(train.labels)), "validation": int(len(validation.labels))},
        "epochs": len(fitted.history),
        "best_epoch": fitted.best_epoch,
        "stopped_early": fitted.stopped_early,
        "history": [{k: round(v, 5) for k, v in epoch.items()} for epoch in fitted.history],
    }


def log_run(
    tracker: Tracker,
    settings: Settings,
    chosen: str,
    history: list[dict[str, float]],
    results: dict[str, dict[str, float]],
) -> None:
    tracker.log_params(
        {"seed": settings.seed, "model": settings.model.model_dump(), "chosen": chosen}
    )
    for epoch in history:
        tracker.log_metrics(
            {"loss": epoch["loss"], "validation_accuracy": epoch["validation_accuracy"]},
            prefix=f"epoch_{int(epoch['epoch'])}_",
        )
    for name, metrics in results.items():
        tracker.log_metrics(metrics, prefix=f"validation_{name}_")
    tracker.log_metrics(results[chosen], prefix="validation_")
    tracker.log_artifacts(settings.paths.models, artifact_path="model")
