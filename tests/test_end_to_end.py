"""Slow tests: generated projects of every kind run with their own commands."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from scaffold import catalog, generate
from tests.browser import CHROMIUM, same_answer, visit_demo_page
from tests.conftest import History, commit_all, git_out, run
from tests.readme_harness import Run, example_request, example_upload, run_readme, shell_commands
from tests.slow_support import call, free_port, serving, sh, user_env

pytestmark = pytest.mark.slow


SCAFFOLD = str(Path(sys.executable).parent / "scaffold")
KINDS = catalog.kind_names()


def _assert_counted(base: str, method: str, route: str) -> None:
    """The service's Prometheus metrics count the successful requests to `route`."""
    status, metrics = call(f"{base}/metrics")
    assert status == 200 and f'http_requests_total{{method="{method}",route="{route}",status="200"}}' in metrics


def _send_example(url: str, project: Path) -> tuple[int, str]:
    """POST the README's example to `url`: its JSON body (`curl -d`), or its file (`curl -F`)."""
    readme = (project / "README.md").read_text()
    if re.search(r"-d '\{", readme):
        return call(url, example_request(readme))
    field, path = example_upload(readme)
    return call(url, files={field: [project / path]})


def _churn_requests(base: str, project: Path) -> None:
    readme = (project / "README.md").read_text()
    customer = example_request(readme)
    model_info = json.loads(call(f"{base}/model-info")[1])
    assert model_info["threshold"] > 0 and model_info["feature_schema"]
    status, body = call(f"{base}/predict", customer)
    assert status == 200, body
    prediction = json.loads(body)
    assert 0 < prediction["churn_probability"] < 1 and prediction["churn_predicted"] in ("Yes", "No")
    assert prediction["model_version"] == model_info["model_version"]
    status, body = call(f"{base}/predict/batch", [customer, {**customer, "tenure": 60}])
    assert status == 200 and len(json.loads(body)) == 2
    status, body = call(f"{base}/predict", {**customer, "Contract": "Weekly"})
    assert status == 422 and "Contract" in body
    assert call(f"{base}/predict/batch", [customer] * 1001)[0] == 413
    _assert_counted(base, "POST", "/predict")


def _fraud_requests(base: str, project: Path) -> None:
    readme = (project / "README.md").read_text()
    transaction = example_request(readme)
    model_info = json.loads(call(f"{base}/model-info")[1])
    status, body = call(f"{base}/predict", transaction)
    assert status == 200, body
    prediction = json.loads(body)
    assert prediction["alert"] is True, "the README's example is shaped like fraud"
    assert prediction["fraud_probability"] >= model_info["threshold"] > 0
    top = prediction["top_features"]
    assert len(top) == 5 and top[0]["contribution"] > 0 and {item["feature"] for item in top} <= set(transaction)
    assert all(item["label"] for item in top)
    ordinary = {**transaction, **{name: 0.0 for name in transaction if name.startswith("V")}, "Amount": 25.0}
    status, body = call(f"{base}/predict/batch", [transaction, ordinary])
    scores = [item["fraud_probability"] for item in json.loads(body)]
    assert status == 200 and scores[0] > scores[1]
    status, body = call(f"{base}/predict", {**transaction, "Amount": -1})
    assert status == 422 and "Amount" in body
    assert call(f"{base}/predict/batch", [transaction] * 1001)[0] == 413
    _assert_counted(base, "POST", "/predict")


