# For a fresh machine: `make demo` renders the valley, `make test` runs every test (what CI runs),
# `make check` the inner loop: sim, the stories and one clip per backend.
PY := .venv/bin/python
# Tests run in parallel, one worker per logical CPU (pytest-xdist); `make test JOBS=0` runs them in this process.
JOBS ?= logical
PYTEST := $(PY) -m pytest -q -n $(JOBS) --dist loadgroup

.PHONY: setup demo test check gallery docs bench clean

setup:
	@bash scripts/setup.sh

demo: setup
	$(PY) render.py valley

test: setup
	$(PYTEST) --durations=15

check: setup
	$(PYTEST) -m check

gallery: setup
	$(PY) -c "import scenes; print('\n'.join(scenes.names()))" | xargs -P 2 -I{} \
		$(PY) render.py {} --format gif --quality low -o assets/gallery/{}.gif --force
	$(PY) render.py sine --aspect 9:16 --format gif --quality low --out assets/gallery/sine-9x16.gif --force
	$(PY) render.py escape --aspect 4:3 --format gif --quality low --out assets/gallery/escape-4x3.gif --force
	$(PY) docs/_ext/gallery_pictures.py --force

# the documentation site, docs/_build/html (open index.html; it works from file:// with the network off)
docs: setup
	$(PY) -m sphinx -W --keep-going -q -b html docs docs/_build/html

# every benchmark the README cites, each printing its ratios against the baseline it measures in the same run
bench: setup
	$(PY) benchmarks/sim_speed.py
	$(PY) benchmarks/per_run_powers.py
	$(PY) benchmarks/render_speed.py
	$(PY) benchmarks/training.py
	$(PY) benchmarks/sweep.py
	$(PY) benchmarks/lecture.py
	$(PY) benchmarks/web.py

clean:
	rm -rf media .cache
