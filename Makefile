# Two commands do all set-up on a fresh machine:
#   make demo   install nrikit in .venv, run the Peru IGF 2016 and 2017 editions end to end, publish them
#               and serve the open-data instance on 127.0.0.1 (Ctrl-C stops it)
#   make test   install nrikit in .venv and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PLUGINS := $(wildcard plugins/*/pyproject.toml)

.PHONY: install demo test clean

$(BIN)/.installed: pyproject.toml $(PLUGINS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]' $(foreach p,$(PLUGINS),-e $(dir $(p)))
	touch $@

install: $(BIN)/.installed

demo: install
	$(BIN)/nrikit run configs/peru/2016.toml
	$(BIN)/nrikit run configs/peru/2017.toml
	$(BIN)/nrikit findings configs/peru/2017.toml
	$(BIN)/nrikit publish configs/peru/2016.toml configs/peru/2017.toml --out site
	$(BIN)/nrikit report configs/peru/2017.toml --site site --out reports/igf-peru-2017.html
	$(BIN)/nrikit report configs/peru/2017.toml --site site --lang es --out reports/igf-peru-2017.es.md
	$(BIN)/nrikit serve site

test: install
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) configs/*/.nrikit site reports
