# Kamerspoor. A newcomer needs two targets: `make run` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= kamerspoor.duckdb
PORT   ?= 8501

.PHONY: install ingest run test bench clean

install: $(STAMP)

$(STAMP): pyproject.toml scripts/install-system.sh models/build_e5.py models/build_fast.py
	bash scripts/install-system.sh
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) models/build_e5.py
	$(PY) -m models.build_fast
	touch $(STAMP)

ingest: install
	$(BIN)/kamerspoor ingest corpus --db $(DB)

run: ingest  # 127.0.0.1 only; ADDRESS=0.0.0.0 needs KAMERSPOOR_PASSWORD; SERVE_FLAGS=--allow-upload lets the app add papers
	$(BIN)/kamerspoor serve --db $(DB) --port $(PORT) --address $(or $(ADDRESS),127.0.0.1) $(SERVE_FLAGS)

test: install  # two processes, a test file each at a time: 11 min instead of 15 on 2 cores (README)
	$(BIN)/pytest -q -n 2 --dist loadfile

bench: install
	$(PY) -m bench.ingest
	$(PY) -m bench.statements
	$(PY) -m bench.embed
	$(PY) -m models.train_heads --check
	$(PY) -m models.train_scope --check
	$(PY) -m bench.classify
	$(PY) -m bench.model_stage
	$(PY) -m bench.query_path
	$(PY) -m bench.scope
	$(PY) -m bench.regions
	$(PY) -m bench.pacts
	$(PY) -m bench.commitments
	$(PY) -m bench.toezegging_forms
	$(PY) -m bench.motie_mentions
	$(PY) -m bench.registry
	$(PY) -m bench.motie_names
	$(PY) -m bench.tk_scale
	$(PY) -m bench.formats | tee bench/output_formats.txt
	$(PY) -m bench.search
	$(PY) -m bench.paraphrase
	$(PY) -m bench.passage_trial
	$(PY) -m bench.adapt_trial
	$(PY) -m bench.app --with-streamlit-defaults
	$(PY) -m bench.reliability
	$(PY) -m bench.fuzz_atheris -runs=3000

clean:
	rm -rf $(VENV) $(DB) $(DB).wal .pytest_cache
