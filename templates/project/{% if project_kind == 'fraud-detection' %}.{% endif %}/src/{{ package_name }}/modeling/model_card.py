"""The model card: a Markdown page written from one training and evaluation run."""

from typing import Any

import pandas as pd

from frame.evaluation.binary import metrics_table, selection_section, slices_table

from ..features import input_label


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


def drivers_section(importance: pd.DataFrame | None) -> str:
    if importance is None:
        return "Unknown: the served model gives no per-row contributions."
    names = ", ".join(f"`{input_label(name)}`" for name in importance["feature"][:5])
    return (
        "The five input columns with the largest mean absolute contribution to the log-odds of "
        f"fraud on the test split: {names}. A contribution is how far one input moved a score, "
        "in log-odds (log(p / (1 - p))); the engineered features are summed back to the column "
        "they come from, so `Time (hour of day)` is the hour of day (its sine and cosine), never "
        "the raw time, and `Amount` is log1p(Amount). `reports/figures/contributions.png` shows "
        "every column."
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


def dummy_cost(dummy: float, no_alerts: float) -> str:
    """The dummy's cost beside no model at all; one number when the dummy raises no alert."""
    if round(dummy) == round(no_alerts):
        return f"and {no_alerts:,.0f} with the dummy, which raises no alert: no model at all."
    return (
        f"{dummy:,.0f} with the dummy at its threshold, and {no_alerts:,.0f} with no model at "
        "all (no alerts)."
    )


def decision_section(
    metadata: dict[str, Any],
    metrics: dict[str, float],
    intervals: dict[str, tuple[float, float]],
    no_alert_cost: float,
    budget: float,
    test_rows: int,
) -> str:
    costs, other = metadata["costs"], metadata["model_names"]["baseline"]
    alerts = round(metrics["alert_rate"] * test_rows)
    return (
        f"- Cost of one transaction's outcome: a missed fraud {costs['false_negative']:,.0f}, "
        f"a legitimate transaction sent to review {costs['false_positive']:,.0f}, a fraud "
        f"caught by a review {costs['true_positive']:,.0f}.\n"
        f"- Threshold {metadata['threshold']:.4f}, chosen on the validation split to minimise "
        "total cost (never on the test split).\n"
        f"- Alert rate: {alerts:,} alerts in {test_rows:,} test transactions "
        f"({metrics['alert_rate']:.2%}), against a review budget of {budget:.1%} "
        "(`evaluation.alert_budget`).\n"
        f"- Expected cost per 10,000 test transactions: {metrics['expected_cost_per_10k']:,.0f} "
        f"with the model, {metrics['baseline_expected_cost_per_10k']:,.0f} with {other}, "
        + dummy_cost(metrics["dummy_expected_cost_per_10k"], no_alert_cost)
        + "\n"
        + interval_sentence(metrics, intervals, other)
    )


def render_model_card(
    metadata: dict[str, Any],
    manifest: dict[str, Any],
    metrics: dict[str, float],
    slices: dict[str, dict[str, dict[str, Any]]],
    importance: pd.DataFrame | None,
    intervals: dict[str, tuple[float, float]],
    no_alert_cost: float,
    budget: float,
    errors: str,
) -> str:
    """`budget`: the review team's share of transactions; `errors`: the error analysis
    section's text (modeling/errors.py).
    """
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
                + decision_section(
                    metadata,
                    metrics,
                    intervals,
                    no_alert_cost,
                    budget,
                    manifest["splits"]["test"]["rows"],
                ),
                "## Slices (test split)\n\n"
                + slices_table(slices, rows="transactions", positives="frauds"),
                "## Errors (test split)\n\n" + errors,
                "## What drives the scores\n\n" + drivers_section(importance),
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
