# Kamerspoor. A newcomer needs two targets: `make run` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= kamerspoor.duckdb
PORT   ?= 8501

.PHONY: install ingest run test bench clean

install: $(STAMP)

$(STAMP): pyproject.toml scripts/install-system.sh models/build_e5.py models/build_onnx.py
	bash scripts/install-system.sh
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) models/build_e5.py
	$(PY) models/build_onnx.py
	touch $(STAMP)

ingest: install
	$(BIN)/kamerspoor ingest corpus --db $(DB)

run: ingest  # 127.0.0.1 only; ADDRESS=0.0.0.0 needs KAMERSPOOR_PASSWORD; SERVE_FLAGS=--allow-upload lets the app add papers
	$(BIN)/kamerspoor serve --db $(DB) --port $(PORT) --address $(or $(ADDRESS),127.0.0.1) $(SERVE_FLAGS)

test: install
	$(BIN)/pytest -q

bench: install
	$(PY) bench/ingest.py
	$(PY) bench/statements.py
	$(PY) bench/embed.py
	$(PY) models/train_heads.py --check
	$(PY) models/train_scope.py --check
	$(PY) bench/classify.py
	$(PY) -m bench.scope
	$(PY) -m bench.regions
	$(PY) -m bench.pacts
	$(PY) bench/commitments.py
	$(PY) -m bench.toezegging_forms
	$(PY) -m bench.motie_mentions
	$(PY) bench/registry.py
	$(PY) -m bench.motie_names
	$(PY) -m bench.tk_scale
	$(PY) bench/formats.py | tee bench/output_formats.txt
	$(PY) bench/search.py
	$(PY) bench/app.py --with-streamlit-defaults
	$(PY) bench/reliability.py
	$(PY) bench/fuzz_atheris.py -runs=3000

clean:
	rm -rf $(VENV) $(DB) $(DB).wal .pytest_cache
