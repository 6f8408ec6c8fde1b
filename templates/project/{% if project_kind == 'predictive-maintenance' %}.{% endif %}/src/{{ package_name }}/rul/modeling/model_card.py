"""The model card of remaining useful life: a Markdown page written from one training and
evaluation run.
"""

from typing import Any

from frame.evaluation.binary import selection_section

from ...model_card import card_header
from .train import RUL_ROLES


def rul_metrics_table(metrics: dict[str, float], names: dict[str, str]) -> str:
    """One column per model: the served one (bare keys), the other candidate (`baseline_`), the
    training mean (`dummy_`); `names` by role, as training saved them.
    """
    prefixes = {"": f"{names['main']} (served)", "baseline_": names["baseline"]}
    prefixes["dummy_"] = names["dummy"]
    lines = ["| metric | " + " | ".join(prefixes.values()) + " |", "| --- |" + " ---: |" * 3]
    for name in ("rmse", "mae", "nasa_score"):
        values = " | ".join(f"{metrics[prefix + name]:,.1f}" for prefix in prefixes)
        lines.append(f"| {name} | {values} |")
    return "\n".join(lines)


def bands_table(bands: list[dict[str, Any]], names: dict[str, str]) -> str:
    """Engines and each model's RMSE per band of true RUL: counts first, as a band of three
    engines says little.
    """
    lines = [
        f"| true RUL | test engines | {names['main']} (served) | {names['baseline']} | "
        f"{names['dummy']} |",
        "| --- |" + " ---: |" * 4,
    ]
    for band in bands:
        shown = ["n/a" if band[role] is None else f"{band[role]:.1f}" for role in RUL_ROLES]
        lines.append(f"| {band['band']} | {band['engines']} | " + " | ".join(shown) + " |")
    return "\n".join(lines)


def error_analysis(details: dict[str, Any], cap: int) -> str:
    directions, near = details["directions"], details["near_failure"]
    tolerance = directions["tolerance"]
    worst = []
    for row in details["worst_engines"]:
        error = row["predicted_rul"] - row["true_rul"]
        beyond = row["true_rul"] - cap
        why = f" (true RUL above the cap: at best {beyond:.0f} early)" if beyond > 0 else ""
        worst.append(
            f"| {row['unit']} | {row['last_cycle']} | {row['true_rul']:.0f} | "
            f"{row['predicted_rul']:.0f} | {error:+.0f} {row['direction']}{why} |"
        )
    return (
        f"- Direction, within {tolerance} cycles counted as right: {directions['late']} engines "
        f"predicted late (mean {directions['mean_late_error']:+.1f} cycles), "
        f"{directions['early']} early (mean {directions['mean_early_error']:+.1f}), "
        f"{directions['within']} within. Late is the dangerous direction: the engine is "
        "planned for more cycles than it has and may fail in service; early only services it "
        f"too soon.\n- Near failure (true RUL at most {near['max_rul']}, {near['engines']} "
        f"engines): {directions['late_near_failure']} predicted late.\n\n"
        "The engines with the largest errors (predicted_vs_true.png names the first three):\n\n"
        "| engine | last cycle | true RUL | predicted | error |\n"
        "| --- | ---: | ---: | ---: | --- |\n"
        + "\n".join(worst)
        + "\n\nBy band of true RUL (error_by_rul.png):\n\n"
        + bands_table(details["bands"], details["names"])
        + "\n\nengine_trajectories.png follows the estimate along four validation engines' "
        "lives: where it runs above the dashed truth, the model was late."
    )


def render_rul_card(
    metadata: dict[str, Any],
    manifest: dict[str, Any],
    metrics: dict[str, float],
    details: dict[str, Any],
) -> str:
    splits = manifest["splits"]
    near, interval = details["near_failure"], details["bootstrap"]
    flat = ", ".join(f"`{name}`" for name in metadata["flat_sensors"]) or "none"
    names = metadata["model_names"]
    other, mean = names["baseline"], names["dummy"]
    sections = [
        *card_header("remaining useful life", metadata, manifest),
        "## Intended use\n\nEstimate how many cycles an engine has left from its recent sensor "
        "readings, to plan maintenance before it fails. Not a certification of airworthiness.",
        f"## Data\n\n- Split by engine, never by row: {splits['train']['engines']} run-to-failure "
        f"engines to train, {splits['validation']['engines']} held out whole to validate, "
        f"{splits['test']['engines']} test engines cut off before failure, scored after their "
        "last recorded cycle against the published RUL.\n"
        f"- Target: cycles left, capped at {metadata['rul_cap']} (early in life an engine is "
        f"simply healthy); predictions are clipped to 0 to {metadata['rul_cap']}. "
        f"{details['above_cap']} test engines have more life than the cap, which no capped "
        "model can predict; the test truth is never capped.\n"
        f"- Features: the cycle number and, per informative sensor, the mean and slope over the "
        f"last {', '.join(str(w) for w in metadata['windows'])} cycles. Sensors found flat on the "
        f"training engines and left out: {flat}.",
        "## Model selection on the validation engines\n\n"
        + selection_section(metadata["selection"]),
        "## Test metrics against baselines\n\n"
        + rul_metrics_table(metrics, names)
        + "\n\nRMSE and MAE in cycles; the NASA score (PHM08) sums exp(-d/13) - 1 over early "
        "engines and exp(d/10) - 1 over late ones (d = predicted - true): lower is better, and "
        "one badly late engine can dominate it.",
        f"## Uncertainty\n\n- RMSE 95% interval over {details['engines']} test engines drawn "
        f"with replacement: {interval['rmse'][0]:.1f} to {interval['rmse'][1]:.1f}.\n"
        f"- RMSE minus {other}'s on the same draws: {interval['difference'][0]:+.1f} to "
        f"{interval['difference'][1]:+.1f} (negative: better than {other}).\n"
        f"- Near failure (true RUL at most {near['max_rul']}, {near['engines']} engines), where "
        f"a late estimate costs an engine: RMSE {near['main']:.1f} against {other} "
        f"{near['baseline']:.1f} and the {mean} baseline {near['dummy']:.1f}.",
        "## Error analysis (test engines)\n\n"
        + error_analysis({**details, "names": names}, metadata["rul_cap"]),
        "## Limits\n\n- Synthetic data only shows that the pipeline works.\n- One operating "
        "condition and one fault mode (FD001); other C-MAPSS subsets need the sensors normalised "
        "per operating regime.\n- An engine whose wear runs unusually slow or fast is misjudged "
        "until its sensors show it.",
    ]
    return "\n\n".join(sections) + "\n"
