# Two commands do everything on a fresh Debian machine (Python 3.11+, Node 20+, npm):
#   make serve   build the site and serve it on http://127.0.0.1:8000/ (live reload; PORT=8001 for another port)
#   make test    run every test (installs what the tests need, Chromium included)
#   make build   build the site into site/ (ENGINE=zensical to build it with Zensical)
PYTHON ?= python3
PORT   ?= 8000
ENGINE ?= mkdocs
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve test build check setup browser bench lighthouse clean new-intervention new-page schema

serve: setup
	@$(BIN)/toolkit serve --port $(PORT)

test: setup browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# make build ENGINE=zensical: the generator step, Zensical on the config it wrote, the finishing step
# (toolkit site names the engines it knows when given another).
build: setup
	@$(BIN)/toolkit site --engine $(ENGINE)

check: setup
	$(BIN)/toolkit check

# The toolkit command without typing .venv/bin/: make new-intervention BLOCK=recruitment TITLE="Use work samples"
new-intervention: setup
	$(BIN)/toolkit new intervention --block "$(BLOCK)" $(if $(RELATED),--related "$(RELATED)") "$(TITLE)"

new-page: setup
	$(BIN)/toolkit new page "$(TITLE)"

schema: setup
	$(BIN)/toolkit schema

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Browser tests need a Chromium: Debian's package when we are root on Debian (Playwright cannot
# download its own browser on every network), otherwise Playwright's own build.
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else $(BIN)/python -m playwright install chromium; fi
	@# The Nu Html Checker (tests/quality) runs on Java.
	@if command -v java >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	else echo "Java is missing: install a Java runtime (17+) for the HTML validity tests" >&2; fi

bench: setup browser
	$(BIN)/python -m bench

# Lighthouse on the home page, one intervention and each calculator, 3 runs (bench/results/lighthouse.json).
lighthouse: setup browser
	$(BIN)/python -m bench.lighthouse

clean:
	rm -rf build site .pytest_cache .cache mkdocs.generated.yml
