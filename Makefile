# Two commands do all the set-up on a fresh machine:  make serve  /  make test
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: serve site check proof test lint clean wheelhouse wheelhouse-check

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

serve: $(STAMP)  ## build the sample site and serve it at http://127.0.0.1:8000
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs serve --dirty -a 127.0.0.1:8000

site: $(STAMP)  ## build into site/ (atomically: a failed build keeps the old site)
	$(PY) -m scripts build

check: $(STAMP)  ## validate every material and print every problem
	$(PY) -m scripts check

proof: $(STAMP)  ## 规范表述校对：materials/ 中的全部材料、题库和学习安排
	$(PY) -m scripts proof

test: $(STAMP)  ## run every test (unit, build, browser)
	$(PY) -m pytest -n 2 --dist loadgroup -q

wheelhouse: $(STAMP)  ## every wheel for an offline install into wheelhouse/ (add PLATFORM=windows for Windows)
	$(PY) -m scripts wheelhouse --platform $(or $(PLATFORM),native)

wheelhouse-check: $(STAMP)  ## collect the wheelhouse, then install from it into a fresh venv without the network
	$(PY) -m scripts wheelhouse --verify

lint: $(STAMP)
	$(PY) -m ruff check scripts tests
	$(PY) -m ruff format --check scripts tests

clean:
	rm -rf site site.*