def _maintenance_requests(base: str, project: Path) -> None:
    readme = (project / "README.md").read_text()
    reading = example_request(readme)
    model_info = json.loads(call(f"{base}/model-info")[1])
    assert set(model_info) == {"model_version", "failure", "rul"}
    status, body = call(f"{base}/predict/failure", reading)
    assert status == 200, body
    prediction = json.loads(body)
    assert prediction["inspect"] is True, "the README's example overstrains a worn tool"
    assert prediction["model_version"] == model_info["failure"]["model_version"]
    fresh = {**reading, "Tool wear [min]": 10, "Torque [Nm]": 40.0, "Rotational speed [rpm]": 1500}
    status, body = call(f"{base}/predict/failure/batch", [reading, fresh])
    scores = [item["failure_probability"] for item in json.loads(body)]
    assert status == 200 and scores[0] > scores[1]
    status, body = call(f"{base}/predict/failure", {**reading, "Type": "X"})
    assert status == 422 and "Type" in body
    assert call(f"{base}/predict/failure/batch", [reading] * 1001)[0] == 413
    cycle = json.loads(re.findall(r"-d '(\{.*?\})'", readme)[1])["cycles"][0]
    young = {"unit": 7, "cycles": [{**cycle, "cycle": number} for number in range(1, 6)]}
    status, body = call(f"{base}/predict/rul", young)
    assert status == 200, body
    assert json.loads(body)["predicted_rul"] > 60 and json.loads(body)["rul_cap"] == 125
    late = {"unit": 7, "cycles": [{**cycle, "cycle": number} for number in range(100, 105)]}
    status, body = call(f"{base}/predict/rul", late)
    assert status == 422 and "needs at least the last 30 cycles" in body
    _assert_counted(base, "POST", "/predict/rul")


def _recommender_requests(base: str, project: Path) -> None:
    readme = (project / "README.md").read_text()
    session = example_request(readme)
    model_info = json.loads(call(f"{base}/model-info")[1])
    assert model_info["selection"]["chosen"] == model_info["model"]["name"]
    status, body = call(f"{base}/recommendations/1?k=5")
    assert status == 200, body
    known = json.loads(body)
    assert known["cold_start"] is False and len(known["items"]) == 5 and known["items"][0]["title"]
    assert known["model_version"] == model_info["model_version"]
    status, body = call(f"{base}/recommendations/999999?k=5")
    assert status == 200 and json.loads(body)["cold_start"] is True
    status, body = call(f"{base}/recommendations", session)
    assert status == 200 and not set(session["item_ids"]) & {item["item_id"] for item in json.loads(body)["items"]}
    status, body = call(f"{base}/items/1/similar?k=5")
    assert status == 200, body
    similar = json.loads(body)  # neighbours with a positive similarity, or none and the reason
    assert all(item["score"] > 0 for item in similar["items"])
    assert similar["items"] or similar["reason"]
    assert call(f"{base}/items/999999/similar")[0] == 404
    status, body = call(f"{base}/recommendations/1?k=0")
    assert status == 422 and '"k"' in body
    _assert_counted(base, "GET", "/recommendations/{user_id}")


def _resume_requests(base: str, project: Path) -> None:
    readme = (project / "README.md").read_text()
    classify = example_request(readme)
    model_info = json.loads(call(f"{base}/model-info")[1])
    status, body = call(f"{base}/classify", classify)
    assert status == 200, body
    answer = json.loads(body)
    assert answer["model_version"] == model_info["model_version"] and "person" in answer["notice"]
    probabilities = [item["probability"] for item in answer["categories"]]
    assert probabilities == sorted(probabilities, reverse=True) and 0 < sum(probabilities) <= 1 + 1e-9
    assert not {"decision", "reject", "rejected"} & set(answer)
    job = "Data engineer. Must have: Python, SQL, Airflow. Nice to have: Docker."
    resumes = [
        {"id": "a", "text": "Data engineer, 5 years of Python, SQL and Apache Airflow pipelines, Docker."},
        {"id": "b", "text": "Pastry chef: laminated doughs, plated desserts, kitchen hygiene."},
    ]
    status, body = call(f"{base}/rank", {"job_description": job, "resumes": resumes})
    assert status == 200, body
    ranked = json.loads(body)["resumes"]
    assert [item["id"] for item in ranked] == ["a", "b"], ranked
    assert {skill["skill"] for skill in ranked[0]["matched"]} >= {"Python", "SQL"}, ranked[0]
    assert ranked[1]["missing"], ranked[1]
    status, body = call(f"{base}/skills", {"text": "I write scikit-learn models in Python."})
    assert status == 200 and {"scikit-learn", "Python"} <= {skill["skill"] for skill in json.loads(body)["skills"]}
    assert call(f"{base}/rank", {"job_description": job, "resumes": resumes * 1000})[0] in (413, 422)
    status, body = call(f"{base}/classify", {"text": ""})
    assert status == 422 and "text" in body
    _assert_counted(base, "POST", "/rank")


