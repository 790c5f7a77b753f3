# The explainer's commands. The two a reader needs:
#   make lab    set everything up (first time) and open chapter 00 in JupyterLab
#   make test   set everything up (first time) and run the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab lint pins test notebooks basemap html site bench readme system clean

$(PY_STAMP): requirements.txt pyproject.toml jupyter/overrides.json jupyter/jupyter_server_config.d/explainer.json
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	mkdir -p $(VENV)/share/jupyter/lab/settings $(VENV)/etc/jupyter/jupyter_server_config.d
	cp jupyter/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	cp jupyter/jupyter_server_config.d/explainer.json $(VENV)/etc/jupyter/jupyter_server_config.d/explainer.json
	touch $@

# The explainer's JupyterLab extension (explainer/labextension.py: figures take their phone
# layout in a narrow panel), written into the environment's labextensions folder.
LABEXT := $(VENV)/share/jupyter/labextensions/explainer-phone/package.json
$(LABEXT): $(PY_STAMP) explainer/labextension.py explainer/notebook.py
	$(PY) -m explainer.labextension $(VENV)/share/jupyter/labextensions

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

system:
	scripts/ensure_system.sh

## Open the explainer: JupyterLab on chapter 00 (local only, nothing fetched).
lab: $(PY_STAMP) $(LABEXT)
	cd notebooks && ../$(VENV)/bin/jupyter lab $(ROOT_FLAG) 00_start_here.ipynb

## Run every test: data validation, figures, strict nbval on every notebook,
## the network guard and the offline browser tests, with no network but loopback (scripts/offline.sh).
test: system $(PY_STAMP) $(LABEXT) $(NODE_STAMP) lint pins
	scripts/offline.sh $(PY) -m pytest -n 2 --dist loadscope --nbval --nbval-sanitize-with tests/sanitize.cfg

## Lint and format check of the package, scripts, tests and notebooks (ruff reads .ipynb itself).
lint: $(PY_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## Every pin in requirements.txt resolves to wheels for Binder's Python (runtime.txt), 3.12 and 3.13.
## A dry run: pip reads its package index and installs nothing.
PIN_VERSIONS := $(patsubst python-%,%,$(shell cat runtime.txt)) 3.12 3.13
pins: $(PY_STAMP)
	@for v in $(PIN_VERSIONS); do \
	  grep -v '^-e' requirements.txt > $(VENV)/pins.txt; \
	  $(PY) -m pip install -qq --dry-run --ignore-installed --only-binary=:all: \
	    --python-version $$v --target $(VENV)/pins-target -r $(VENV)/pins.txt \
	    || { echo "requirements.txt does not resolve for Python $$v"; exit 1; }; \
	  echo "requirements.txt resolves for Python $$v"; \
	done

## Regenerate navigation and slide layout, then re-execute every notebook top to bottom, in place, offline (commit the result).
notebooks: $(PY_STAMP)
	$(PY) scripts/add_navigation.py
	$(PY) scripts/slide_layout.py
	scripts/offline.sh $(PY) scripts/run_notebooks.py

## Rebuild data/geo/*.geojson: base maps from Natural Earth (npm world-atlas), territory layers from data/geo/sources.
basemap: $(PY_STAMP) $(NODE_STAMP)
	$(PY) scripts/build_basemap.py
	$(PY) scripts/build_territory.py

## Measure execution, size, page readiness, payload and interaction; write BENCHMARKS.md.
bench: system $(PY_STAMP) $(NODE_STAMP)
	$(PY) scripts/benchmark.py --reps 3

## Build the offline site, slide decks and one-page handouts (HTML + PDF) into build/site (open build/site/index.html).
site: system $(PY_STAMP) $(NODE_STAMP)
	$(PY) scripts/build_site.py build/site

## Write README.md's nbviewer and Binder links from [tool.explainer] in pyproject.toml.
readme: $(PY_STAMP)
	$(PY) scripts/readme_links.py

## Export every notebook to build/html as nbviewer would show it.
html: $(PY_STAMP)
	$(VENV)/bin/jupyter nbconvert --to html --output-dir build/html notebooks/[0-9][0-9]_*.ipynb

clean:
	rm -rf build $(VENV) node_modules
