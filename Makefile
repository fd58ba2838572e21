# vlaplay — two commands on a fresh Debian/Ubuntu machine with the Swift toolchain:
#   make run    install what is missing, build, start vlaplay
#   make test   install what is missing, build, run every test
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Debian packages vlaplay needs: ncurses (wide) for the TUI, tmux for end-to-end
# TUI tests, python3-venv for the Python tooling.
APT_PACKAGES := libncurses-dev ncurses-base tmux python3-venv
SWIFT ?= swift
VLAPLAY_ARGS ?=
PYTHON ?= python3
TOOLS_VENV := .venv-tools
REMOTE_VENV := .venv-remote

.PHONY: help deps build run test release bench golden clean serve train model-report fuzz

help:
	@echo "vlaplay make targets:"
	@echo "  make run      install missing system packages, build, start vlaplay (VLAPLAY_ARGS='...' to pass arguments)"
	@echo "  make test     install missing system packages, build, run all tests"
	@echo "  make bench    release build + peer benchmark against Pinocchio and ikpy (see BENCHMARKS.md)"
	@echo "  make fuzz     coverage-guided fuzzing of every parser, FUZZ_SECONDS (30) per target (Fuzz/, see BENCHMARKS.md)"
	@echo "  make golden   regenerate the Pinocchio golden FK values"
	@echo "  make serve    start the reference policy server (python/vlaplay_server) on ws://127.0.0.1:8000"
	@echo "  make train    record the trajectory datasets and retrain Models/minivla (CPU ~110 min, GPU minutes; docs/MODEL.md)"
	@echo "  make model-report  minivla next to the expert per family, held-out layouts and instructions (docs/MODEL.md)"
	@echo "  make deps     only install the missing system packages"
	@echo "  make clean    remove build outputs"

