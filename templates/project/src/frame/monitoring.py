"""Drift monitoring: compare a new batch with the training split, feature by feature.

The features are what the project's contract (`Monitoring.features`) makes of a frame (for a
classifier, its inputs after feature engineering). Figures, per feature:
- PSI, the population stability index: sum over bins of (current share - reference share) *
  ln(current share / reference share). Numeric bins are cut at the reference quantiles (deciles by
  default) plus one bin for missing values; categorical bins are the values seen in either frame.
  Shares are floored at 1e-4 so that an empty bin stays finite. Usual reading: below 0.1 stable,
  0.1 to 0.2 moderate, 0.2 and above a significant shift.
- numeric features only: the two-sample Kolmogorov-Smirnov test (statistic D and its p-value).

Decisions (thresholds in configs/monitoring.yaml): a feature drifts when PSI >= psi_threshold, or
when the KS p-value < ks_p_value with D >= ks_min_statistic; D is the minimum effect, because on
thousands of rows a negligible shift is already "significant". The batch drifts when at least
min_drifted_features features drift. Below min_rows rows the status is "insufficient data".
"""

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import ks_2samp

from .contract import Monitoring
from .errors import ArtifactError, DataError
from .files import written_together
from .settings import MonitoringSettings, ProjectSettings

SHARE_FLOOR = 1e-4
MISSING = "<missing>"
REPORT_NAME = "drift"


def population_stability_index(reference: np.ndarray, current: np.ndarray) -> float:
    """PSI of two vectors of counts over the same bins."""
    expected = np.maximum(reference / max(reference.sum(), 1), SHARE_FLOOR)
    actual = np.maximum(current / max(current.sum(), 1), SHARE_FLOOR)
    return float(np.sum((actual - expected) * np.log(actual / expected)))


def quantile_edges(reference: pd.Series, bins: int) -> np.ndarray:
    """Inner bin edges at the reference quantiles; repeated edges (discrete values) merged."""
    values = reference.dropna().to_numpy(dtype=np.float64)
    return np.unique(np.quantile(values, np.linspace(0, 1, bins + 1)[1:-1]))


def binned_counts(values: pd.Series, edges: np.ndarray) -> np.ndarray:
    """Counts per bin (value < first edge, ..., value >= last edge), then missing values."""
    numbers = values.to_numpy(dtype=np.float64)
    missing = np.isnan(numbers)
    positions = np.searchsorted(edges, numbers[~missing], side="right")
    counts = np.bincount(positions, minlength=len(edges) + 1)
    return np.append(counts, missing.sum())


def numeric_drift(
    reference: pd.Series, current: pd.Series, thresholds: MonitoringSettings
) -> dict[str, Any]:
    edges = quantile_edges(reference, thresholds.bins)
    psi = population_stability_index(binned_counts(reference, edges), binned_counts(current, edges))
    test = ks_2samp(reference.dropna(), current.dropna())
    statistic, p_value = float(test.statistic), float(test.pvalue)
    reasons = []
    if psi >= thresholds.psi_threshold:
        reasons.append(f"PSI {psi:.3f} >= {thresholds.psi_threshold}")
    if p_value < thresholds.ks_p_value and statistic >= thresholds.ks_min_statistic:
        reasons.append(f"KS D {statistic:.3f} >= {thresholds.ks_min_statistic}, p {p_value:.2g}")
    return {
        "type": "numeric",
        "psi": psi,
        "ks_statistic": statistic,
        "ks_p_value": p_value,
        "reference_mean": float(reference.mean()),
        "current_mean": float(current.mean()),
        "drift": bool(reasons),
        "reasons": reasons,
    }


def categorical_drift(
    reference: pd.Series, current: pd.Series, thresholds: MonitoringSettings
) -> dict[str, Any]:
    reference_shares = reference.astype("object").fillna(MISSING).value_counts(normalize=True)
    current_shares = current.astype("object").fillna(MISSING).value_counts(normalize=True)
    shares = pd.concat({"reference": reference_shares, "current": current_shares}, axis=1)
    shares = shares.fillna(0.0)
    psi = population_stability_index(
        shares["reference"].to_numpy(dtype=np.float64), shares["current"].to_numpy(dtype=np.float64)
    )
    largest = int(np.argmax(np.abs(shares["current"].to_numpy() - shares["reference"].to_numpy())))
    reasons = []
    if psi >= thresholds.psi_threshold:
        reasons.append(f"PSI {psi:.3f} >= {thresholds.psi_threshold}")
    return {
        "type": "categorical",
        "psi": psi,
        "largest_change": {
            "value": str(shares.index[largest]),
            "reference_share": float(shares["reference"].iloc[largest]),
            "current_share": float(shares["current"].iloc[largest]),
        },
        "drift": bool(reasons),
        "reasons": reasons,
    }