def _blank_png(width: int, height: int) -> bytes:
    """A black 1-bit PNG: its rows compress to almost nothing, whatever its size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = (b"\x00" * (1 + (width + 7) // 8)) * height
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def _image_requests(base: str, project: Path) -> None:
    field, example = example_upload((project / "README.md").read_text())
    model_info = json.loads(call(f"{base}/model-info")[1])
    status, body = call(f"{base}/predict", files={field: [project / example]})
    assert status == 200, body
    answer = json.loads(body)
    assert answer["model_version"] == model_info["model_version"]
    probabilities = [item["probability"] for item in answer["predictions"]]
    assert probabilities == sorted(probabilities, reverse=True) and 0 < sum(probabilities) <= 1 + 1e-6
    # One test image of each class, drawn by the generator: the CNN (0.97 on test) names nearly all of them.
    samples = sorted((project / "data" / "samples").glob("*.png"))
    status, body = call(f"{base}/predict/batch", files={"images": samples})
    assert status == 200, body
    named = [result["predictions"][0]["label"] for result in json.loads(body)["results"]]
    assert len(named) == len(samples) >= 10
    assert sum(label == path.stem for label, path in zip(named, samples, strict=True)) >= len(samples) - 2, named
    text = project / "README.md"
    status, body = call(f"{base}/predict", files={field: [text]})
    assert status == 415, body
    bomb = project / "bomb.png"
    try:
        bomb.write_bytes(_blank_png(20_000, 20_000))  # 400 million pixels in 50 KB
        status, body = call(f"{base}/predict", files={field: [bomb]})
    finally:
        bomb.unlink()
    assert status in (413, 422) and "pixels" in body, body
    _assert_counted(base, "POST", "/predict")


@dataclass(frozen=True)
class Report:
    """What one task's reports folder must hold: its metrics.json and figures."""

    metrics: set[str]
    prefixes: tuple[str, ...]  # the served model (""), the models it was compared with, the floor last
    beats: tuple[str, ...]  # metric names whose value for each model must exceed the floor's
    figures: set[str]
    chosen_by: tuple[str, Callable[..., Any]]  # the validation metric the served model won on, max or min
    costs: tuple[str, ...] = ()  # metric names whose value for each model must be below the floor's
    unordered: tuple[str, ...] = ()  # prefixes of further models in metrics.json, compared with nothing


@dataclass(frozen=True)
class Spec:
    """What a trained project of one kind must show: each task's reports (by folder under reports/; "" for a
    kind with one task) and its service.
    """

    reports: dict[str, Report]
    requests: Callable[[str, Path], None]  # (base URL, project): the routes answer as the README says
    probe: tuple[str, bool]  # a path that answers 200 once served; True: send the README's example to it
    demo_edits: tuple[Mapping[str, str], ...]  # per form of the demo page, in order: field -> text typed in it


