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

.PHONY: install demo test bench clean messages

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
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) configs/*/.nrikit site reports

# Translation catalogues: extract every N_() message into the templates (.pot) and merge them into
# each language's .po (nrikit's and each bundled plugin's). Translators then fill in the msgstr.
# tests/test_i18n.py fails when a .pot is stale or a .po misses a message.
PYBABEL_EXTRACT := $(BIN)/pybabel -q extract --no-default-keywords -k N_ --no-location --sort-output --omit-header
messages: install
	$(PYBABEL_EXTRACT) -o src/nrikit/locales/nrikit.pot src/nrikit
	$(BIN)/pybabel -q update --no-fuzzy-matching --ignore-obsolete -D nrikit -i src/nrikit/locales/nrikit.pot -d src/nrikit/locales
	$(foreach p,peru brazil eurodig,$(PYBABEL_EXTRACT) -o plugins/nrikit-$(p)/src/nrikit_$(p)/locales/nrikit_$(p).pot plugins/nrikit-$(p)/src && \
	$(BIN)/pybabel -q update --no-fuzzy-matching --ignore-obsolete -D nrikit_$(p) -i plugins/nrikit-$(p)/src/nrikit_$(p)/locales/nrikit_$(p).pot -d plugins/nrikit-$(p)/src/nrikit_$(p)/locales &&) true