# Installs missing Debian packages: as root directly, else with sudo when it needs no
# password; otherwise prints the exact command to run and stops.
deps:
	@command -v $(SWIFT) >/dev/null 2>&1 || { echo "error: the Swift toolchain (swift) is not on PATH. Install Swift 6 from swift.org (e.g. with swiftly), then run make again." >&2; exit 1; }
	@if ! command -v dpkg >/dev/null 2>&1; then \
	  echo "note: not a Debian-based system; make sure ncursesw headers, tmux and python3 venv are installed."; exit 0; fi; \
	missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	echo "installing:$$missing"; \
	if [ "$$(id -u)" = 0 ]; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null || { echo "error: apt-get install$$missing failed" >&2; exit 1; }; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	  (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null || { echo "error: sudo apt-get install$$missing failed" >&2; exit 1; }; \
	else \
	  echo "error: vlaplay needs:$$missing" >&2; \
	  echo "run:   sudo apt-get install -y$$missing" >&2; exit 1; \
	fi

# The binary is rebuilt only when a source, the package manifest or a test-free
# dependency changed: a second `make run` starts at once (swift build's own no-op
# check takes seconds).
SOURCES := $(shell find Sources -type f) Package.swift
VLAPLAY_BIN := .build/debug/vlaplay

$(VLAPLAY_BIN): $(SOURCES)
	$(SWIFT) build
	@touch $@

build: deps $(VLAPLAY_BIN)

run: deps $(VLAPLAY_BIN)
	./$(VLAPLAY_BIN) $(VLAPLAY_ARGS)

test: deps $(REMOTE_VENV)/.installed $(REMOTE_VENV)/.ray-installed
	$(SWIFT) build --build-tests
	$(SWIFT) test
	$(REMOTE_VENV)/bin/python -m pytest -q python/tests
	SWIFT=$(SWIFT) PYTHON=$(REMOTE_VENV)/bin/python Fuzz/run.sh replay

release: deps
	$(SWIFT) build -c release

$(TOOLS_VENV)/.installed: python/requirements-tools.txt
	$(PYTHON) -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/pip install -q -r python/requirements-tools.txt
	touch $@

$(REMOTE_VENV)/.installed: python/requirements-remote.txt
	$(PYTHON) -m venv $(REMOTE_VENV)
	$(REMOTE_VENV)/bin/pip install -q -r python/requirements-remote.txt
	touch $@

# Ray for the sharding driver (python/vlaplay_ray, docs/SCALE.md), on top of the remote venv.
$(REMOTE_VENV)/.ray-installed: python/requirements-ray.txt $(REMOTE_VENV)/.installed
	$(REMOTE_VENV)/bin/pip install -q -r python/requirements-ray.txt
	touch $@

serve: $(REMOTE_VENV)/.installed
	PYTHONPATH=python $(REMOTE_VENV)/bin/python -m vlaplay_server --port 8000 --policy demo

bench: release $(TOOLS_VENV)/.installed $(REMOTE_VENV)/.installed
	$(TOOLS_VENV)/bin/python python/tools/bench_peers.py --vlaplay .build/release/vlaplay
	$(REMOTE_VENV)/bin/python python/tools/bench_remote.py --vlaplay .build/release/vlaplay
	./.build/release/vlaplay bench render

golden: $(TOOLS_VENV)/.installed
	$(TOOLS_VENV)/bin/python python/tools/golden_fk.py

clean:
	rm -rf .build .build-fuzz

# Coverage-guided fuzzing (Fuzz/: libFuzzer targets built with -sanitize=fuzzer into
# .build-fuzz, apart from the normal build). `make test` only replays the seeds, the
# regression inputs and the corpus kept from earlier runs.
FUZZ_SECONDS ?= 30
fuzz: deps $(REMOTE_VENV)/.installed
	SWIFT=$(SWIFT) PYTHON=$(REMOTE_VENV)/bin/python Fuzz/run.sh $(FUZZ_SECONDS)

# minivla (docs/MODEL.md): record the expert on the trajectory scenes (the family with
# virtual embodiments; the Panda's trajectory scene with gripper and rate variants; the
# family again with noise injection; the Panda's scene twice more with noise), train on
# the first two, continue on the first three, then on the Panda-weighted noisy four, and
# write the Swift golden file and the measures. Each stage anneals over its steps or its
# minutes, whichever ends first (the shipped weights, on this shared 2-core CPU: stage 1
# 8000 steps in 59 min, stage 2 5000 steps in 24 min, stage 3 8000 steps in 22 min; a GPU
# finishes the steps in minutes).
TRAIN_DATA ?= .build/minivla-data
TRAIN_STEPS ?= 8000
TRAIN_MINUTES ?= 70
TUNE_STEPS ?= 5000
TUNE_MINUTES ?= 30
STAGE3_STEPS ?= 8000
STAGE3_MINUTES ?= 40
train: deps $(VLAPLAY_BIN) $(REMOTE_VENV)/.installed
	rm -rf $(TRAIN_DATA) && mkdir -p $(TRAIN_DATA)
	./$(VLAPLAY_BIN) record --family trajectory --episodes 200 --jobs 2 --image-size 16x16 --out $(TRAIN_DATA)/traj
	./$(VLAPLAY_BIN) record --scene trajectory --episodes 400 --jobs 2 --seed 1000 --image-size 16x16 \
	  --embodiments card,flipped_gripper,half_rate,double_rate --out $(TRAIN_DATA)/traj2
	./$(VLAPLAY_BIN) record --family trajectory --episodes 300 --jobs 2 --seed 2000 --image-size 16x16 \
	  --action-noise 0.1 --out $(TRAIN_DATA)/dart
	./$(VLAPLAY_BIN) record --scene trajectory --episodes 400 --jobs 2 --seed 3000 --image-size 16x16 --action-noise 0.05 \
	  --embodiments card,flipped_gripper,half_rate,double_rate --out $(TRAIN_DATA)/dart_panda
	./$(VLAPLAY_BIN) record --scene trajectory --episodes 800 --jobs 2 --seed 4000 --image-size 16x16 --action-noise 0.1 \
	  --embodiments card,flipped_gripper,half_rate,double_rate --out $(TRAIN_DATA)/dart_panda2
	cd python && ../$(REMOTE_VENV)/bin/python -m minivla.train --data ../$(TRAIN_DATA)/traj ../$(TRAIN_DATA)/traj2 \
	  --out ../$(TRAIN_DATA)/stage1 --steps $(TRAIN_STEPS) --max-minutes $(TRAIN_MINUTES)
	cd python && ../$(REMOTE_VENV)/bin/python -m minivla.train --data ../$(TRAIN_DATA)/traj ../$(TRAIN_DATA)/traj2 ../$(TRAIN_DATA)/dart \
	  --init ../$(TRAIN_DATA)/stage1 --lr 1e-3 --out ../$(TRAIN_DATA)/stage2 --steps $(TUNE_STEPS) --max-minutes $(TUNE_MINUTES)
	cd python && ../$(REMOTE_VENV)/bin/python -m minivla.train --data ../$(TRAIN_DATA)/traj2 ../$(TRAIN_DATA)/dart \
	  ../$(TRAIN_DATA)/dart_panda ../$(TRAIN_DATA)/dart_panda2 \
	  --init ../$(TRAIN_DATA)/stage2 --lr 5e-4 --out ../Models/minivla --steps $(STAGE3_STEPS) --max-minutes $(STAGE3_MINUTES)
	cp $(TRAIN_DATA)/stage1/loss.csv Models/minivla/loss_stage1.csv
	cp $(TRAIN_DATA)/stage2/loss.csv Models/minivla/loss_stage2.csv
	cd python && ../$(REMOTE_VENV)/bin/python -m minivla.evaluate --model ../Models/minivla --data ../$(TRAIN_DATA)/traj2 \
	  --golden ../Tests/MiniVLATests/Golden/minivla_golden.json --out ../Models/minivla/measures.json

# minivla's evaluation table (docs/MODEL.md): success per family next to the expert on
# held-out layouts and instructions, the prompt-sensitivity measures, training time.
model-report: deps $(REMOTE_VENV)/.installed
	$(SWIFT) build -c release --product vlaplay
	cd python && ../$(REMOTE_VENV)/bin/python -m minivla.report --vlaplay .build/release/vlaplay --model Models/minivla \
	  --out ../Models/minivla/report.json --markdown ../Models/minivla/report.md