SPECS = {
    "churn-predictor": Spec(
        reports={"": Report(
            metrics={"roc_auc", "pr_auc", "f1", "precision", "recall", "accuracy", "brier", "threshold",
                     "expected_saving"},
            prefixes=("", "baseline_", "dummy_"),
            beats=("roc_auc", "pr_auc"),
            figures={"roc", "precision_recall", "calibration", "confusion_matrix", "permutation_importance",
                     "cumulative_gains", "cost_curve"},
            chosen_by=("roc_auc", max),
        )},
        requests=_churn_requests,
        probe=("/predict", True),
        demo_edits=({"tenure": "40", "Contract": "One year"},),
    ),
    "fraud-detection": Spec(
        reports={"": Report(
            metrics={"pr_auc", "roc_auc", "recall_at_budget", "precision", "recall", "f1", "alert_rate",
                     "threshold", "expected_cost_per_10k"},
            prefixes=("", "baseline_", "dummy_"),
            beats=("pr_auc", "recall_at_budget"),
            figures={"precision_recall", "roc", "cost_curve", "calibration", "confusion_matrix", "alert_budget",
                     "contributions"},
            chosen_by=("pr_auc", max),
            costs=("expected_cost_per_10k",),
        )},
        requests=_fraud_requests,
        probe=("/predict", True),
        demo_edits=({"Amount": "250", "V14": "-1.5"},),
    ),
    "recommender": Spec(
        reports={"": Report(
            metrics={"ndcg_at_10", "precision_at_10", "recall_at_10", "map_at_10", "hit_rate_at_10",
                     "catalog_coverage", "mean_popularity_rank"},
            prefixes=("", "baseline_"),
            beats=("ndcg_at_10", "recall_at_10", "catalog_coverage"),
            figures={"metrics_at_k", "popularity", "coverage", "ndcg_by_activity"},
            chosen_by=("ndcg_at_10", max),
        )},
        requests=_recommender_requests,
        probe=("/recommendations/1", False),
        demo_edits=({"user_id": "42"}, {"item_ids": "50, 98, 181"}, {"item_id": "50", "k": "8"}),
    ),
    "predictive-maintenance": Spec(
        reports={
            "failure": Report(
                metrics={"roc_auc", "pr_auc", "f1", "precision", "recall", "threshold", "cost_per_1000"},
                prefixes=("", "baseline_", "dummy_"),
                beats=("pr_auc", "roc_auc"),
                figures={"roc", "precision_recall", "calibration", "confusion_matrix", "permutation_importance",
                         "cumulative_gains", "cost_curve"},
                chosen_by=("pr_auc", max),
                costs=("cost_per_1000",),
            ),
            "rul": Report(
                metrics={"rmse", "mae", "nasa_score"},
                prefixes=("", "dummy_"),
                beats=(),
                figures={"predicted_vs_true", "error_by_rul", "engine_trajectories"},
                chosen_by=("rmse", min),
                costs=("rmse", "mae", "nasa_score"),
                unordered=("baseline_",),  # the other candidate (ridge or boosting): level with the served one
            ),
        },
        requests=_maintenance_requests,
        probe=("/predict/failure", True),
        demo_edits=({"Tool wear [min]": "20"}, {"unit": "3"}),
    ),
    "resume-screening": Spec(
        reports={"": Report(
            metrics={"accuracy", "macro_f1", "weighted_f1", "top_3_accuracy", "log_loss",
                     "expected_calibration_error", "ndcg_at_10", "map_at_10"},
            prefixes=("", "baseline_", "dummy_"),
            beats=("accuracy", "macro_f1", "ndcg_at_10"),
            figures={"confusion_matrix", "per_class_f1", "reliability", "ranking", "selection_rates"},
            chosen_by=("macro_f1", max),
        )},
        requests=_resume_requests,
        probe=("/classify", True),
        demo_edits=({"job_description": "Backend developer. Must have: Python, Docker. Nice to have: Kubernetes."},
                    {"text": "Nurse with ICU experience, patient care, BLS certified."},
                    {"text": "I write scikit-learn models in Python.", "min_mentions": "1"}),
    ),
    "image-classification": Spec(
        reports={"": Report(
            metrics={"accuracy", "macro_f1", "weighted_f1", "top_3_accuracy", "log_loss",
                     "expected_calibration_error"},
            prefixes=("", "baseline_", "dummy_"),
            beats=("accuracy", "macro_f1"),
            costs=("log_loss",),
            figures={"confusion_matrix", "per_class_f1", "reliability", "misclassified", "training_curves"},
            chosen_by=("accuracy", max),
        )},
        requests=_image_requests,
        probe=("/predict", True),
        demo_edits=({"image": "data/samples/star.png"},),  # not the sample the page starts with
    ),
}  # fmt: skip


def test_every_listed_kind_has_an_end_to_end_spec() -> None:
    assert set(SPECS) == set(KINDS)


@dataclass(frozen=True)
class Project:
    kind: str
    path: Path
    env: dict[str, str]
    readme: Run  # what running its README did
    changed: list[str]  # `git status` right after the README ran

    @property
    def spec(self) -> Spec:
        return SPECS[self.kind]


