"""The model card: a Markdown page written from one training and evaluation run."""

from typing import Any

import pandas as pd

from ..classification import metrics_table, slices_table

MODEL_NAMES = ("gradient boosting", "logistic regression", "dummy (constant score)")


def data_section(metadata: dict[str, Any], manifest: dict[str, Any]) -> str:
    splits = ", ".join(
        f"{name} {part['rows']:,} transactions with {part['positives']} frauds "
        f"(seconds {part['time_from']:,.0f} to {part['time_to']:,.0f})"
        for name, part in manifest["splits"].items()
    )
    return (
        f"- Source: `{manifest['source']}` (file `{manifest['raw_file']}`, "
        f"sha256 `{manifest['raw_sha256'][:16]}...`).\n"
        f"- Split by time, never shuffled: {splits}. Every training transaction is earlier than "
        "every validation one, and those than every test one.\n"
        f"- Features: {len(metadata['feature_schema'])} input columns; raw `Time` only as the "
        "hour of day, `Amount` as log1p(Amount). Nothing is resampled or reweighted."
    )


def decision_section(
    metadata: dict[str, Any], metrics: dict[str, float], interval: tuple[float, float]
) -> str:
    costs = metadata["costs"]
    none_flagged = metrics["dummy_recall"] == 0
    dummy = (
        "raises no alert, so it is the cost of having no model"
        if none_flagged
        else ("flags every transaction")
    )
    return (
        f"- Cost per transaction: a missed fraud {costs['false_negative']:,.0f}, a review "
        f"{costs['false_positive']:,.0f} (legitimate) or {costs['true_positive']:,.0f} (fraud "
        "caught).\n"
        f"- Threshold {metadata['threshold']:.3f}, chosen on the validation split to minimise "
        "total cost (never on the test split).\n"
        f"- Expected cost per 10,000 test transactions: {metrics['expected_cost_per_10k']:,.0f} "
        f"with the model, {metrics['baseline_expected_cost_per_10k']:,.0f} with logistic "
        f"regression, {metrics['dummy_expected_cost_per_10k']:,.0f} for the dummy, which "
        f"{dummy}.\n"
        f"- PR-AUC {metrics['pr_auc']:.3f}, 95% bootstrap interval {interval[0]:.3f} to "
        f"{interval[1]:.3f} over the test transactions: with this few frauds, differences "
        "inside that range are noise."
    )


def render_model_card(
    metadata: dict[str, Any],
    manifest: dict[str, Any],
    metrics: dict[str, float],
    slices: dict[str, dict[str, dict[str, float | None]]],
    importance: pd.DataFrame | None,
    interval: tuple[float, float],
) -> str:
    if importance is None:
        drivers = "Unknown: the main model gives no per-row contributions."
    else:
        drivers = (
            "The five input columns with the largest mean absolute contribution to the log-odds "
            "on the test split: " + ", ".join(f"`{name}`" for name in importance["feature"][:5])
        ) + "."
    return (
        "\n\n".join(
            [
                "# Model card: credit-card fraud detection",
                f"Version {metadata['version']}, trained {metadata['trained_at']}, "
                f"commit `{metadata['git_commit']}`, model `{metadata['model']['name']}`.",
                "## Intended use\n\nRank card transactions by their risk of fraud so that a "
                "review team looks at the riskiest first, within its capacity. An alert sends "
                "a transaction to a person; it is not a verdict about a card holder.",
                "## Data\n\n" + data_section(metadata, manifest),
                "## Test metrics against baselines\n\n"
                + metrics_table(metrics, MODEL_NAMES, money="expected_cost_per_10k"),
                "## Decision threshold and costs\n\n"
                + decision_section(metadata, metrics, interval),
                "## Slices (test split)\n\n" + slices_table(slices, rows="transactions"),
                "## What drives the scores\n\n" + drivers,
                "## Limits\n\n- Synthetic data only shows that the pipeline works; its scores say "
                "nothing about real fraud.\n- ROC-AUC looks excellent for every model at a 0.2% "
                "fraud rate; read PR-AUC and the cost instead.\n- The costs are assumptions: "
                "change them in `configs/evaluation.yaml` and retrain.\n- Fraud adapts to the "
                "model: retrain on recent data and watch the drift report and the alert rate.",
            ]
        )
        + "\n"
    )
