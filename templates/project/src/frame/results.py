"""The results section of README.md, written from reports/ and never typed: the served model's
headline test metrics beside the models it was compared with, its key figure, and the serving
latency `make bench` measured when it has run.

The section lies between two markers; `make report` replaces what is between them and nothing
else, and `report --check` fails when it differs from what reports/ holds now (CI runs it on the
committed files).
"""

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .contract import Reports
from .errors import ArtifactError, ProjectError
from .files import write_text
from .settings import ProjectSettings

START = "<!-- results:start -->"
END = "<!-- results:end -->"
# What the section holds before the first evaluation (the README as generated holds exactly this).
PLACEHOLDER = (
    "No results yet: `make evaluate report` writes the test metrics and the key figure here."
)
BENCH_FILE = "bench.json"  # written by benchmarks/bench_api.py (`make bench`) into reports/


@dataclass(frozen=True)
class Published:
    """What one model (or one task's model) published: where, its test metrics, what to show."""

    label: str  # the task's name, or "" for a project of one model
    reports: Reports
    metrics: Mapping[str, Any]
    metrics_file: str  # paths relative to the README, as its links need them
    card_file: str
    figure_file: str


def shown(value: object) -> str:
    """A number as a person reads it: 0.8791, 39,600; anything else as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.4g}"


def relative(path: Path, root: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()


def read_published(label: str, reports: Reports, settings: ProjectSettings) -> Published | None:
    """The published results of one model, or None when it has not been evaluated yet."""
    root = settings.paths.root
    metrics_path = settings.paths.reports / "metrics.json"
    if not metrics_path.is_file():
        return None
    try:
        metrics = json.loads(metrics_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ArtifactError(
            f"{metrics_path} is not readable JSON ({error}): run make evaluate"
        ) from None
    missing = [name for name in reports.headline if name not in metrics]
    if missing:
        raise ArtifactError(
            f"{metrics_path} has no {', '.join(missing)}: run make evaluate with this code"
        )
    return Published(
        label=label,
        reports=reports,
        metrics=metrics,
        metrics_file=relative(metrics_path, root),
        card_file=relative(settings.paths.reports / "model_card.md", root),
        figure_file=relative(settings.paths.figures / reports.key_figure, root),
    )


def table(published: Published) -> list[str]:
    """The headline metrics: the served model, then each model it was compared with that
    metrics.json holds, under the names the project gives them."""
    headline, metrics = published.reports.headline, published.metrics
    columns = [
        (prefix, label)
        for prefix, label in published.reports.compared.items()
        if not prefix or any(f"{prefix}_{name}" in metrics for name in headline)
    ]
    lines = [
        "| metric | " + " | ".join(label for _, label in columns) + " |",
        "| --- |" + " ---: |" * len(columns),
    ]
    for name in headline:
        cells = [
            shown(metrics.get(f"{prefix}_{name}" if prefix else name, "")) for prefix, _ in columns
        ]
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    return lines


def latency(bench: Mapping[str, Any]) -> str:
    return (
        f"Serving: `{bench['route']}` answered in a median of {bench['p50_ms']:.2f} ms "
        f"({shown(bench['requests_per_second'])} requests a second, one connection, one worker; "
        "measured by `make bench` on the machine that ran it)."
    )


def results_markdown(published: Sequence[Published], bench: Mapping[str, Any] | None) -> str:
    """The section's content: for each model, a sentence naming its files, the table and the key
    figure; then the serving latency when there is one."""
    if not published:
        return PLACEHOLDER
    parts: list[str] = []
    for item in published:
        heading = [f"### {item.label}", ""] if item.label else []
        parts.append(
            "\n".join(
                [
                    *heading,
                    f"On the test split ([`{item.metrics_file}`]({item.metrics_file}); the "
                    f"[model card]({item.card_file}) says how to read them):",
                    "",
                    *table(item),
                    "",
                    f"![{Path(item.figure_file).stem.replace('_', ' ')}]({item.figure_file})",
                ]
            )
        )
    if bench:
        parts.append(latency(bench))
    return "\n\n".join(parts)


def read_bench(settings: ProjectSettings) -> dict[str, Any] | None:
    path = settings.paths.under_root(settings.paths.reports_dir) / BENCH_FILE
    if not path.is_file():
        return None
    try:
        bench: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ArtifactError(
            f"{path} is not readable JSON ({error}): run make bench again"
        ) from None
    return bench


def collect(models: Sequence[tuple[str, Reports, ProjectSettings]], *, required: bool) -> str:
    """The section's content from every model's reports. `required`: each model must have been
    evaluated (writing the section); otherwise none may be missing unless all are (checking a
    project that has not run yet)."""
    found = [read_published(label, reports, settings) for label, reports, settings in models]
    missing = [
        settings.paths.reports / "metrics.json"
        for (_, _, settings), item in zip(models, found, strict=True)
        if item is None
    ]
    if missing and (required or len(missing) < len(models)):
        raise ArtifactError(f"no {missing[0]}: run make evaluate first")
    published = [item for item in found if item is not None]
    return results_markdown(published, read_bench(models[0][2]) if published else None)


def section_bounds(text: str, readme: Path) -> tuple[int, int]:
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start or text.count(START) != 1 or text.count(END) != 1:
        raise ProjectError(
            f"{readme} needs one line {START} and, below it, one line {END}: "
            "the results are written between them"
        )
    return start + len(START), end


def read_readme(readme: Path) -> str:
    try:
        return readme.read_text(encoding="utf-8")
    except OSError as error:
        raise ProjectError(f"cannot read {readme} ({error.strerror})") from None


def current_section(readme: Path) -> str:
    text = read_readme(readme)
    start, end = section_bounds(text, readme)
    return text[start:end].strip()


def write_section(readme: Path, content: str) -> bool:
    """Put `content` between the markers of `readme` (atomically); False when it was there."""
    text = read_readme(readme)
    start, end = section_bounds(text, readme)
    if text[start:end].strip() == content:
        return False
    write_text(readme, f"{text[:start]}\n{content}\n{text[end:]}")
    return True