@pytest.fixture(scope="module", params=KINDS)
def trained(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Project:
    """One project of each kind, generated with its lock and run through its README as written: set up, data, train,
    evaluate, score, report, serve, drift, tests and lint (each kind trained once; the tests below share it)."""
    root = tmp_path_factory.mktemp(request.param)
    env = user_env(root)
    created = sh([SCAFFOLD, "new", request.param, "proj", "--defaults", "-d", "seed=42"], cwd=root, env=env)
    path = root / "proj"
    if generate.local_sources(path / "uv.lock"):  # torch from .ci/run's stand-in for the PyTorch index
        assert "uv.lock installs from files on this machine" in created.stderr, created.stderr
        assert "uv.lock" not in git_out(path, "ls-files"), "a lock naming local files is never committed"
    else:
        assert "warning" not in created.stdout + created.stderr, "uv lock ran and uv.lock was committed"
        assert "uv.lock" in git_out(path, "ls-files")
    readme = run_readme((path / "README.md").read_text(), path, env)
    changed = git_out(path, "status", "--porcelain", "--untracked-files=all").splitlines()
    return Project(request.param, path, env, readme, changed)


def test_the_readme_runs_as_written_and_changes_only_the_results(trained: Project) -> None:
    """Every command of the README ran (the fixture); what it left for git is the results, which CI checks."""
    project, env = trained.path, trained.env
    assert trained.readme.skipped_docker == ["make docker-build", "make docker-run", "docker compose up"]
    cluster = trained.readme.skipped_cluster
    assert "kubectl apply -k deploy/k8s" in cluster and any(command.startswith("minikube cp ") for command in cluster)
    assert len(trained.readme.servers) == 1 and len(trained.readme.executed) >= 15
    assert {"make test", "make lint"} <= set(trained.readme.executed)
    first = project / "reports" / next(iter(trained.spec.reports))
    assert (first / "drift.md").is_file() and (first / "model_card.md").is_file()
    _assert_only_the_results_changed(trained.changed)
    assert sh(["make", "--silent", "report"], cwd=project, env=env).stdout.startswith("kept the results in")
    assert "<!-- results:start -->\nNo results yet" not in (project / "README.md").read_text()
    assert sh(["uv", "run", "--frozen", "--no-sync", "proj", "report", "--check"], cwd=project, env=env).returncode == 0
    commit_all(project, "Results of the first run")
    assert sh([SCAFFOLD, "update", str(project)], cwd=project, env=env).stdout.startswith("Already up to date")


def test_training_writes_honest_metrics_figures_and_a_model_card(trained: Project) -> None:
    for folder, spec in trained.spec.reports.items():
        reports = trained.path / "reports" / folder
        metrics = json.loads((reports / "metrics.json").read_text())
        prefixes = spec.prefixes + spec.unordered
        assert set(metrics) == {f"{prefix}{name}" for prefix in prefixes for name in spec.metrics}
        # Which model is served is decided on the validation split; on test, each must beat the floor.
        for name in spec.beats:
            values = [metrics[f"{prefix}{name}"] for prefix in spec.prefixes]
            assert all(value > values[-1] for value in values[:-1]), f"{name}: {values}"
        for name in spec.costs:
            values = [metrics[f"{prefix}{name}"] for prefix in spec.prefixes]
            assert all(value < values[-1] for value in values[:-1]), f"{name}: {values}"
        metadata = json.loads((trained.path / "models" / folder / "metadata.json").read_text())
        metric, best = spec.chosen_by
        validation = metadata["selection"]["validation"]
        winner = best(validation, key=lambda candidate: validation[candidate][metric])
        assert metadata["selection"]["chosen"] == winner == metadata["model"]["name"], validation
        assert {path.stem for path in (reports / "figures").glob("*.png")} == spec.figures
        assert "## Test metrics against baselines" in (reports / "model_card.md").read_text()


def test_the_projects_hooks_pass(trained: Project) -> None:
    """Its tests and linters ran in the README; the pre-commit hooks a commit runs pass on every file too."""
    hooks = sh([".venv/bin/pre-commit", "run", "--all-files"], cwd=trained.path, env=trained.env)
    assert "Failed" not in hooks.stdout


def test_every_endpoint_answers_over_http(trained: Project) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**trained.env, "APP_SERVING__PORT": str(port)}
    with serving(["make", "serve"], trained.path, env, base):
        assert call(f"{base}/health") == (200, '{"status":"ok"}')
        trained.spec.requests(base, trained.path)


