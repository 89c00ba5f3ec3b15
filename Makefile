# The few commands a person types. Each target installs what it needs first; a second run skips the install
# steps whose inputs (requirements.txt, package-lock.json, ...) have not changed (stamps in .stamps/).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .stamps
export NO_MKDOCS_2_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: serve site test models bench lint format setup clean

## make serve: build the site from the committed models and serve it at http://127.0.0.1:8000 with live reload
serve: setup
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

## make site: static build into site/ (about 10 s)
site: setup
	$(BIN)/mkdocs build --strict

## make test: the whole suite (unit, notebooks, site build, browser tests in Chromium)
test: setup $(STAMPS)/chromium
	$(BIN)/ruff check src scripts tests
	$(BIN)/ruff format --check src scripts tests
	$(BIN)/python -m pytest

## make models: retrain every model and regenerate every saved result the pages quote (about 17 minutes on 2 cores)
models: setup
	$(BIN)/python scripts/train_cnn.py
	$(BIN)/python scripts/train_weather_rnn.py
	$(BIN)/python scripts/save_weather_scores.py
	$(BIN)/python scripts/save_weather_cells.py
	$(BIN)/python scripts/save_layer_costs.py
	$(BIN)/python scripts/save_example_results.py
	$(BIN)/python scripts/save_digit_preparation.py
	$(BIN)/python scripts/render_kernel_figures.py
	$(BIN)/python scripts/build_kernels_notebook.py
	$(BIN)/python scripts/export_graphs.py
	$(BIN)/python scripts/build_graphs_notebook.py
	$(BIN)/python scripts/save_gradients_through_time.py
	$(BIN)/python scripts/save_bptt_memory.py
	$(BIN)/python scripts/save_weather_days.py
	$(BIN)/python scripts/train_memory_task.py
	$(BIN)/python scripts/build_rnn_notebook.py
	$(BIN)/python scripts/save_char_baselines.py
	$(BIN)/python scripts/export_char_ngram.py
	$(BIN)/python scripts/train_char_rnn.py --seeds 1 2
	$(BIN)/python scripts/save_char_units.py
	$(BIN)/python scripts/save_char_sampling.py

## make bench: re-measure the benchmarks the pages and notes quote (a few minutes; numbers depend on the machine)
bench: setup $(STAMPS)/chromium
	$(BIN)/python scripts/bench_why_cpp.py
	$(BIN)/python scripts/bench_eager_vs_graph.py
	$(BIN)/python scripts/bench_digit_demo.py
	$(BIN)/python scripts/bench_kernel_playground.py
	$(BIN)/python scripts/bench_page_quality.py
	$(BIN)/python scripts/bench_phone.py
	$(BIN)/python scripts/bench_graph_viewer.py
	$(BIN)/python scripts/bench_weather_memory.py
	$(BIN)/python scripts/bench_gradients_demo.py
	$(BIN)/python scripts/bench_char_rnn_demo.py

lint: setup
	$(BIN)/ruff check src scripts tests
	$(BIN)/ruff format --check src scripts tests

format: setup
	$(BIN)/ruff check --fix src scripts tests
	$(BIN)/ruff format src scripts tests

setup: $(STAMPS)/python $(STAMPS)/npm

$(STAMPS)/python: requirements.txt pyproject.toml
	@mkdir -p $(STAMPS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(STAMPS)/npm: package.json package-lock.json
	@mkdir -p $(STAMPS)
	npm ci --no-audit --no-fund
	touch $@

$(STAMPS)/chromium: scripts/ensure_chromium.sh $(STAMPS)/python
	@mkdir -p $(STAMPS)
	bash scripts/ensure_chromium.sh $(BIN)/python
	touch $@

clean:
	rm -rf site $(STAMPS)
