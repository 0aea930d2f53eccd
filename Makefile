# Two commands do all set-up on a fresh machine:
#   make demo   install nrikit in .venv, run the example editions (Peru IGF 2016 and 2017, Brazil's FIB 2025,
#               EuroDIG 2024) end to end, write the Peru 2017 annual report, publish all of them as one
#               open-data instance and serve it on 127.0.0.1 (Ctrl-C stops it)
#   make test   install nrikit in .venv and run the whole test suite
# and, when measuring: make bench (every benchmark, one table of ratios and goals; docs/benchmarks.md)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PLUGINS := $(wildcard plugins/*/pyproject.toml)

.PHONY: install demo test bench clean

$(BIN)/.installed: pyproject.toml $(PLUGINS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]' $(foreach p,$(PLUGINS),-e $(dir $(p)))
	touch $@

install: $(BIN)/.installed

EDITIONS := configs/peru/2016.toml configs/peru/2017.toml configs/brazil/2025.toml configs/eurodig/2024.toml

demo: install
	$(foreach c,$(EDITIONS),$(BIN)/nrikit run $(c) &&) true
	$(BIN)/nrikit findings configs/peru/2017.toml
	$(BIN)/nrikit publish $(EDITIONS) --out site --title "Internet Governance Forum initiatives: open data"
	$(BIN)/nrikit report configs/peru/2017.toml --site site --out reports/igf-peru-2017.html
	$(BIN)/nrikit report configs/peru/2017.toml --site site --lang es --out reports/igf-peru-2017.es.md
	$(BIN)/nrikit serve site

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) configs/*/.nrikit site reports
