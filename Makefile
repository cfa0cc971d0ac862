# Two commands from a fresh clone:
#   make site   installs what is needed (into .venv) and builds the public site into site/
#   make test   runs every test (installs Debian's Chromium, CJK fonts and npm when missing, and the other engines' environments)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site review test check serve bench messages engines

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

site: $(BIN)/.installed
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

review: $(BIN)/.installed
	PLANS_REVIEW=1 NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

check: $(BIN)/.installed
	$(BIN)/python -m generator check

serve: $(BIN)/.installed
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve

tests/js/node_modules/.installed: tests/js/package.json tests/js/package-lock.json
	bash scripts/ensure-test-tools
	npm ci --prefix tests/js --no-audit --no-fund
	touch $@

# The build engines that cannot share .venv (docs/engines.md): one environment each
ENGINE_VENVS := .venv-engines/mkdocs-ng/.installed .venv-engines/materialx/.installed
.venv-engines/%/.installed: pyproject.toml
	PYTHON=$(PYTHON) bash scripts/engine-venv $*

engines: $(ENGINE_VENVS)

test: $(BIN)/.installed tests/js/node_modules/.installed $(ENGINE_VENVS)
	bash scripts/ensure-test-tools
	$(BIN)/python -m pytest -n 2 --dist loadfile

bench: $(BIN)/.installed
	bash scripts/ensure-test-tools
	$(BIN)/python -m bench

# Collect the messages wrapped in _() into the Chinese catalog (new ones come untranslated:
# translate them in generator/locale/zh_CN/LC_MESSAGES/messages.po; tests/test_i18n.py checks)
messages: $(BIN)/.installed
	$(BIN)/pybabel extract --no-location --omit-header --sort-output -F generator/locale/babel.cfg -k _ -k N_ -o generator/locale/messages.pot generator
	test -f generator/locale/zh_CN/LC_MESSAGES/messages.po || $(BIN)/pybabel init -i generator/locale/messages.pot -d generator/locale -l zh_CN
	$(BIN)/pybabel update --no-fuzzy-matching --omit-header -i generator/locale/messages.pot -d generator/locale -l zh_CN
	rm generator/locale/messages.pot
