"""The model card: a Markdown page written from one training and evaluation run."""

from typing import Any

import pandas as pd

from frame.evaluation.binary import metrics_table, selection_section, slices_table


def clock(seconds: float) -> str:
    """Seconds since the first transaction as day and time, taking the first one at midnight."""
    day, rest = divmod(int(seconds), 86_400)
    return f"day {day + 1} {rest // 3600:02d}:{rest % 3600 // 60:02d}"


def weighting(params: dict[str, Any]) -> str:
    weights = params.get("class_weight")
    return f"class weights `{weights}`" if weights else "no class weights"


def data_section(metadata: dict[str, Any], manifest: dict[str, Any]) -> str:
    splits = ", ".join(
        f"{name} {part['rows']:,} transactions with {part['positives']} frauds "
        f"({clock(part['time_from'])} to {clock(part['time_to'])})"
        for name, part in manifest["splits"].items()
    )
    return (
        f"- Source: `{manifest['source']}` (file `{manifest['raw_file']}`, "
        f"sha256 `{manifest['raw_sha256'][:16]}...`).\n"
        f"- Split by time, never shuffled: {splits}. Every training transaction is earlier than "
        "every validation one, and those than every test one; times of day assume the first "
        "transaction at midnight.\n"
        f"- Features: {len(metadata['feature_schema'])} input columns; raw `Time` only as the "
        "hour of day, `Amount` as log1p(Amount). No split is resampled; the model was fitted "
        f"with {weighting(metadata['model']['params'])}."
    )


def interval_sentence(
    metrics: dict[str, float], intervals: dict[str, tuple[float, float]], other: str
) -> str:
    """`other`: the candidate the served model beat on validation."""
    low, high = intervals["pr_auc"]
    gain_low, gain_high = intervals["gain"]
    gain = metrics["pr_auc"] - metrics["baseline_pr_auc"]
    if gain_low > 0:
        verdict = f"the model is better than {other} beyond resampling noise"
    elif gain_high < 0:
        verdict = f"the model is worse than {other} beyond resampling noise"
    else:
        verdict = "the two cannot be told apart on this split"
    return (
        f"- PR-AUC {metrics['pr_auc']:.3f}, 95% bootstrap interval {low:.3f} to {high:.3f} over "
        f"the test transactions. Its gain over {other} is {gain:+.3f}, 95% interval "
        f"{gain_low:+.3f} to {gain_high:+.3f} on the same resamples: {verdict}."
    )


def decision_section(
    metadata: dict[str, Any],
    metrics: dict[str, float],
    intervals: dict[str, tuple[float, float]],
    no_alert_cost: float,
) -> str:
    costs, other = metadata["costs"], metadata["model_names"]["baseline"]
    return (
        f"- Cost per transaction: a missed fraud {costs['false_negative']:,.0f}, a review "
        f"{costs['false_positive']:,.0f} (legitimate) or {costs['true_positive']:,.0f} (fraud "
        "caught).\n"
        f"- Threshold {metadata['threshold']:.4f}, chosen on the validation split to minimise "
        "total cost (never on the test split).\n"
        f"- Expected cost per 10,000 test transactions: {metrics['expected_cost_per_10k']:,.0f} "
        f"with the model, {metrics['baseline_expected_cost_per_10k']:,.0f} with {other}, "
        f"{metrics['dummy_expected_cost_per_10k']:,.0f} with the dummy at its "
        f"threshold, and {no_alert_cost:,.0f} with no model at all (no alerts).\n"
        + interval_sentence(metrics, intervals, other)
    )


def render_model_card(
    metadata: dict[str, Any],
    manifest: dict[str, Any],
    metrics: dict[str, float],
    slices: dict[str, dict[str, dict[str, float | None]]],
    importance: pd.DataFrame | None,
    intervals: dict[str, tuple[float, float]],
    no_alert_cost: float,
) -> str:
    if importance is None:
        drivers = "Unknown: the served model gives no per-row contributions."
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
                "## Model selection on the validation split\n\n"
                + selection_section(metadata["selection"]),
                "## Test metrics against baselines\n\n"
                + metrics_table(metrics, metadata["model_names"], money="expected_cost_per_10k"),
                "## Decision threshold and costs\n\n"
                + decision_section(metadata, metrics, intervals, no_alert_cost),
                "## Slices (test split)\n\n"
                + slices_table(slices, rows="transactions", positives="frauds"),
                "## What drives the scores\n\n" + drivers,
                "## Limits\n\n- Synthetic data only shows that the pipeline works; its scores say "
                "nothing about real fraud.\n- ROC-AUC looks excellent for every model at this "
                "fraud rate; read PR-AUC and the cost instead.\n- Each split covers only some "
                "hours of the day (see Data), so the threshold was tuned on the validation hours "
                "only; the slices show how the test hours fare.\n- The costs are assumptions: "
                "change them in `configs/evaluation.yaml` and retrain.\n- Fraud adapts to the "
                "model: retrain on recent data and watch the drift report and the alert rate.",
            ]
        )
        + "\n"
    )