def test_fuzzing_the_openapi_finds_no_server_error_and_no_schema_mismatch(trained: Project, tmp_path: Path) -> None:
    """schemathesis with every check over the served project's own OpenAPI, on loopback only: a fixed seed and 50
    examples per operation (10-20 s a kind). No 5xx (failure codes ST101, ST102) and no response off its
    documented status, media type or schema (ST103 to ST111). Prints the requests sent and the failures by code.
    """
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**trained.env, "APP_SERVING__PORT": str(port)}
    command = [
        str(Path(sys.executable).parent / "schemathesis"), "run", f"{base}/openapi.json", "--checks", "all",
        "--max-examples", "50", "--seed", "4242", "--workers", "1", "--continue-on-failure",
        "--generation-database", "none", "--report", "json,har", "--report-dir", str(tmp_path),
    ]  # fmt: skip
    with serving(["make", "serve"], trained.path, env, base):
        # Run in tmp_path: schemathesis keeps a cache of failures in its working folder.
        fuzzing = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False)
    report = json.loads(next(tmp_path.glob("json-*.json")).read_text())
    entries = json.loads(next(tmp_path.glob("har-*.json")).read_text())["log"]["entries"]
    statuses = [entry["response"]["status"] for entry in entries]
    failures = {failure["code"]: failure["count"] for failure in report["failures"]}
    print(f"{trained.kind}: {len(statuses)} requests, {sum(s >= 500 for s in statuses)} 5xx, failures {failures}")
    output = fuzzing.stdout[-3000:]
    assert statuses and report["operations"]["tested"] == report["operations"]["total"], output
    assert not [status for status in statuses if status >= 500], output
    assert not [code for code in failures if code.startswith("ST1")], output
    assert report["errors"] == [], output


def _sent_as_typed(sent: Any, typed: str) -> bool:
    """Whether a value the page sent is the text typed into its field (a number, a list, text)."""
    if isinstance(sent, list):
        return [float(value) for value in sent] == [float(value) for value in re.split(r"[,\s]+", typed)]
    return float(sent) == float(typed) if isinstance(sent, int | float) else sent == typed


def test_the_demo_page_shows_in_a_browser_what_the_api_answers(trained: Project, tmp_path: Path) -> None:
    """Debian's Chromium, driven by Playwright, opens `/` and, on every form, changes fields, sends and reads the
    answer drawn: it is the API's answer to the very request the page sent, with no console error and no request
    leaving the service. Screenshots go to $SCAFFOLD_SCREENSHOTS (.ci/run: screenshots/), else to tmp_path.
    """
    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: apt-get install -y chromium"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**trained.env, "APP_SERVING__PORT": str(port)}
    screenshots = Path(os.environ.get("SCAFFOLD_SCREENSHOTS") or tmp_path)
    with serving(["make", "serve"], trained.path, env, base):
        visit = visit_demo_page(base, list(trained.spec.demo_edits), screenshots, trained.kind, trained.path)
    assert visit.errors == []
    # Every request went to the service; a blob: URL (an image chosen, shown before it is sent) never leaves the page.
    assert {urlsplit(url).netloc for url in visit.requests if not url.startswith("blob:")} == {f"127.0.0.1:{port}"}
    for answer, edits in zip(visit.answers, trained.spec.demo_edits, strict=True):
        assert same_answer(answer["shown"], answer["expected"]), answer
        assert any(answer["expected"].values()), f"{answer['demo']}: the page drew nothing"
        query = dict(part.split("=") for part in urlsplit(answer["url"]).query.split("&") if part)
        path = urlsplit(answer["url"]).path.split("/")
        for field, typed in edits.items():
            if answer["files"] is not None:  # a file chosen: the page uploaded that file
                assert answer["files"] == [sorted(trained.path.glob(typed))[0].name], (field, answer["files"])
            elif answer["request"] is not None:
                assert _sent_as_typed(answer["request"][field], typed), (field, answer["request"])
            else:
                assert query.get(field) == typed or typed in path, (field, answer["url"])
    for screenshot in visit.screenshots:
        assert screenshot.read_bytes().startswith(b"\x89PNG") and screenshot.stat().st_size > 20_000
    print(f"{trained.kind}: screenshots {[str(path) for path in visit.screenshots]}")


