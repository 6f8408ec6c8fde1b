# scaffold's own tasks. Both entry points install what they need (uv, then the locked environment).
export UV_COMPILE_BYTECODE := 1
UV := $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")
KIND ?= churn-predictor

.PHONY: uv env demo test lint bench release

uv:
	@command -v uv >/dev/null 2>&1 || test -x "$(UV)" || python3 -m pip install --quiet --user uv

env: uv
	"$(UV)" sync --locked

demo: env  ## Generate a KIND project into ./demo/KIND and run it end to end
	rm -rf demo/$(KIND)
	mkdir -p demo
	"$(UV)" run scaffold new $(KIND) demo/$(KIND) --defaults
	$(MAKE) -C demo/$(KIND) setup all

test: env  ## The whole test suite, slow end-to-end tests included
	"$(UV)" run pytest

lint: env
	"$(UV)" run ruff check .
	"$(UV)" run ruff format --check .
	"$(UV)" run mypy

bench: env  ## Print the speed figures of the tool
	"$(UV)" run python benchmarks/bench_cli.py

release: env  ## make release VERSION=x.y.z: bump, append the template to the shipped history, date the CHANGELOG
	"$(UV)" run python scripts/release.py $(VERSION)
