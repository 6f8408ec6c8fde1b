"""The README's results section, written from reports/ (frame/results.py), and the published files that feed it:
figures that are the same bytes for the same results, and a model card that embeds them.
"""

import json
from pathlib import Path

import pytest
from frame.contract import Reports
from frame.errors import ArtifactError, ProjectError
from frame.files import written_together
from frame.reports import new_axes, save_figures, with_figures
from frame.results import END, PLACEHOLDER, START, collect, current_section, write_section
from frame.settings import PathsSettings, ProjectSettings

REPORTS = Reports(
    figures=["roc.png", "precision_recall.png"],
    model_card_sections=["Data"],
    headline=["pr_auc", "expected_saving"],
    key_figure="precision_recall.png",
)
README = f"# demo\n\nAbove.\n\n## Results\n\n{START}\n{PLACEHOLDER}\n{END}\n\n## Below\n\nMine.\n"


def settings_at(root: Path, reports: str = "reports") -> ProjectSettings:
    return ProjectSettings(paths=PathsSettings(root=root, reports_dir=Path(reports)), tracking={"experiment": "demo"})


def publish(settings: ProjectSettings, metrics: dict[str, float]) -> None:
    settings.paths.reports.mkdir(parents=True, exist_ok=True)
    (settings.paths.reports / "metrics.json").write_text(json.dumps(metrics))


METRICS = {
    "pr_auc": 0.734162,
    "expected_saving": 39600.0,
    "baseline_pr_auc": 0.663943,
    "baseline_expected_saving": 34800.0,
    "dummy_pr_auc": 0.272534,
    "dummy_expected_saving": 0.0,
}


def test_the_section_holds_the_headline_metrics_beside_the_baselines_and_the_key_figure(tmp_path: Path) -> None:
    settings = settings_at(tmp_path)
    publish(settings, METRICS)
    content = collect([("", REPORTS, settings)], required=True)
    assert "| metric | served model | other candidate | dummy |" in content
    assert "| `pr_auc` | 0.7342 | 0.6639 | 0.2725 |" in content
    assert "| `expected_saving` | 39,600 | 34,800 | 0 |" in content
    assert "![precision recall](reports/figures/precision_recall.png)" in content
    assert "[`reports/metrics.json`](reports/metrics.json)" in content
    assert "[model card](reports/model_card.md)" in content


def test_only_the_models_metrics_json_holds_get_a_column(tmp_path: Path) -> None:
    settings = settings_at(tmp_path)
    publish(settings, {name: value for name, value in METRICS.items() if not name.startswith("dummy_")})
    content = collect([("", REPORTS, settings)], required=True)
    assert "| metric | served model | other candidate |\n| --- | ---: | ---: |" in content


def test_writing_replaces_only_what_lies_between_the_markers(tmp_path: Path) -> None:
    settings = settings_at(tmp_path)
    publish(settings, METRICS)
    readme = tmp_path / "README.md"
    readme.write_text(README)
    content = collect([("", REPORTS, settings)], required=True)
    assert write_section(readme, content)
    text = readme.read_text()
    assert text.startswith("# demo\n\nAbove.\n\n## Results\n\n") and text.endswith(f"{END}\n\n## Below\n\nMine.\n")
    assert current_section(readme) == content
    assert not write_section(readme, content), "the same results leave the file as it was"
    assert [path.name for path in tmp_path.iterdir() if path.is_file()] == ["README.md"], "no temporary file left"


def test_a_check_sees_results_that_differ_from_the_reports(tmp_path: Path) -> None:
    settings = settings_at(tmp_path)
    publish(settings, METRICS)
    readme = tmp_path / "README.md"
    readme.write_text(README)
    write_section(readme, collect([("", REPORTS, settings)], required=True))
    publish(settings, {**METRICS, "pr_auc": 0.75})
    assert current_section(readme) != collect([("", REPORTS, settings)], required=False)


