"""The model card of machine failure: a Markdown page written from one training and evaluation
run.
"""

from typing import Any

import pandas as pd

from frame.evaluation.binary import metrics_table, selection_section, slices_table

from ...model_card import card_header
from ..schemas import FAILURE_MODES


def failure_decisions(metadata: dict[str, Any], metrics: dict[str, float], never: float) -> str:
    costs, names = metadata["costs"], metadata["model_names"]
    return (
        f"- Cost per process: missed failure {costs['false_negative']:,.0f}, unnecessary "
        f"inspection {costs['false_positive']:,.0f}, caught failure "
        f"{costs['true_positive']:,.0f}.\n"
        f"- Threshold {metadata['threshold']:.4f}, chosen on the validation split to minimise "
        "total cost (never on the test split).\n"
        f"- Cost per 1,000 test processes: model {metrics['cost_per_1000']:,.0f}, "
        f"{names['baseline']} {metrics['baseline_cost_per_1000']:,.0f}, {names['dummy']} "
        f"{metrics['dummy_cost_per_1000']:,.0f}, never inspecting {never:,.0f} "
        "(`cost_per_1000` in metrics.json; cost_curve.png shows every threshold)."
    )


def uncertainty(bootstrap: dict[str, list[float]], metrics: dict[str, float], other: str) -> str:
    low, high = bootstrap["pr_auc"]
    gain_low, gain_high = bootstrap["gain"]
    return (
        f"- PR-AUC {metrics['pr_auc']:.3f}, 95% bootstrap interval {low:.3f} to {high:.3f} over "
        "the test processes drawn with replacement.\n"
        f"- Gain over {other} on the same draws: {gain_low:+.3f} to {gain_high:+.3f} (an "
        "interval that holds 0 means the test split cannot tell them apart)."
    )


def modes_table(caught: dict[str, dict[str, int]]) -> str:
    """Failures per mode and how many the model flagged; a mode without its flag column in the
    data is named, not guessed.
    """
    lines = ["| failure mode | test failures | flagged by the model |", "| --- | ---: | ---: |"]
    for mode in FAILURE_MODES:
        if mode not in caught:
            lines.append(f"| {mode} | not given | not given |")
            continue
        failures, flagged = caught[mode]["failures"], caught[mode]["flagged"]
        shown = "n/a" if failures == 0 else f"{flagged} of {failures} ({flagged / failures:.0%})"
        lines.append(f"| {mode} | {failures:,} | {shown} |")
    return "\n".join(lines)


def modes_section(caught: dict[str, dict[str, int]]) -> str:
    missing = [mode for mode in FAILURE_MODES if mode not in caught]
    note = (
        f"\n\nThe data holds no {', '.join(missing)} column: which failures those were is not "
        "given, so the table cannot say whether the model catches them."
        if missing
        else ""
    )
    return (
        modes_table(caught)
        + note
        + "\n\nTool-wear failures strike at a tool life that no column shows: the model sees the "
        "wear, not the life, and most worn tools are replaced in time without failing. Random "
        "failures depend on nothing; what the model flags among them, it flags because another "
        "mode fired in the same process, or by chance."
    )


SLICES_NOTE = (
    "\n\nWith a few failures per type, a slice's recall moves by tens of points from one seed to "
    "the next: read the counts before the rates."
)


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
        "type and the five readings, plus three computed from them: the temperature gap "
        "(process - air), the power (torque x angular speed) and the strain (tool wear x "
        "torque). `UDI`, `Product ID` and the failure-mode flags (TWF, HDF, PWF, OSF, RNF), "
        "which are recorded after a failure, never reach the model.",
        "## Model selection on the validation split\n\n" + selection_section(metadata["selection"]),
        "## Test metrics against baselines\n\n"
        + metrics_table(metrics, metadata["model_names"], money="cost_per_1000")
        + "\n\n"
        + uncertainty(details["bootstrap"], metrics, metadata["model_names"]["baseline"]),
        "## Decision threshold and costs\n\n"
        + failure_decisions(metadata, metrics, details["never_inspect_cost_per_1000"]),
        "## Which failures it catches (test split)\n\n" + modes_section(details["caught_by_mode"]),
        "## Slices (test split)\n\n"
        + slices_table(details["slices"], rows="processes", positives="failures")
        + SLICES_NOTE,
        f"## Most important features\n\nBy permutation on the test split: {top}. Each input is "
        "shuffled as the model receives it, so the temperature gap, the power and the strain, "
        "computed inside the pipeline, move with the inputs they come from: the importance of "
        "`Torque [Nm]` includes what the model reads from the power and the strain.",
        "## Limits\n\n- Synthetic data only shows that the pipeline works; its scores say "
        "nothing about a real machine.\n- The test split holds few failures, so precision and "
        "recall move by several points from one seed to the next.\n- The costs are "
        "assumptions: change them in `configs/evaluation.yaml` and retrain.",
    ]
    return "\n\n".join(sections) + "\n"
