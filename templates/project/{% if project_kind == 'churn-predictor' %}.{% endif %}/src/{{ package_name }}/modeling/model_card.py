"""The model card: a Markdown page written from one training and evaluation run."""

from typing import Any

import pandas as pd

from frame.evaluation.binary import (
    CostMatrix,
    break_even_threshold,
    metrics_table,
    selection_section,
    slices_table,
)

from ..features import PLAIN_NAMES
from .errors import errors_table

TOP_FEATURES = 8


def data_section(metadata: dict[str, Any], manifest: dict[str, Any]) -> str:
    splits = ", ".join(
        f"{name} {part['rows']} rows ({part['positive_rate']:.1%} churn)"
        for name, part in manifest["splits"].items()
    )
    return (
        f"- Source: `{manifest['source']}` (file `{manifest['raw_file']}`, "
        f"sha256 `{manifest['raw_sha256'][:16]}...`).\n"
        f"- Stratified split with a fixed seed: {splits}.\n"
        f"- Features: {len(metadata['feature_schema'])} customer columns; `customerID` and the "
        "target never reach the model."
    )


def decision_section(metadata: dict[str, Any], metrics: dict[str, float]) -> str:
    costs = metadata["costs"]
    test_rows = metrics["expected_saving"]
    return (
        f"- Cost per customer: missed churner {costs['false_negative']:,.0f}, offer to a customer "
        f"who would stay {costs['false_positive']:,.0f}, offer to a churner "
        f"{costs['true_positive']:,.0f}, no action on a customer who stays "
        f"{costs['true_negative']:,.0f}.\n"
        f"- Threshold {metadata['threshold']:.3f}, chosen on the validation split to minimise "
        "total cost (never on the test split). The costs break even at a churn probability of "
        f"{break_even_threshold(CostMatrix(**costs)):.3f}, the threshold exact probabilities "
        "would need; `figures/cost_curve.png` shows the cost of every threshold.\n"
        f"- Expected saving on the test split against contacting nobody: {test_rows:,.0f} "
        f"({metadata['model_names']['baseline']}: {metrics['baseline_expected_saving']:,.0f})."
    )


def importance_section(importance: pd.DataFrame) -> str:
    """The most important input columns by permutation, in plain words."""
    lines = [
        "| feature | column | drop in ROC-AUC when shuffled (mean ± sd of the repeats) |",
        "| --- | --- | ---: |",
    ]
    for row in importance.head(TOP_FEATURES).itertuples():
        name = PLAIN_NAMES[str(row.feature)]
        lines.append(f"| {name} | `{row.feature}` | {row.mean:.4f} ± {row.std:.4f} |")
    return (
        "By permutation on the test split: how much the served model's ROC-AUC drops when one "
        "input column is shuffled. Two features are made from these inside the pipeline, the "
        "average monthly charge (total charges / tenure) and the number of add-ons: shuffling "
        "an input column moves them too, so their weight shows under the columns they come "
        "from.\n\n" + "\n".join(lines)
    )


def errors_section(errors: dict[str, pd.DataFrame], metrics: dict[str, float]) -> str:
    """The customers the model got most wrong at its threshold."""
    return (
        f"At threshold {metrics['threshold']:.3f}, precision {metrics['precision']:.3f} and "
        f"recall {metrics['recall']:.3f}. The counts per segment are in the slices above.\n\n"
        "Stayers the model was surest would leave (false positives, highest score first): "
        "an offer to them is wasted.\n\n"
        + errors_table(errors["false_positives"])
        + "\n\nChurners the model was surest would stay (false negatives, lowest score first): "
        "nobody called them.\n\n" + errors_table(errors["false_negatives"])
    )


def render_model_card(
    metadata: dict[str, Any],
    manifest: dict[str, Any],
    metrics: dict[str, float],
    slices: dict[str, dict[str, dict[str, float | None]]],
    importance: pd.DataFrame,
    errors: dict[str, pd.DataFrame],
) -> str:
    return (
        "\n\n".join(
            [
                "# Model card: customer churn predictor",
                f"Version {metadata['version']}, trained {metadata['trained_at']}, "
                f"commit `{metadata['git_commit']}`, model `{metadata['model']['name']}`.",
                "## Intended use\n\nRank current customers by their risk of leaving so that a "
                "retention team can decide whom to contact. Not for decisions about individuals "
                "without human review, nor for pricing or credit.",
                "## Data\n\n" + data_section(metadata, manifest),
                "## Model selection on the validation split\n\n"
                + selection_section(metadata["selection"]),
                "## Test metrics against baselines\n\n"
                + metrics_table(metrics, metadata["model_names"], money="expected_saving"),
                "## Decision threshold and costs\n\n" + decision_section(metadata, metrics),
                "## Slices (test split)\n\n"
                + slices_table(slices, rows="customers", positives="churners"),
                "## Errors (test split)\n\n" + errors_section(errors, metrics),
                "## Most important features\n\n" + importance_section(importance),
                "## Limits\n\n- Synthetic data only shows that the pipeline works; its scores say "
                "nothing about real customers.\n- The costs are assumptions: change them in "
                "`configs/evaluation.yaml` and retrain.\n- Scores are probabilities from a single "
                "split; they drift as prices, products and customers change: re-evaluate "
                "regularly.",
            ]
        )
        + "\n"
    )
