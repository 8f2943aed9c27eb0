# sprintkit — every target creates or refreshes .venv itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export MPLBACKEND := Agg
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo demo-kvu demo-training test lint bench lab schemas clean browser postgres hubproxy

# (Re)install when pyproject.toml changes or the venv is missing. The example plugin of the
# tests is never installed here (tests/conftest.py puts it on the path for the test session),
# so `make demo` and `make lab` show sprintkit alone; a copy an older Makefile put in is removed.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@$(BIN)/python -m pip uninstall --quiet -y sprintkit-example-plugin 2>/dev/null || true
	@touch $(STAMP)

## demo: the main job — the whole Molenwijk journey headless (7 notebooks), results in out/
demo: $(STAMP)
	$(BIN)/sprintkit validate casus/molenwijk
	$(BIN)/sprintkit run casus/molenwijk --out out
	@echo "Resultaten staan in out/molenwijk/ (notebooks, figures/, journey.json, verslagen)"

## demo-kvu: the Nachtkwartier KVU journey headless (7 steps), results in out/nachtkwartier/
demo-kvu: $(STAMP)
	$(BIN)/sprintkit validate casus/nachtkwartier
	$(BIN)/sprintkit run casus/nachtkwartier --out out
	@echo "Resultaten staan in out/nachtkwartier/ (notebooks, figures/, journey.json, verslagen)"

## demo-training: the one-day Molenwijk training headless, results in out/molenwijk-training/
demo-training: $(STAMP)
	$(BIN)/sprintkit validate casus/molenwijk
	$(BIN)/sprintkit run casus/molenwijk --training --out out
	@echo "Resultaten staan in out/molenwijk-training/ (trainingsdag.ipynb, samenwerking-training, wie-doet-wat)"

# Debian's chromium for the real-browser test; installed once, skipped when present.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian chromium for the browser test"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Debian's PostgreSQL for the store tests (a throwaway server per test session, tests/pgserver.py);
# installed once, skipped when present. The cluster Debian creates is stopped and never used.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || { \
	  echo "installing Debian postgresql for the store tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql >/dev/null; \
	  $$SUDO service postgresql stop >/dev/null 2>&1 || true; }

# JupyterHub's proxy (configurable-http-proxy, from npm with the machine's Node.js) for the test
# that starts the hub of deploy/jupyterhub_config.py; installed once, skipped when present.
hubproxy:
	@command -v configurable-http-proxy >/dev/null 2>&1 || { \
	  echo "installing configurable-http-proxy (npm) for the JupyterHub test"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO npm install --global --silent configurable-http-proxy@5 >/dev/null; }

## test: lint and the full test suite
test: $(STAMP) lint browser postgres hubproxy
	$(BIN)/python -W error -c "import sprintkit"
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check sprintkit tests benchmarks
	$(BIN)/ruff format --check sprintkit tests benchmarks
	$(BIN)/python -m mypy sprintkit

## bench: speed goals as ratios against baselines measured in the same run
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

## lab: JupyterLab on the notebooks, laid out for a projector (settings in jupyter/settings/:
## Simple Interface, no news pop-up, >= 16 px text), copied fresh on every start
LAB_SETTINGS := .sprintkit/lab-settings
LAB_CONFIG   := .sprintkit/lab-config
lab: $(STAMP)
	@rm -rf $(LAB_SETTINGS) && mkdir -p $(LAB_SETTINGS) && cp -R jupyter/settings/. $(LAB_SETTINGS)/
	@rm -rf $(LAB_CONFIG) && mkdir -p $(LAB_CONFIG) && cp -R jupyter/custom $(LAB_CONFIG)/
	JUPYTERLAB_SETTINGS_DIR=$(CURDIR)/$(LAB_SETTINGS) JUPYTER_CONFIG_DIR=$(CURDIR)/$(LAB_CONFIG) \
	  $(BIN)/jupyter lab notebooks/ --LabApp.custom_css=True \
	  $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

## schemas: rewrite the committed JSON Schemas after a model change
schemas: $(STAMP)
	$(BIN)/python -m sprintkit.schemas

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache out
