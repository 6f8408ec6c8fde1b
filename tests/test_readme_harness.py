"""The harness that runs generated READMEs: it runs what it should, skips Docker and the cluster, stops its servers."""

from __future__ import annotations

import os
import socket
import urllib.request
from pathlib import Path

import pytest

from tests.readme_harness import example_request, example_upload, run_readme, shell_commands


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_commands_come_from_bash_blocks_only_with_continuations_joined() -> None:
    readme = "Intro\n```bash\nmake setup   # once\n# a comment\nuv run thing \\\n  --flag\n```\n```text\nnot me\n```\n"
    assert shell_commands(readme) == ["make setup   # once", "uv run thing --flag"]


def test_runs_in_order_skips_docker_and_the_cluster_and_stops_the_server(tmp_path: Path) -> None:
    port = _free_port()
    readme = (
        "```bash\necho one > first.txt\ncat first.txt > second.txt\nmake docker-build\ndocker compose up\n```\n"
        "```bash\nminikube start --cpus 2\nkubectl apply -k deploy/k8s\nkind load docker-image proj:latest\n"
        "kubectlish > not-skipped.txt || true\n```\n"
        f"```bash\npython3 -m http.server {port} --bind 127.0.0.1   # keeps running: http://127.0.0.1:{port}/\n"
        f"curl -s http://127.0.0.1:{port}/second.txt > fetched.txt\n```\n"
    )
    run = run_readme(readme, tmp_path, dict(os.environ))
    assert (tmp_path / "fetched.txt").read_text() == "one\n"
    assert run.skipped_docker == ["make docker-build", "docker compose up"]
    assert run.skipped_cluster == [
        "minikube start --cpus 2", "kubectl apply -k deploy/k8s", "kind load docker-image proj:latest"
    ]  # fmt: skip
    assert (tmp_path / "not-skipped.txt").exists()
    assert len(run.servers) == 1 and len(run.executed) == 4
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)


def test_a_failing_command_fails_the_run_and_names_it(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match=r"README command failed \(1\): false"):
        run_readme("```bash\ntrue\nfalse\necho never > never.txt\n```\n", tmp_path, dict(os.environ))
    assert not (tmp_path / "never.txt").exists()


def test_the_example_request_is_read_from_the_readme() -> None:
    readme = '```bash\ncurl -s -X POST http://x/predict -d \'{"a": 1, "b": "two words"}\'\n```\n'
    assert example_request(readme) == {"a": 1, "b": "two words"}
    with pytest.raises(AssertionError, match="shows an example request"):
        example_request("no request here")


@pytest.mark.parametrize("form", ["-F image=@data/samples/ring.png", "-F 'image=@data/samples/ring.png'"])
def test_the_example_upload_is_read_from_the_readme(form: str) -> None:
    readme = f"```bash\ncurl -s {form} http://x/predict\n```\n"
    assert example_upload(readme) == ("image", "data/samples/ring.png")
    with pytest.raises(AssertionError, match="shows an example upload"):
        example_upload("curl -d '{}' http://x/predict")
