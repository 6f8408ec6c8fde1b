"""The model card: a Markdown page written from one training and evaluation run. Every paragraph
and list item is one line: Markdown wraps it, and a diff shows what changed.
"""

from collections.abc import Mapping
from typing import Any

LOWER_IS_BETTER = {"log_loss", "expected_calibration_error"}
WORST_CLASSES = 5  # the classes with the lowest F1, named in the card


def metrics_table(metrics: Mapping[str, float], names: Mapping[str, str]) -> str:
    rows = [name for name in metrics if f"baseline_{name}" in metrics]
    lines = [
        f"| metric | {names['served']} (served) | {names['baseline']} | {names['dummy']} "
        "| better |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for name in rows:
        better = "lower" if name in LOWER_IS_BETTER else "higher"
        values = [metrics[name], metrics[f"baseline_{name}"], metrics[f"dummy_{name}"]]
        lines.append(f"| {name} | " + " | ".join(f"{v:.4f}" for v in values) + f" | {better} |")
    return "\n".join(lines)


def selection_table(selection: Mapping[str, Any], served: str) -> str:
    lines = [
        "| candidate | macro_f1 | accuracy | top-k accuracy | log_loss | calibration error |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    ranked = sorted(selection["validation"].items(), key=lambda item: -item[1]["macro_f1"])
    for name, values in ranked:
        top = next(value for key, value in values.items() if key.startswith("top_"))
        mark = " (chosen)" if name == served else ""
        lines.append(
            f"| {name}{mark} | {values['macro_f1']:.4f} | {values['accuracy']:.4f} | {top:.4f} "
            f"| {values['log_loss']:.4f} | {values['expected_calibration_error']:.4f} |"
        )
    return "\n".join(lines)


def details_section(metadata: Mapping[str, Any]) -> str:
    weights = ", ".join(f"{n} {w:.2f}" for n, w in metadata["ranking"]["weights"].items() if w)
    seconds = ", ".join(f"{name} {value}" for name, value in metadata["fit_seconds"].items())
    return "\n".join(
        [
            f"- Category: `{metadata['model']['name']}` with parameters "
            f"`{metadata['model']['params']}`, {len(metadata['classes'])} categories; baseline "
            f"`{metadata['baseline']['name']}` (each category's most telling vocabulary skills, "
            "counted) and a dummy that always answers the most frequent category.",
            f"- Ranking: a weighted sum of parts, each 0 to 1: {weights}. Lexical is the TF-IDF "
            "cosine of the job's text and the resume's (fitted on the training resumes); "
            "coverage the share of the job's must-have skills found in the resume, nice_to_have "
            "the share of its nice-to-have ones.",
            f"- Version {metadata['version']}, trained {metadata['trained_at']}, git commit "
            f"`{metadata.get('git_commit') or 'none'}`; MLflow run "
            f"`{metadata.get('mlflow_run_id') or 'not tracked'}`.",
            f"- Training took {metadata['train_seconds']:.1f} s; fit seconds: {seconds}.",
        ]
    )


INTENDED_USE = "\n".join(
    [
        "- What it does: suggests the likely categories of a resume, orders resumes against a "
        "job description, and shows for each the must-have skills it found (with the sentence "
        "they were found in) and those it did not.",
        "- Advisory only: a person reads the resumes and decides. Nothing here rejects anyone, "
        "and no output should be used as a cut-off without a person looking at who falls below "
        "it; the service's answers say so too.",
        "- Regulation: in the EU AI Act, AI systems intended for recruitment or selection (to "
        "place targeted job advertisements, to analyse and filter applications, and to evaluate "
        "candidates) are high-risk (Annex III, point 4, employment and workers management). "
        "Using this in hiring in the EU means risk management, data governance, logging, "
        "transparency to candidates, human oversight and accuracy obligations; in New York City, "
        "Local Law 144 requires a yearly independent bias audit and notice to candidates.",
        "- Before any feature: emails, phones, URLs, street addresses and person names are "
        "redacted (`redaction.clean`, the same function for the data, the service and the "
        "prediction log). The synthetic group attribute is read only by the audit below.",
    ]
)


def figures(part: Mapping[str, Any]) -> str:
    return ", ".join(
        f"{key.replace('_', ' ')} {value:,}" if isinstance(value, int) else f"{key} {value}"
        for key, value in part.items()
    )


def data_section(metadata: Mapping[str, Any], manifest: Mapping[str, Any]) -> str:
    parts = manifest["splits"]
    splits = "; ".join(
        f"{name}: {figures(parts[name])}"
        for name in ("train", "validation", "test")
        if name in parts
    )
    others = "".join(
        f" {name.capitalize()}: {figures(part)}."
        for name, part in parts.items()
        if name not in ("train", "validation", "test")
    )
    source = manifest["source"]
    lines = [
        f"- Source: `{source}` (`{manifest['raw_file']}`, sha256 "
        f"`{str(manifest['raw_sha256'])[:16]}...`). Splits, stratified by category after exact "
        f"and near duplicates were removed: {splits}.{others}",
        "- Ranking labels: every test job's pool is the test resumes with a relevance grade "
        "0 to 3; NDCG uses the grades (gain 2^grade - 1), MAP counts grades of 1 and above.",
    ]
    if source == "synthetic":
        lines.append(
            "- Synthetic resumes (the default) from a seeded generator: categories with "
            "overlapping skill vocabularies, planted PII, scraped-text noise. Relevance is graded "
            "from the generator's hidden truth (category match, planted must-have and "
            "nice-to-have skills, experience), never from the text features. The audit group is "
            "synthetic: group A resumes are written with one list of given names and she/her, "
            "group B with another and he/his, and each category has its own share of group A "
            "(a deliberate, mild imbalance, as occupations have): selection rates can differ "
            "through the categories alone, without the model reading the group."
        )
    else:
        lines.append(
            "- Real resumes carry no relevance labels: the jobs are written per category from "
            "the vocabulary skills most frequent in that category's training resumes, and a "
            "resume is relevant (grade 2) when its category matches, else 0. These are "
            "category-match labels, not a recruiter's judgement."
        )
    if source == "public":
        lines.append(
            "- ResumeAtlas (MIT) texts were scraped and OCR'd from public resume images: expect "
            "noise, and a skew towards the occupations and countries whose people post resumes "
            "publicly; its categories are the publisher's, not a standard occupation list."
        )
    return "\n".join(lines)


def model_selection_section(metadata: Mapping[str, Any]) -> str:
    selection, ranking = metadata["selection"], metadata["ranking"]
    return (
        selection_table(selection, selection["chosen"])
        + f"\n\nChosen: `{selection['chosen']}`, {selection['reason']}. Ranking weights: "
        f"{ranking['reason']}, from {ranking['tried']} weightings tried. The test split was read "
        "only by the evaluation that wrote the sections below."
    )


def worst_classes(classification: Mapping[str, Any]) -> str:
    per_class = classification["served"]["per_class"]
    worst = sorted(per_class.items(), key=lambda item: item[1]["f1"])[:WORST_CLASSES]
    named = ", ".join(f"{name} {row['f1']:.3f} ({row['support']})" for name, row in worst)
    return (
        f"Lowest F1 per class (test rows in brackets): {named}; every class is in "
        "`reports/classification.json`, the confusion matrix in the figures."
    )


def gains_paragraph(compared: Mapping[str, Any]) -> str:
    accuracy = compared["accuracy"]
    ndcg_name, ndcg = next((name, value) for name, value in compared.items() if name != "accuracy")

    def interval(gain: Mapping[str, Any]) -> str:
        low, high = gain["interval"]
        return f"{gain['gain']:+.3f} (95% bootstrap interval {low:+.3f} to {high:+.3f})"

    return (
        f"Paired over the {accuracy['units']:,} test resumes, the served classifier's accuracy "
        f"gain over the keyword rules is {interval(accuracy)}; paired over the {ndcg['units']} "
        f"test jobs, the ranking's {ndcg_name} gain over lexical alone is {interval(ndcg)}. An "
        "interval that excludes 0 is a gain this test split cannot explain by chance; "
        "`reports/comparison.json` has both."
    )


def test_section(
    metadata: Mapping[str, Any],
    metrics: Mapping[str, float],
    classification: Mapping[str, Any],
    compared: Mapping[str, Any],
) -> str:
    names = {
        "served": metadata["model"]["name"],
        "baseline": "keyword rules / lexical only",
        "dummy": "most frequent / random order",
    }
    return (
        metrics_table(metrics, names)
        + "\n\nThe category metrics compare the served classifier with the keyword rules and the "
        "most frequent category; the ranking metrics (ndcg, map) the served weights with the "
        "lexical score alone and a seeded random order, on the test jobs' must-have and "
        "nice-to-have lists.\n\n"
        + gains_paragraph(compared)
        + "\n\n"
        + worst_classes(classification)
    )


def selection_rows(selection: Mapping[str, Any]) -> str:
    lines = [
        "| group | ranked | shortlisted | selection rate | impact ratio | flag "
        "| rate among its relevant resumes |",
        "| --- | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for row in selection["groups"]:
        ratio = "n/a" if row["impact_ratio"] is None else f"{row['impact_ratio']:.3f}"
        flag = "below four-fifths" if row["flagged"] else ""
        if row["under_2_percent"]:
            flag = (flag + "; " if flag else "") + "under 2% of the data"
        among = row["relevant_selection_rate"]
        relevant = "n/a" if among is None else f"{among:.3f} of {row['relevant']:,}"
        lines.append(
            f"| {row['group']} | {row['ranked']:,} | {row['shortlisted']:,} "
            f"| {row['selection_rate']:.3f} | {ratio} | {flag} | {relevant} |"
        )
    return "\n".join(lines)


def counterfactual_paragraph(check: Mapping[str, Any]) -> str:
    probability, score = check["probability_change"], check["score_change"]
    verdict = (
        "Both within tolerance: names are redacted before any feature, and the TF-IDF drops "
        "pronouns and gendered words as stop words"
        if check["within_tolerance"]
        else "OUTSIDE the stated tolerance: find which words move the model before using it"
    )
    return (
        f"Counterfactual check: {check['resumes']:,} test resumes read twice, once with a name "
        f"and once with a name of another gender and origin and {check['gendered_words']} "
        "gendered words swapped (he/she, his/her, chairman/chairwoman...). The largest change "
        f"of any category probability: {probability['max']:.4f} (mean {probability['mean']:.4f}; "
        f"tolerance {check['probability_tolerance']}); the top category changed for "
        f"{check['top_category_changed']:.1%} of them. The largest change of a ranking score "
        f"against the {check['jobs']} test jobs: {score['max']:.4f} (mean {score['mean']:.4f}; "
        f"tolerance {check['score_tolerance']}). {verdict}."
    )


def audit_section(audit: Mapping[str, Any]) -> str:
    check = counterfactual_paragraph(audit["counterfactual"])
    selection = audit["selection"]
    if selection is None:
        return (
            "This data set has no group attribute, so no selection rates can be compared: run "
            "the audit on data with the groups your jurisdiction requires.\n\n" + check
        )
    flagged = [row["group"] for row in selection["groups"] if row["flagged"]]
    verdict = (
        f"Flagged under the four-fifths rule: {', '.join(flagged)}."
        if flagged
        else "No group's impact ratio is under four-fifths."
    )
    accuracy = "; ".join(
        f"{row['group']} {row['accuracy']:.3f}" for row in audit["category_by_group"]
    )
    return (
        "In the style of NYC Local Law 144: the shortlist is each test job's top "
        f"{selection['shortlist']} by the served ranking ({selection['jobs']} jobs); a group's "
        "selection rate is the share of its ranked resumes that were shortlisted, its impact "
        "ratio that rate over the highest group's, flagged under "
        f"{selection['floor']:.0%}. The last column is the rate among the group's resumes "
        "relevant to the job (grade 1 or more): a gap there is the ranking's own; a gap only "
        "in the selection rate comes from how many of the group's resumes fit the jobs.\n\n"
        + selection_rows(selection)
        + f"\n\n{verdict} Category "
        f"accuracy per group: {accuracy}. The audit is also in `reports/audit.json`.\n\n" + check
    )


def limits_section(metrics: Mapping[str, float]) -> str:
    return "\n".join(
        [
            "- A resume is a self-description: the model reads words, not ability, and rewards "
            "resumes written in the vocabulary of the job; missing skills may simply be unstated.",
            "- Skills come from a hand-written vocabulary with aliases: a skill it does not list "
            "counts neither as matched nor as missing.",
            "- The ranking weights were chosen on the validation jobs of this data; a new kind of "
            "job (other wording, other must-haves) may need them chosen again.",
            "- Calibration: the served classifier's expected calibration error on the test split "
            f"is {metrics['expected_calibration_error']:.3f}; read its probabilities as rough.",
            "- The synthetic groups stand for a protected attribute only through names, pronouns "
            "and their share of each category, so the audit checks the method, not a real "
            "population; an audit for use in hiring needs real applicants' data, the categories "
            "the law names (sex, race and ethnicity, their intersections) and an independent "
            "auditor.",
        ]
    )


def render_model_card(
    metadata: Mapping[str, Any],
    manifest: Mapping[str, Any],
    metrics: Mapping[str, float],
    classification: Mapping[str, Any],
    audit: Mapping[str, Any],
    compared: Mapping[str, Any],
) -> str:
    sections = [
        f"# Model card: resume screening ({metadata['model']['name']})",
        "## Model details\n\n" + details_section(metadata),
        "## Intended use\n\n" + INTENDED_USE,
        "## Data\n\n" + data_section(metadata, manifest),
        "## Model selection on the validation split\n\n" + model_selection_section(metadata),
        "## Test metrics against baselines\n\n"
        + test_section(metadata, metrics, classification, compared),
        "## Bias audit\n\n" + audit_section(audit),
        "## Trade-offs and limitations\n\n" + limits_section(metrics),
    ]
    return "\n\n".join(sections) + "\n"