def _dockerfile_stages(dockerfile: str) -> dict[str, list[str]]:
    """Each stage's instructions by the stage's name (`FROM ... AS name`), continuation lines joined."""
    stages: dict[str, list[str]] = {}
    lines = [line.strip() for line in dockerfile.replace("\\\n", " ").splitlines() if line.strip()]
    for line in lines:
        if line.startswith("FROM "):
            stages[line.split(" AS ")[-1]] = []
        elif stages:
            stages[list(stages)[-1]].append(line)
    return stages


def test_the_image_installs_and_starts_with_its_own_commands_outside_docker(trained: Project, tmp_path: Path) -> None:
    """No Docker engine runs here: run the Dockerfile's install and start commands as they are written."""
    path, with_example = trained.spec.probe
    stages = _dockerfile_stages((trained.path / "Dockerfile").read_text())
    lines = stages[list(stages)[-1]]  # the image `docker build` builds: the last stage, built from `build`
    installs = [line.removeprefix("RUN ") for line in stages["build"] if line.startswith("RUN uv sync")]
    assert len(installs) == 2, "dependencies in their own layer, then the project"
    venv = tmp_path / "image-venv"
    env = {**trained.env, "UV_PROJECT_ENVIRONMENT": str(venv), "UV_PYTHON_DOWNLOADS": "never", "UV_LINK_MODE": "copy"}
    for command in installs:
        sh(["bash", "-c", command], cwd=trained.path, env=env)
    python = str(venv / "bin" / "python")
    for training_only in ("mlflow", "pytest", "torch", "dask"):
        probe = sh([python, "-c", f"import {training_only}"], cwd=tmp_path, check=False)
        assert probe.returncode != 0, f"{training_only} is in the serving image"
    size = sum(path.stat().st_size for path in venv.rglob("*") if path.is_file() and not path.is_symlink())
    print(f"{trained.kind}: the serving environment holds {size / 1e6:.0f} MB")
    port = free_port()
    start = json.loads(next(line for line in lines if line.startswith("CMD ")).removeprefix("CMD "))
    start = [str(venv / "bin" / start[0]), *start[1:]]
    start[start.index("--port") + 1], start[start.index("--host") + 1] = str(port), "127.0.0.1"
    health = json.loads(next(line for line in lines if line.startswith("HEALTHCHECK")).split(" CMD ", 1)[1])
    with serving(start, trained.path, env, f"http://127.0.0.1:{port}"):
        check = [python, *health[1:-1], health[-1].replace(":8000/", f":{port}/")]
        assert sh(check, cwd=tmp_path, check=False).returncode == 0, "the HEALTHCHECK command passes"
        url = f"http://127.0.0.1:{port}{path}"
        assert (_send_example(url, trained.path) if with_example else call(url))[0] == 200
        page = call(f"http://127.0.0.1:{port}/")
        assert page[0] == 200 and 'src="/demo/demo.js"' in page[1], "the demo page is in the wheel"
        assert call(f"http://127.0.0.1:{port}/demo/demo.js")[0] == 200


