# Two commands for a fresh machine: `make demo` renders the valley, `make test` runs the tests.
PY := .venv/bin/python

.PHONY: setup demo test gallery bench clean

setup:
	@bash scripts/setup.sh

demo: setup
	$(PY) render.py valley

test: setup
	$(PY) -m pytest -q

gallery: setup
	$(PY) render.py all --format gif --quality low --out assets/gallery --force
	$(PY) render.py sine --aspect 9:16 --format gif --quality low --out assets/gallery/sine-9x16.gif --force
	$(PY) render.py escape --aspect 4:3 --format gif --quality low --out assets/gallery/escape-4x3.gif --force

bench: setup
	$(PY) benchmarks/sim_speed.py
	$(PY) benchmarks/render_speed.py
	$(PY) benchmarks/training.py

clean:
	rm -rf media .cache