def test_a_project_that_never_ran_checks_against_the_placeholder_but_cannot_write(tmp_path: Path) -> None:
    settings = settings_at(tmp_path)
    assert collect([("", REPORTS, settings)], required=False) == PLACEHOLDER
    with pytest.raises(ArtifactError, match=r"^no .*reports/metrics.json: run make evaluate first$"):
        collect([("", REPORTS, settings)], required=True)


def test_every_task_gets_its_heading_and_a_missing_one_is_an_error(tmp_path: Path) -> None:
    failure, rul = settings_at(tmp_path, "reports/failure"), settings_at(tmp_path, "reports/rul")
    rul_reports = Reports(
        figures=["trajectories.png"],
        model_card_sections=["Data"],
        headline=["rmse"],
        key_figure="trajectories.png",
        compared={"": "served model", "linear": "other candidate", "baseline": "training mean"},
    )
    publish(failure, METRICS)
    models = [("failure", REPORTS, failure), ("rul", rul_reports, rul)]
    with pytest.raises(ArtifactError, match=r"reports/rul/metrics\.json: run make evaluate"):
        collect(models, required=False)
    publish(rul, {"rmse": 16.2, "linear_rmse": 16.5, "baseline_rmse": 41.0})
    content = collect(models, required=True)
    assert content.index("### failure") < content.index("### rul")
    assert "| `rmse` | 16.2 | 16.5 | 41 |" in content
    assert "(reports/rul/figures/trajectories.png)" in content


def test_the_serving_latency_is_shown_when_make_bench_has_run(tmp_path: Path) -> None:
    settings = settings_at(tmp_path)
    publish(settings, METRICS)
    bench = {"route": "POST /predict", "p50_ms": 0.684, "requests_per_second": 1350.2}
    (tmp_path / "reports" / "bench.json").write_text(json.dumps(bench))
    content = collect([("", REPORTS, settings)], required=True)
    assert content.endswith(
        "Serving: `POST /predict` answered in a median of 0.68 ms (1,350 requests a second, "
        "one connection, one worker; measured by `make bench` on the machine that ran it)."
    )


def test_metrics_without_a_headline_metric_say_to_evaluate_again(tmp_path: Path) -> None:
    settings = settings_at(tmp_path)
    publish(settings, {"pr_auc": 0.7})
    with pytest.raises(ArtifactError, match="has no expected_saving: run make evaluate"):
        collect([("", REPORTS, settings)], required=True)


@pytest.mark.parametrize("text", ["# no markers\n", f"{END}\n{START}\n", f"{START}\n{START}\n{END}\n"])
def test_a_readme_without_one_pair_of_markers_is_one_message(tmp_path: Path, text: str) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(text)
    with pytest.raises(ProjectError, match="needs one line <!-- results:start -->"):
        write_section(readme, PLACEHOLDER)
    assert readme.read_text() == text


def test_the_same_figure_is_the_same_bytes(tmp_path: Path) -> None:
    files = []
    for run in ("one", "two"):
        figure, axes = new_axes("Precision and recall")
        axes.plot([0, 1, 2], [0.2, 0.5, 0.4])
        with written_together() as staged:
            save_figures({"curve": figure}, tmp_path / run, staged)
        files.append((tmp_path / run / "curve.png").read_bytes())
    assert files[0] == files[1]
    assert b"Matplotlib" not in files[0], "no software version that would change the file"


def test_the_model_card_embeds_every_figure_relative_to_itself() -> None:
    card = with_figures("# Card\n\n## Data\n\nRows.\n", ["roc", "precision_recall"], "figures")
    assert card == (
        "# Card\n\n## Data\n\nRows.\n\n## Figures\n\n![roc](figures/roc.png)\n\n"
        "![precision recall](figures/precision_recall.png)\n"
    )


def test_a_generated_readme_holds_the_section_a_project_that_never_ran_checks_against() -> None:
    readme = (Path(__file__).resolve().parents[2] / "templates" / "shared" / "README.md").read_text()
    assert f"{START}\n{PLACEHOLDER}\n{END}\n" in readme
