# scaffold's own tasks. Both entry points install what they need (uv, then the locked environment).
export UV_COMPILE_BYTECODE := 1
# uv from PATH, or else a private copy installed from PyPI into .tools/ (generated projects call `uv` too).
export PATH := $(CURDIR)/.tools/uv/bin:$(PATH)
UV := $(shell command -v uv 2>/dev/null || echo $(CURDIR)/.tools/uv/bin/uv)
KIND ?= churn-predictor

.PHONY: env demo render test lint bench release

$(CURDIR)/.tools/uv/bin/uv:
	python3 -m venv .tools/uv
	.tools/uv/bin/python -m pip install --quiet uv

env: $(UV)
	"$(UV)" sync --locked

demo: env  ## Generate a KIND project into ./demo/KIND and run it end to end
	rm -rf demo/$(KIND)
	mkdir -p demo
	"$(UV)" run scaffold new $(KIND) demo/$(KIND) --defaults
	$(MAKE) -C demo/$(KIND) setup all

render: env  ## make render KIND=...: the KIND's project rendered into ./render/KIND, to read and navigate (no git, no lock)
	rm -rf render/$(KIND)
	mkdir -p render
	"$(UV)" run scaffold new $(KIND) render/$(KIND) --defaults --no-git --no-lock

test: env  ## The whole test suite, slow end-to-end tests included
	"$(UV)" run pytest

# The frame (plain Python copied into every project) is linted in place with templates/ruff.toml, the generated
# projects' settings, in runs of its own: one ruff run over both . and the frame would lint all of templates/.
FRAME := templates/project/src/frame

lint: env  ## ruff and mypy for the tool, and for the frame in place (with the generated projects' ruff settings)
	"$(UV)" run ruff check .
	"$(UV)" run ruff format --check .
	"$(UV)" run ruff check $(FRAME)
	"$(UV)" run ruff format --check $(FRAME)
	"$(UV)" run mypy

bench: env  ## Print the speed figures of the tool
	"$(UV)" run python benchmarks/bench_cli.py
	"$(UV)" run python benchmarks/bench_first_predict.py

release: env  ## make release VERSION=x.y.z: bump, append the template to the shipped history, date the CHANGELOG
	"$(UV)" run python scripts/release.py $(VERSION)
