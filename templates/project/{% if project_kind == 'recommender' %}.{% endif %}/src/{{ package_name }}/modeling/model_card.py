"""The model card: a Markdown page written from one training and evaluation run."""

from collections.abc import Mapping
from typing import Any

METRIC_ROWS = ("ndcg", "precision", "recall", "map", "hit_rate")


def metrics_table(metrics: Mapping[str, float], k: int, names: Mapping[str, str]) -> str:
    lines = [
        f"| metric | {names['main']} | {names['baseline']} (baseline) | change |",
        "| --- | ---: | ---: | ---: |",
    ]
    rows = [f"{name}_at_{k}" for name in METRIC_ROWS] + ["catalog_coverage", "mean_popularity_rank"]
    for name in rows:
        model, baseline = metrics[name], metrics[f"baseline_{name}"]
        change = f"{model / baseline:.2f}x" if baseline else "n/a"
        lines.append(f"| {name} | {model:.4f} | {baseline:.4f} | {change} |")
    return "\n".join(lines)


def selection_table(selection: Mapping[str, Any], k: int) -> str:
    lines = [
        f"| candidate | ndcg_at_{k} | recall_at_{k} | coverage |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, values in selection["validation"].items():
        chosen = " (chosen)" if name == selection["chosen"] else ""
        lines.append(
            f"| {name}{chosen} | {values[f'ndcg_at_{k}']:.4f} | {values[f'recall_at_{k}']:.4f} "
            f"| {values['catalog_coverage']:.3f} |"
        )
    return "\n".join(lines)


def data_section(metadata: Mapping[str, Any], manifest: Mapping[str, Any]) -> str:
    splits = ", ".join(
        f"{name} {part['rows']} interactions ({part['users']} users, {part['items']} items)"
        for name, part in manifest["splits"].items()
    )
    return (
        f"- Source: `{manifest['source']}` (`{manifest['raw_file']}`, "
        f"sha256 `{manifest['raw_sha256'][:16]}...`).\n"
        f"- Per-user time split: {splits}.\n"
        f"- Implicit feedback: a rating of at least {metadata['positive_rating']} is a positive; "
        "only positives are relevant in evaluation, and every rated item is excluded from a "
        "user's recommendations."
    )


def render_model_card(
    metadata: Mapping[str, Any],
    manifest: Mapping[str, Any],
    metrics: Mapping[str, float],
    curves: Mapping[str, Mapping[int, Mapping[str, float]]],
) -> str:
    k = int(metadata["k"])
    selection = metadata["selection"]
    names = {"main": selection["chosen"], "baseline": metadata["baseline"]["name"]}
    gain = metrics[f"ndcg_at_{k}"] / metrics[f"baseline_ndcg_at_{k}"]
    catalogue = metadata["catalogue"]
    return f"""# Model card: {names["main"]} recommender

## Model details

- Model: `{names["main"]}` with parameters `{metadata["model"]["params"]}`, chosen on the validation
  split from {len(selection["validation"])} candidates; baseline `{names["baseline"]}`.
- Version {metadata["version"]}, trained {metadata["trained_at"]}, git commit
  `{metadata.get("git_commit") or "none"}`;
  MLflow run `{metadata.get("mlflow_run_id") or "not tracked"}`.
- Catalogue: {catalogue["users"]} users, {catalogue["items"]} items. Fit seconds:
  {", ".join(f"{name} {value}" for name, value in metadata["fit_seconds"].items())}.

## Intended use

Rank a catalogue for a known user, an anonymous session or an item page ("more like this"). Users
the model has never seen get the most popular items, flagged `cold_start`. Not for decisions about
people; recommendations shape what users see, so watch popularity bias and coverage.

## Data

{data_section(metadata, manifest)}

## Model selection on the validation split

{selection_table(selection, k)}

Chosen: `{selection["chosen"]}`, {selection["reason"]}. The chosen model and the baseline were then
refitted on training and validation together; the test split was used only for the figures below.

## Test metrics against baselines

{metrics_table(metrics, k, names)}

The model's NDCG@{k} is {gain:.2f}x the most-popular baseline's on the same split.
Metrics at other k are in `reports/metrics_by_k.json` and `figures/metrics_at_k.png`.

## Trade-offs and limitations

- Accuracy against breadth: the baseline recommends {metrics["baseline_catalog_coverage"]:.1%} of
  the catalogue and the model {metrics["catalog_coverage"]:.1%}; the mean popularity rank of what
  each shows is {metrics["baseline_mean_popularity_rank"]:.0f} and
  {metrics["mean_popularity_rank"]:.0f} (1 = the most popular item).
- Offline metrics on held-out history reward predicting what users did anyway; only an online
  test measures what recommendations change.
- Items nobody rated in training are never recommended by a model that learns from co-occurrence
  (they still count in coverage), and a new user gets the popular list until they interact.
- Synthetic data (the default) says nothing about real users; published MovieLens figures use
  other splits, so compare with the baseline of the same run only.
"""
