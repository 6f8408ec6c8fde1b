"""The model cards of both tasks: Markdown pages written from one training and evaluation run."""

from typing import Any

import pandas as pd

from frame.evaluation.binary import metrics_table, selection_section, slices_table


def header(title: str, metadata: dict[str, Any], manifest: dict[str, Any]) -> list[str]:
    return [
        f"# Model card: {title}",
        f"Version {metadata['version']}, trained {metadata['trained_at']}, "
        f"commit `{metadata['git_commit']}`, model `{metadata['model']['name']}`. Data: "
        f"`{manifest['source']}` (`{manifest['raw_file']}`, sha256 "
        f"`{manifest['raw_sha256'][:16]}...`).",
    ]


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
        *header("machine failure", metadata, manifest),
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
        "## Slices (test split)\n\n" + slices_table(details["slices"], rows="processes"),
        f"## Most important features\n\nBy permutation on the test split: {top}.",
        "## Limits\n\n- Synthetic data only shows that the pipeline works; its scores say "
        "nothing about a real machine.\n- The test split holds few failures, so precision and "
        "recall move by several points from one seed to the next.\n- The costs are "
        "assumptions: change them in `configs/evaluation.yaml` and retrain.",
    ]
    return "\n\n".join(sections) + "\n"


def rul_metrics_table(metrics: dict[str, float], names: dict[str, str]) -> str:
    """One column per model: the served one (bare keys), the other candidate (`linear_`), the
    training mean (`baseline_`); `names` by role, as training saved them.
    """
    prefixes = {"": f"{names['main']} (served)", "linear_": names["linear"]}
    prefixes["baseline_"] = names["baseline"]
    lines = ["| metric | " + " | ".join(prefixes.values()) + " |", "| --- |" + " ---: |" * 3]
    for name in ("rmse", "mae", "nasa_score"):
        values = " | ".join(f"{metrics[prefix + name]:,.1f}" for prefix in prefixes)
        lines.append(f"| {name} | {values} |")
    return "\n".join(lines)


def render_rul_card(
    metadata: dict[str, Any],
    manifest: dict[str, Any],
    metrics: dict[str, float],
    details: dict[str, Any],
) -> str:
    splits = manifest["splits"]
    near, interval = details["near_failure"], details["bootstrap"]
    worst = ", ".join(
        f"engine {row['unit']} (true {row['true_rul']:.0f}, predicted {row['predicted_rul']:.0f})"
        for row in details["worst_engines"][:3]
    )
    flat = ", ".join(f"`{name}`" for name in metadata["flat_sensors"]) or "none"
    other, mean = metadata["model_names"]["linear"], metadata["model_names"]["baseline"]
    sections = [
        *header("remaining useful life", metadata, manifest),
        "## Intended use\n\nEstimate how many cycles an engine has left from its recent sensor "
        "readings, to plan maintenance before it fails. Not a certification of airworthiness.",
        f"## Data\n\n- Split by engine, never by row: {splits['train']['engines']} run-to-failure "
        f"engines to train, {splits['validation']['engines']} held out whole to validate, "
        f"{splits['test']['engines']} test engines cut off before failure, scored after their "
        "last recorded cycle against the published RUL.\n"
        f"- Target: cycles left, capped at {metadata['rul_cap']} (early in life an engine is "
        f"simply healthy). {details['above_cap']} test engines have more life than the cap, "
        "which no capped model can predict; the test truth is never capped.\n"
        f"- Features: the cycle number and, per informative sensor, the mean and slope over the "
        f"last {', '.join(str(w) for w in metadata['windows'])} cycles. Sensors found flat on the "
        f"training engines and left out: {flat}.",
        "## Model selection on the validation engines\n\n"
        + selection_section(metadata["selection"]),
        "## Test metrics against baselines\n\n"
        + rul_metrics_table(metrics, metadata["model_names"])
        + "\n\nRMSE and MAE in cycles; the NASA score (PHM08) sums exp(-d/13) - 1 over early "
        "engines and exp(d/10) - 1 over late ones (d = predicted - true): lower is better, and "
        "one badly late engine can dominate it.",
        f"## Uncertainty\n\n- RMSE 95% interval over {details['engines']} test engines drawn "
        f"with replacement: {interval['rmse'][0]:.1f} to {interval['rmse'][1]:.1f}.\n"
        f"- RMSE minus {other}'s on the same draws: {interval['difference'][0]:+.1f} to "
        f"{interval['difference'][1]:+.1f} (negative: better than {other}).\n"
        f"- Near failure (true RUL at most {near['max_rul']}, {near['engines']} engines), where "
        f"a late estimate costs an engine: RMSE {near['main']:.1f} against {other} "
        f"{near['linear']:.1f} and the {mean} baseline {near['baseline']:.1f}.\n"
        f"- Largest errors: {worst}.",
        "## Limits\n\n- Synthetic data only shows that the pipeline works.\n- One operating "
        "condition and one fault mode (FD001); other C-MAPSS subsets need the sensors normalised "
        "per operating regime.\n- An engine whose wear runs unusually slow or fast is misjudged "
        "until its sensors show it.",
    ]
    return "\n\n".join(sections) + "\n"