def test_the_batch_image_runs_the_cronjobs_scoring_and_drift_report_outside_docker(
    trained: Project, tmp_path: Path
) -> None:
    """The Dockerfile's `batch` target installed with its own commands, its files copied as its COPY lines say, and
    the Kubernetes CronJob's two commands run in it as the manifests give them (the ConfigMap's variables and the
    container's, the volume a temporary folder filled as the README's cluster step fills it)."""
    stages = _dockerfile_stages((trained.path / "Dockerfile").read_text())
    installs = [
        line.removeprefix("RUN ") for stage in ("build", "batch-build") for line in stages[stage]
        if line.startswith("RUN uv sync")
    ]  # fmt: skip
    venv = tmp_path / "batch-venv"
    env = {**trained.env, "UV_PROJECT_ENVIRONMENT": str(venv), "UV_PYTHON_DOWNLOADS": "never", "UV_LINK_MODE": "copy"}
    for command in installs:
        sh(["bash", "-c", command], cwd=trained.path, env=env)
    for training_only in ("mlflow", "pytest", "torch"):
        probe = sh([str(venv / "bin" / "python"), "-c", f"import {training_only}"], cwd=tmp_path, check=False)
        assert probe.returncode != 0, f"{training_only} is in the batch image"
    app = tmp_path / "app"
    for line in stages["batch"]:
        if line.startswith("COPY ") and "--from" not in line:
            source, target = line.split()[1:3]
            shutil.copytree(trained.path / source, app / target)
    volume = tmp_path / "volume"
    readme = (trained.path / "README.md").read_text()
    copies = [command.split()[2:4] for command in shell_commands(readme) if command.startswith("minikube cp ")]
    assert copies, "the README puts a batch on the volume"
    for source, target in copies:
        destination = volume / target.split("-batch/", 1)[1]
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(trained.path / source, destination)
        if destination.suffix == ".csv":  # a listing names files as the pod sees them, under the volume's mount
            destination.write_text(destination.read_text().replace("/data/batch", str(volume)))
    manifests = trained.path / "deploy" / "k8s"
    (config,) = yaml.safe_load_all((manifests / "configmap.yaml").read_text())
    (cronjob,) = yaml.safe_load_all((manifests / "cronjob.yaml").read_text())
    pod = cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    for container in [*pod.get("initContainers", []), *pod["containers"]]:  # in the order the pod runs them
        variables = {**config["data"], **{item["name"]: item["value"] for item in container.get("env", [])}}
        variables = {name: value.replace("/data/batch", str(volume)) for name, value in variables.items()}
        command = [argument.replace("/data/batch", str(volume)) for argument in container["command"]]
        path = f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"
        ran = sh([str(venv / "bin" / command[0]), *command[1:]], cwd=app, env={**trained.env, **variables,
                 "PATH": path, "TMPDIR": str(tmp_path)})  # fmt: skip
        print(f"{trained.kind}, the CronJob's {container['name']}: {ran.stdout.strip()[-300:]}")
    outputs = [argument for argument in command_of(pod, "score") if argument.startswith("/data/batch/output")]
    scored = Path(outputs[0].replace("/data/batch", str(volume)))
    assert scored.is_file() and scored.stat().st_size > 0
    assert list((volume / "reports").rglob("drift.md")), "the drift report is written on the volume"


def command_of(pod: dict[str, Any], subcommand: str) -> list[str]:
    """The command of the pod's container that runs the command line's `subcommand`."""
    containers = [*pod.get("initContainers", []), *pod["containers"]]
    return next(container["command"] for container in containers if subcommand in container["command"])


def _assert_only_the_results_changed(changed: list[str], readme: bool = True) -> None:
    """What `make` leaves for git (`changed`, as `git status` lists it): the README's results section (after
    `make report`) and the public reports."""
    assert (" M README.md" in changed) == readme
    others = [line[3:] for line in changed if line != " M README.md"]
    assert others and all(path.startswith("reports/") for path in others), changed
    assert not [path for path in others if path.endswith((".csv", "drift.md", "drift.json"))], changed


def test_update_succeeds_after_the_project_ran_its_own_commands(workdir: Path, history: History) -> None:
    project = workdir / "churn-predictor"
    generate.new_project("churn-predictor", project, {}, interactive=False, source=history.old)
    sh(["make", "setup", "train", "evaluate"], cwd=project)
    _assert_only_the_results_changed(
        git_out(project, "status", "--porcelain", "--untracked-files=all").splitlines(), readme=False
    )
    commit_all(project, "Results")
    result = run("update", str(project))
    assert result.exit_code == 0, result.output
    assert git_out(project, "status", "--porcelain", "--untracked-files=all").splitlines() == [
        " M .copier-answers.yml",
        " M Makefile",
        " M README.md",
        " M pyproject.toml",
        " M uv.lock",
        "?? LICENSE",
    ]
    assert '{ name = "ruff", specifier = ">=0.8" }' in (project / "uv.lock").read_text(), "uv.lock was re-locked"