def compare_frames(
    reference: pd.DataFrame,
    current: pd.DataFrame,
    numeric: Sequence[str],
    categorical: Sequence[str],
    thresholds: MonitoringSettings,
) -> dict[str, Any]:
    """The drift report of `current` against `reference` over the named columns; a column the
    current frame lacks (a prediction log records only what requests carry) is left out.
    """
    numeric = [name for name in numeric if name in current.columns]
    categorical = [name for name in categorical if name in current.columns]
    features = {
        **{name: numeric_drift(reference[name], current[name], thresholds) for name in numeric},
        **{
            name: categorical_drift(reference[name], current[name], thresholds)
            for name in categorical
        },
    }
    drifted = [name for name, figures in features.items() if figures["drift"]]
    enough_rows = len(current) >= thresholds.min_rows
    drift = enough_rows and len(drifted) >= thresholds.min_drifted_features
    status = "drift" if drift else ("no drift" if enough_rows else "insufficient data")
    return {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "status": status,
        "drift": drift,
        "drifted_features": drifted,
        "rows": {"reference": len(reference), "current": len(current)},
        "thresholds": thresholds.model_dump(),
        "features": features,
    }


def render_markdown(report: dict[str, Any]) -> str:
    rows = report["rows"]
    lines = [
        "# Drift report",
        "",
        f"Status: **{report['status']}** ({len(report['drifted_features'])} drifted feature(s): "
        f"{', '.join(report['drifted_features']) or 'none'}).",
        "",
        f"Reference: {report.get('reference', 'reference')}, {rows['reference']} rows. "
        f"Current: {report.get('current', 'current')}, {rows['current']} rows. "
        f"Generated {report['generated_at']}.",
        "",
        "Thresholds: " + ", ".join(f"{k} {v}" for k, v in report["thresholds"].items()) + ".",
        "",
        "| feature | type | PSI | KS D | KS p | drift | why |",
        "| --- | --- | ---: | ---: | ---: | --- | --- |",
    ]
    for name, figures in report["features"].items():
        ks_d = f"{figures['ks_statistic']:.3f}" if "ks_statistic" in figures else ""
        ks_p = f"{figures['ks_p_value']:.2g}" if "ks_p_value" in figures else ""
        lines.append(
            f"| {name} | {figures['type']} | {figures['psi']:.3f} | {ks_d} | {ks_p} | "
            f"{'yes' if figures['drift'] else 'no'} | {'; '.join(figures['reasons'])} |"
        )
    return "\n".join(lines) + "\n"


def write_drift_report(report: dict[str, Any], directory: Path) -> tuple[Path, Path]:
    """reports/drift.json and reports/drift.md, replacing the previous two together; returns
    both paths.
    """
    json_path, markdown_path = directory / f"{REPORT_NAME}.json", directory / f"{REPORT_NAME}.md"
    with written_together() as staged:
        text = json.dumps(report, indent=2) + "\n"
        staged.path(json_path).write_text(text, encoding="utf-8")
        staged.path(markdown_path).write_text(render_markdown(report), encoding="utf-8")
    return json_path, markdown_path


def read_prediction_log(path: Path) -> pd.DataFrame:
    """The inputs recorded in the service's prediction log (JSON lines), one row each."""
    if not path.is_file():
        raise DataError(f"no prediction log at {path}")
    with path.open(encoding="utf-8") as stream:
        inputs = [json.loads(line)["input"] for line in stream if line.strip()]
    if not inputs:
        raise DataError(f"{path} holds no predictions yet")
    return pd.DataFrame(inputs)


def default_batch(settings: ProjectSettings, batch_file: str) -> Path:
    """The generated batch when there is one, else the prediction log when there is one."""
    candidates = [settings.paths.batches / batch_file]
    if settings.serving.prediction_log is not None:
        candidates.append(settings.paths.under_root(settings.serving.prediction_log))
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise ArtifactError("no batch to monitor: run `make batch`, or pass BATCH=path")


def load_batch(path: Path, watched: Monitoring[Any]) -> pd.DataFrame:
    return read_prediction_log(path) if path.suffix == ".jsonl" else watched.read_batch(path)


def monitor(
    settings: ProjectSettings, watched: Monitoring[Any], batch_path: Path | None = None
) -> dict[str, Any]:
    """Compare a batch (default: see `default_batch`) with the training split; write reports."""
    path = batch_path or default_batch(settings, watched.batch_file)
    training = watched.reference(settings)
    batch = load_batch(path, watched)
    if watched.predictions is not None:
        training = watched.predictions(settings, training)
        batch = watched.predictions(settings, batch)
    reference = watched.features(training, training)
    current = watched.features(batch, training)
    report = {
        "reference": "training split",
        "current": str(path),
        **compare_frames(
            reference, current, watched.numeric, watched.categorical, settings.monitoring
        ),
    }
    write_drift_report(report, settings.paths.reports)
    return report
