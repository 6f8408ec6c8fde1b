"""The model card of remaining useful life: a Markdown page written from one training and
evaluation run.
"""

from typing import Any

from frame.evaluation.binary import selection_section

from ...model_card import card_header


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
        *card_header("remaining useful life", metadata, manifest),
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
