# Quick start: `make run` launches the kiosk, `make test` runs lint and the whole test suite.
# Both create .venv and install the pinned dependencies first.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run run-windowed test coverage lint check self-test screenshots bundle bench clean

$(STAMP): pyproject.toml requirements/constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)  ## start the kiosk full screen with the bundled content
	$(BIN)/kiosk

run-windowed: $(STAMP)  ## a 1280x800 window, for staff and development
	$(BIN)/kiosk --windowed

test: $(STAMP) lint  ## ruff, then the whole pytest suite (offscreen)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

coverage: $(STAMP)  ## line coverage of the whole suite, child processes included, per module
	rm -f .coverage .coverage.*
	QT_QPA_PLATFORM=offscreen $(BIN)/coverage run -m pytest -q; status=$$?; \
		$(BIN)/coverage combine --quiet && $(BIN)/coverage report && exit $$status

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict kiosk/content kiosk/textfiles.py kiosk/problems.py kiosk/settings \
		kiosk/pin.py kiosk/pin_store.py kiosk/atomic.py kiosk/logs.py kiosk/crash_log.py
	$(BIN)/mypy --strict --follow-imports=silent kiosk/session.py kiosk/ui/session_holder.py \
		kiosk/ui/screens.py kiosk/ui/timers.py
	$(BIN)/mypy --follow-imports=silent kiosk/ui kiosk/app.py kiosk/selftest.py  # the Qt layer

check: $(STAMP)  ## check the bundled content like clinic staff would
	$(BIN)/kiosk check --strict content

self-test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/kiosk --self-test

screenshots: $(STAMP)  ## retake the README's screenshots from the app
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py docs/screenshots

bundle: $(STAMP)  ## dist/kiosk/: the one-folder app (PyInstaller), then its smoke test
	KIOSK_BUILD_SLIM_ICU=1 $(BIN)/pyinstaller --noconfirm build.spec
	$(BIN)/python scripts/smoke_bundle.py dist/kiosk

bench: $(STAMP)  ## performance figures, one `name: value` line each (docs/performance.md)
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run.py

clean:
	rm -rf build dist .pytest_cache .ruff_cache
