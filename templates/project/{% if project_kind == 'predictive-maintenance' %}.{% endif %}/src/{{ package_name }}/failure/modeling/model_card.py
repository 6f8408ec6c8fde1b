"""The model card of machine failure: a Markdown page written from one training and evaluation
run.
"""

from typing import Any

import pandas as pd

from frame.evaluation.binary import metrics_table, selection_section, slices_table

from ...model_card import card_header


def failure_decisions(metadata: dict[str, Any], details: dict[str, Any]) -> str:
    costs, per_1000, names = metadata["costs"], details["cost_per_1000"], metadata["model_names"]
    return (
        f"- Cost per process: missed failure {costs['false_negative']:,.0f}, unnecessary "
        f"inspection {costs['false_positive']:,.0f}, caught failure "
        f"{costs['true_positive']:,.0f}.\n"
        f"- Threshold {metadata['threshold']:.4f}, chosen on the validation split to minimise "
        "total cost (never on the test split).\n"
        f"- Cost per 1,000 test processes: model {per_1000['main']:,.0f}, {names['baseline']} "
        f"{per_1000['baseline']:,.0f}, dummy {per_1000['dummy']:,.0f}, never inspecting "
        f"{per_1000['never_inspect']:,.0f}."
    )


def modes_table(caught: dict[str, dict[str, float]]) -> str:
    lines = ["| failure mode | test failures | flagged by the model |", "| --- | ---: | ---: |"]
    for mode, row in caught.items():
        flagged = "n/a" if row["failures"] == 0 else f"{row['flagged']:.0%}"
        lines.append(f"| {mode} | {row['failures']:,.0f} | {flagged} |")
    return "\n".join(lines)


def render_failure_card(
    metadata: dict[str, Any],
    manifest: dict[str, Any],
    metrics: dict[str, float],
    details: dict[str, Any],
    importance: pd.DataFrame,
) -> str:
    splits = ", ".join(
        f"{name} {part['rows']:,} processes ({part['failures']} failures)"
        for name, part in manifest["splits"].items()
    )
    top = ", ".join(f"`{name}`" for name in importance["feature"].head(5))
    sections = [
        *card_header("machine failure", metadata, manifest),
        "## Intended use\n\nRank milling processes by their risk of ending in a machine failure, "
        "so that a maintenance team decides which to inspect first. Not a safety system: a "
        "process it does not flag can still fail.",
        f"## Data\n\n- Stratified split with a fixed seed: {splits}.\n- Features: the product "
        "type and the five readings, plus the temperature gap, the power and the strain "
        "(wear x torque). `UDI`, `Product ID` and the failure-mode flags (TWF, HDF, PWF, OSF, "
        "RNF), which are recorded after a failure, never reach the model.",
        "## Model selection on the validation split\n\n" + selection_section(metadata["selection"]),
        "## Test metrics against baselines\n\n"
        + metrics_table(metrics, metadata["model_names"], money=""),
        "## Decision threshold and costs\n\n" + failure_decisions(metadata, details),
        "## Which failures it catches (test split)\n\n"
        + modes_table(details["caught_by_mode"])
        + "\n\nTool-wear failures strike at a tool life that no column shows: the model sees the "
        "wear, not the life, and most worn tools are replaced in time without failing. Random "
        "failures depend on nothing; what the model flags among them, it flags because another "
        "mode fired in the same process, or by chance.",
        "## Slices (test split)\n\n"
        + slices_table(details["slices"], rows="processes", positives="failures"),
        f"## Most important features\n\nBy permutation on the test split: {top}.",
        "## Limits\n\n- Synthetic data only shows that the pipeline works; its scores say "
        "nothing about a real machine.\n- The test split holds few failures, so precision and "
        "recall move by several points from one seed to the next.\n- The costs are "
        "assumptions: change them in `configs/evaluation.yaml` and retrain.",
    ]
    return "\n\n".join(sections) + "\n"
