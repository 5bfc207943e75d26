# Yangguang: `make run` serves the platform with demo data, `make test` runs the whole suite.
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
PYTHON := $(shell scripts/find-python)

.PHONY: run test system-deps messages clean

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { scripts/find-python; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

system-deps:
	@scripts/system-deps

run: $(VENV)/.installed system-deps
	$(VENV)/bin/yangguang migrate --no-input -v 0
	$(VENV)/bin/yangguang demo --once
	$(VENV)/bin/yangguang sweep
	$(VENV)/bin/yangguang serve --port $(PORT) --worker

test: $(VENV)/.installed
	@scripts/system-deps --browser
	YANGGUANG_TEST_ARTIFACTS=$${YANGGUANG_TEST_ARTIFACTS:-$(CURDIR)/var/test-artifacts} $(PY) -m yangguang.testing.tiers

messages: $(VENV)/.installed
	$(PY) -m yangguang.testing.messages

clean:
	rm -rf $(VENV) var
