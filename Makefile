# Set everything up on a fresh machine: `make demo` runs the main job on the
# built-in demo, `make test` runs the whole suite. Both install first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test bench train clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# NO_DASHBOARD=1 stops after loading (CI); otherwise the dashboard opens on the demo
demo: install
	$(BIN)/antq demo $(if $(NO_DASHBOARD),--no-dashboard)

test: install
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/nlp_throughput.py

# Rebuild the shipped weights of the learned NLP components (nlp/models/) from the
# development corpus in ../shared; deterministic, so an unchanged corpus gives the same files
train: install
	$(BIN)/python tools/train.py

clean:
	rm -rf $(VENV) build *.egg-info
