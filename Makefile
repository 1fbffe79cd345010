# The two commands a newcomer needs: `make run` and `make test`.
# Everything else here is what those two call.

PYTHON ?= $(shell for p in python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(not (3,11) <= sys.version_info[:2] <= (3,12))' 2>/dev/null && { echo $$p; break; }; done)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TS     := $(wildcard resources/translations/*.ts)
QM     := $(TS:.ts=.qm)
ARGS   ?=

.PHONY: run test lint bench translations lupdate venv clean screenshot bundle deb

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 or 3.12 is needed (pjsua2-python has no wheels for newer)."; exit 1; }
	@$(PYTHON) -m venv --help >/dev/null 2>&1 || { echo "Install python3-venv (Debian/Ubuntu: apt install python3-venv)."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

venv: $(STAMP)

# Qt Linguist sources (.ts) are committed; the compiled .qm files are built here.
resources/translations/%.qm: resources/translations/%.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

translations: $(QM)

# After changing texts in ui/: refresh the .ts from the code, then translate the new entries.
lupdate: $(STAMP)
	$(BIN)/pyside6-lupdate -no-obsolete $$(find ui -name '*.py' | sort) -ts $(TS)

run: $(STAMP) translations
	$(BIN)/hotline-desk demo report-month
	$(BIN)/hotline-desk demo portal-request
	$(BIN)/hotline-desk $(ARGS)

screenshot: $(STAMP) translations
	$(BIN)/hotline-desk --no-crash-dialog --screenshot docs/main-window.png

lint: $(STAMP)
	$(BIN)/ruff check app ui tests
	$(BIN)/ruff format --check app ui tests
	$(BIN)/mypy
	$(BIN)/lint-imports

test: $(STAMP) translations lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Installers (docs/packaging.md): the one-folder bundle, then the .deb and tar.gz from it.
bundle: $(STAMP) translations
	$(BIN)/python -m pip install -q -e '.[dev,packaging]'
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/hotline-desk.spec

deb: bundle
	$(BIN)/python packaging/linux/build_deb.py

bench: $(STAMP) translations
	$(BIN)/python -m pytest -p no:randomly -m bench tests/bench -s $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) build dist *.egg-info resources/translations/*.qm
