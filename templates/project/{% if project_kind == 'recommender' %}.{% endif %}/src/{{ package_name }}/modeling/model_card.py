"""The model card: a Markdown page written from one training and evaluation run. Every paragraph
and list item is one line: Markdown wraps it, and a diff shows what changed.
"""

from collections.abc import Mapping
from typing import Any

METRIC_ROWS = ("ndcg", "precision", "recall", "map", "hit_rate")
# What a higher value means, per metric: the last two are trade-offs, not scores.
HIGHER_MEANS = {
    "catalog_coverage": "higher: more of the catalogue shown",
    "mean_popularity_rank": "neither: higher means less popular items",
}


def metrics_table(metrics: Mapping[str, float], k: int, names: Mapping[str, str]) -> str:
    lines = [
        f"| metric | {names['main']} | {names['baseline']} (baseline) | change | which is better |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    rows = [f"{name}_at_{k}" for name in METRIC_ROWS] + list(HIGHER_MEANS)
    for name in rows:
        model, baseline = metrics[name], metrics[f"baseline_{name}"]
        change = f"{model / baseline:.2f}x" if baseline else "n/a"
        digits = ".1f" if name == "mean_popularity_rank" else ".4f"
        better = HIGHER_MEANS.get(name, "higher")
        lines.append(f"| {name} | {model:{digits}} | {baseline:{digits}} | {change} | {better} |")
    return "\n".join(lines)


def selection_table(selection: Mapping[str, Any], k: int) -> str:
    key = f"ndcg_at_{k}"
    lines = [
        f"| candidate | {key} | recall_at_{k} | coverage |",
        "| --- | ---: | ---: | ---: |",
    ]
    ranked = sorted(selection["validation"].items(), key=lambda item: -item[1][key])
    for name, values in ranked:
        chosen = " (chosen)" if name == selection["chosen"] else ""
        lines.append(
            f"| {name}{chosen} | {values[key]:.4f} | {values[f'recall_at_{k}']:.4f} "
            f"| {values['catalog_coverage']:.1%} |"
        )
    return "\n".join(lines)


def data_section(metadata: Mapping[str, Any], manifest: Mapping[str, Any]) -> str:
    splits = ", ".join(
        f"{name} {part['rows']:,} interactions ({part['users']:,} users, {part['items']:,} items)"
        for name, part in manifest["splits"].items()
    )
    return "\n".join(
        [
            f"- Source: `{manifest['source']}` (`{manifest['raw_file']}`, "
            f"sha256 `{manifest['raw_sha256'][:16]}...`).",
            f"- Per-user time split: {splits}.",
            f"- Implicit feedback: a rating of at least {metadata['positive_rating']} is a "
            "positive; only positives are relevant in evaluation, and every rated item is "
            "excluded from a user's recommendations.",
        ]
    )


def details_section(metadata: Mapping[str, Any], names: Mapping[str, str]) -> str:
    catalogue = metadata["catalogue"]
    seconds = ", ".join(f"{name} {value}" for name, value in metadata["fit_seconds"].items())
    return "\n".join(
        [
            f"- Model: `{names['main']}` with parameters `{metadata['model']['params']}`, chosen "
            f"on the validation split from {len(metadata['selection']['validation'])} "
            f"candidates; baseline `{names['baseline']}`.",
            f"- Version {metadata['version']}, trained {metadata['trained_at']}, git commit "
            f"`{metadata.get('git_commit') or 'none'}`; MLflow run "
            f"`{metadata.get('mlflow_run_id') or 'not tracked'}`.",
            f"- Catalogue: {catalogue['users']:,} users, {catalogue['items']:,} items. Fit "
            f"seconds: {seconds}.",
        ]
    )


def interval(values: list[float]) -> str:
    return f"{values[0]:.3f} to {values[1]:.3f}"


def metrics_section(
    metrics: Mapping[str, float], analysis: Mapping[str, Any], names: Mapping[str, str]
) -> str:
    k = analysis["k"]
    ndcg = analysis["ndcg"]
    return (
        metrics_table(metrics, k, names)
        + f"\n\nNDCG@{k} over the {analysis['users']:,} test users with a held-out positive: "
        f"{ndcg['main']['mean']:.3f} for {names['main']} (95% bootstrap interval over users "
        f"{interval(ndcg['main']['interval'])}) against {ndcg['baseline']['mean']:.3f} for "
        f"{names['baseline']} ({interval(ndcg['baseline']['interval'])}); the gain, paired by "
        f"user, is {ndcg['main']['mean'] - ndcg['baseline']['mean']:+.3f} (interval "
        f"{analysis['ndcg_gain'][0]:+.3f} to {analysis['ndcg_gain'][1]:+.3f}). Metrics at other "
        "k are in `reports/metrics_by_k.json` and `figures/metrics_at_k.png`."
    )


def segments_table(analysis: Mapping[str, Any], names: Mapping[str, str]) -> str:
    k = analysis["k"]
    lines = [
        f"| activity | items rated before | users | NDCG@{k} {names['main']} "
        f"| NDCG@{k} {names['baseline']} | change |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for row in analysis["segments"]:
        change = f"{row['main'] / row['baseline']:.2f}x" if row["baseline"] else "n/a"
        lines.append(
            f"| {row['segment']} | {row['rated_from']:,} to {row['rated_to']:,} "
            f"| {row['users']:,} | {row['main']:.3f} | {row['baseline']:.3f} | {change} |"
        )
    return "\n".join(lines)


def genre_paragraph(analysis: Mapping[str, Any], names: Mapping[str, str]) -> str:
    if "genre_match" not in analysis:
        return "The items have no genres in this data set, so taste is not checked by genre."
    match = analysis["genre_match"]
    return (
        "Does it follow each user's taste? A user's favourite genres are the two most frequent "
        "among the items they liked before the test split. Of the items recommended to them, "
        f"{match['main']:.1%} carry one of those genres with {names['main']} and "
        f"{match['baseline']:.1%} with {names['baseline']}; {match['catalogue']:.1%} of the "
        "catalogue does."
    )


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def titled(item: Mapping[str, Any]) -> str:
    genres = ", ".join(item["genres"]) or "no genre"
    return f"{item['title']} ({genres})"


def example_block(example: Mapping[str, Any], k: int) -> str:
    favourites = ", ".join(example["favourite_genres"]) or "none"
    liked = "; ".join(titled(item) for item in example["liked"]) or "nothing"
    found = sum(item["test"] == "liked" for item in example["recommended"])
    rated, later = plural(example["rated"], "item"), plural(example["liked_in_test"], "item")
    lines = [
        f"**User {example['user_id']}** ({example['segment']}: {rated} rated before; favourite "
        f"genres {favourites}). Latest liked: {liked}. In the test split they liked {later}; "
        f"the top {k} holds {found:,} of them.",
        "",
        "| rank | recommended | in the test split |",
        "| ---: | --- | --- |",
    ]
    for rank, item in enumerate(example["recommended"], start=1):
        lines.append(f"| {rank} | {titled(item)} | {item['test']} |")
    return "\n".join(lines)


def analysis_section(analysis: Mapping[str, Any], names: Mapping[str, str]) -> str:
    k = analysis["k"]
    parts = [
        "### By user activity\n\nThe test users with a held-out positive, in thirds by how many "
        "items they had rated before the test split:\n\n" + segments_table(analysis, names),
        "### Taste\n\n" + genre_paragraph(analysis, names),
        f"### Example recommendations\n\nWhat {names['main']} shows three users (the one nearest "
        "the middle of each activity third), beside what they liked before; the last column says "
        "what each user did with the item in the test split (blank: did not rate it).",
        *(example_block(example, k) for example in analysis["examples"]),
    ]
    return "\n\n".join(parts)


def limits_section(metrics: Mapping[str, float]) -> str:
    return "\n".join(
        [
            "- Accuracy against breadth: the baseline recommends "
            f"{metrics['baseline_catalog_coverage']:.1%} of the catalogue and the model "
            f"{metrics['catalog_coverage']:.1%}; the mean popularity rank of what each shows is "
            f"{metrics['baseline_mean_popularity_rank']:,.0f} and "
            f"{metrics['mean_popularity_rank']:,.0f} (1 = the most popular item).",
            "- Offline metrics on held-out history reward predicting what users did anyway; only "
            "an online test measures what recommendations change.",
            "- Items nobody liked in training are never recommended by a model that learns from "
            "co-occurrence (they still count in coverage) and have no similar items; a new user, "
            "or one who liked nothing, gets the popular list until they like something.",
            "- Synthetic data (the default) says nothing about real users; published MovieLens "
            "figures use other splits, so compare with the baseline of the same run only.",
        ]
    )


def render_model_card(
    metadata: Mapping[str, Any],
    manifest: Mapping[str, Any],
    metrics: Mapping[str, float],
    analysis: Mapping[str, Any],
) -> str:
    selection = metadata["selection"]
    names = {"main": selection["chosen"], "baseline": metadata["baseline"]["name"]}
    sections = [
        f"# Model card: {names['main']} recommender",
        "## Model details\n\n" + details_section(metadata, names),
        "## Intended use\n\nRank a catalogue for a known user, an anonymous session or an item "
        'page ("more like this"). Users the model knows nothing about get the most popular '
        "items, flagged `cold_start`. Not for decisions about people; recommendations shape what "
        "users see, so watch popularity bias and coverage.",
        "## Data\n\n" + data_section(metadata, manifest),
        "## Model selection on the validation split\n\n"
        + selection_table(selection, analysis["k"])
        + f"\n\nChosen: `{selection['chosen']}`, {selection['reason']}. The chosen model and the "
        "baseline were then refitted on training and validation together; the test split was "
        "read only by the evaluation that wrote the sections below.",
        "## Test metrics against baselines\n\n" + metrics_section(metrics, analysis, names),
        "## Error analysis on the test split\n\n" + analysis_section(analysis, names),
        "## Trade-offs and limitations\n\n" + limits_section(metrics),
    ]
    return "\n\n".join(sections) + "\n"
