# The Three-Layer Stack. `make demo` is the main job; `make test` is what CI runs.
# Everything is installed inside the checkout: .venv/ (Python tools), .tools/
# (mdBook), target/ (cargo). Nothing outside the repo is touched.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := demo
MAKEFLAGS += --no-print-directory

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TOOLS := .tools
MDBOOK_VERSION := 0.5.4
MDBOOK := $(TOOLS)/bin/mdbook
STAMPS := .stamps
GEN := book/src/generated
RELEASE := target/release

# Each part's Python package directory, put on .venv's path by a .pth file;
# tools/ holds the exercise checker (`./ex`, package `classroom`).
PY_PACKAGES := part3-ctypes/python part4-structs/python part5-handles/python \
  part6-hybrid/python part6-hybrid/generated/py tools

# pyo3's own variable for the interpreter to build for. Build scripts that
# compile C against Python.h ask it too (crate python-headers): Part I's C
# yardstick and Part VI's typesupport extension, so cargo build, test and
# clippy use the headers of the Python the tests run.
export PYO3_PYTHON := $(CURDIR)/$(PY)

# Used as `@$(banner) "text"`: a command prefix, so the text may contain commas.
banner := printf '\n\033[1m==== %s ====\033[0m\n'
note := printf '==> %s\n'

.PHONY: demo test reliability book serve outputs build rust generate part6 clean lint rust-test miri py-test book-test exercise-test stub-test bench exercises help

help:
	@echo "make demo   build everything, run every part's demo, build the book"
	@echo "make test   every test, lint and book check (what CI runs)"
	@echo "make book   build the book into book/build/;  make serve  to read it live"
	@echo "make exercises  list the classroom exercises and your progress (then: ./ex --help)"
	@echo "make bench  measure per-call cost of every route (wall time and callgrind instructions)"
	@echo "make reliability  memcheck, debug-interpreter refcounts, Miri and ASan gates (run by CI after make test)"
	@echo "make clean  remove build outputs (keeps .venv and .tools)"

# ---------------------------------------------------------------- tools

$(STAMPS)/venv: requirements-dev.txt Makefile
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
	  || { echo "error: $(PYTHON) is older than 3.10; run make PYTHON=python3.X"; exit 1; }
	@[ -x $(PY) ] || $(note) "Creating .venv and installing pinned Python tools (first time: about 30 s)"
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@# One line per part: the same as an editable install, with no build backend.
	@for dir in $(PY_PACKAGES); do echo "$(CURDIR)/$$dir"; done \
	  > "$$($(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/three_layer_stack.pth"
	@mkdir -p $(STAMPS) && touch $@

$(MDBOOK):
	@$(note) "Installing mdBook $(MDBOOK_VERSION) into $(TOOLS)/ with cargo (first time only: about 2.5 min on 2 cores)"
	@cargo install --locked --quiet --root $(TOOLS) mdbook --version $(MDBOOK_VERSION)

# ---------------------------------------------------------------- build

# cargo is incremental itself: when nothing changed this takes a fraction of a second.
rust:
	@[ -e $(RELEASE)/libscalars.so ] || $(note) "Building the Rust workspace in release mode (first time: about 1 min)"
	@cargo build --release --workspace --quiet

# cffi API mode: generate and compile the Layer 2 shim against the header and libscalars.
$(STAMPS)/part3-cffi: $(STAMPS)/venv part3-ctypes/cffi_build.py part3-ctypes/include/scalars.h $(RELEASE)/libscalars.so
	@$(PY) part3-ctypes/cffi_build.py
	@touch $@

# Part IV's cffi API-mode extension, compiled against structs.h and libstructs.
$(STAMPS)/part4-cffi: $(STAMPS)/venv part4-structs/cffi_build.py part4-structs/include/structs.h $(RELEASE)/libstructs.so
	@$(PY) part4-structs/cffi_build.py
	@touch $@

# What a C compiler makes of structs.h: the layout the tests compare with
# Rust's and ctypes'. Compiled with the flags a careful C user would use.
STRUCTS_LAYOUT_C := $(RELEASE)/structs-layout-c
$(STRUCTS_LAYOUT_C): part4-structs/layout/layout.c part4-structs/include/structs.h
	@$${CC:-cc} -std=c11 -Wall -Wextra -Werror -pedantic -I part4-structs/include $< -o $@

# Part V's pool built without its generation check: only the stateful test
# loads it, to show that it fails (the ABA problem). Never used elsewhere.
ABA_HANDLES := target/aba/release/libhandles.so
$(ABA_HANDLES): $(wildcard part5-handles/src/*.rs config-core/src/*.rs quiet-panic/src/*.rs) part5-handles/Cargo.toml Cargo.lock
	@$(note) "Building libhandles without its generation check, for the stateful test (first time: about 20 s)"
	@cargo build --release --quiet -p part5-handles --features no-generation-check --target-dir target/aba

# Part I's extension module, built by maturin into .venv (its own target
# directory: sharing target/ with cargo would make each rebuild the other).
PART1_SOURCES := $(wildcard part1-capi/src/*.rs part1-capi/c/*.c part1-capi/build.rs config-core/src/*.rs quiet-panic/src/*.rs) \
  part1-capi/Cargo.toml config-core/Cargo.toml part1-capi/pyproject.toml part1-capi/part1_capi.pyi Cargo.lock
$(STAMPS)/part1-capi: $(STAMPS)/venv $(PART1_SOURCES)
	@$(note) "Building part1_capi with maturin (release, stable ABI; first time: about 30 s)"
	@VIRTUAL_ENV=$(CURDIR)/$(VENV) $(VENV)/bin/maturin develop --release --quiet \
	  -m part1-capi/Cargo.toml --target-dir target/maturin 2>&1 | { grep -v '^[^ ]* \(Found\|Setting\)' || true; }
	@touch $@

# Part VII: the same module with pyo3, built the same way.
PART7_SOURCES := $(wildcard part7-pybind/src/*.rs config-core/src/*.rs quiet-panic/src/*.rs) \
  part7-pybind/Cargo.toml part7-pybind/pyproject.toml part7-pybind/part7_pybind.pyi Cargo.lock
$(STAMPS)/part7-pybind: $(STAMPS)/venv $(PART7_SOURCES)
	@$(note) "Building part7_pybind with maturin (release, stable ABI; first time: about 1 min)"
	@VIRTUAL_ENV=$(CURDIR)/$(VENV) $(VENV)/bin/maturin develop --release --quiet \
	  -m part7-pybind/Cargo.toml --target-dir target/maturin 2>&1 | { grep -v '^[^ ]* \(Found\|Setting\)' || true; }
	@touch $@

# Part III's mini-ctypes: our own Layer 2 module on libloading + libffi.
MINICTYPES_SOURCES := $(wildcard part3-ctypes/minictypes/src/*.rs part3-ctypes/minictypes/src/*/*.rs \
  part3-ctypes/minictypes/src/*.py quiet-panic/src/*.rs) \
  part3-ctypes/minictypes/Cargo.toml part3-ctypes/minictypes/pyproject.toml Cargo.lock
# The stable ABI of 3.11 where the venv's Python has it: its buffer protocol
# gives memoryview() of C data (Cargo.toml, [features]).
MINICTYPES_ABI = $(shell $(VENV)/bin/python -c 'import sys; print("abi3-py311" if sys.version_info >= (3, 11) else "abi3-py310")')
$(STAMPS)/minictypes: $(STAMPS)/venv $(MINICTYPES_SOURCES)
	@$(note) "Building minictypes with maturin (release, stable ABI; first time: about 1 min)"
	@VIRTUAL_ENV=$(CURDIR)/$(VENV) $(VENV)/bin/maturin develop --release --quiet \
	  --no-default-features --features $(MINICTYPES_ABI) \
	  -m part3-ctypes/minictypes/Cargo.toml --target-dir target/maturin 2>&1 | { grep -v '^[^ ]* \(Found\|Setting\)' || true; }
	@touch $@

# Part VI: the generator's outputs must match the .msg files (make generate
# rewrites them); the two libraries cargo built (part6-msgs' build.rs) go into
# the generated Python package, as colcon installs rosidl's; the runtime
# extension is built by maturin like the other modules.
PART6_PACKAGE := part6-hybrid/generated/py/demo_msgs
generate:
	@cargo run --release --quiet -p part6-rosidl -- part6-hybrid/msg/demo_msgs part6-hybrid/generated

PART6_RUNTIME_SOURCES := $(wildcard part6-hybrid/runtime/src/*.rs quiet-panic/src/*.rs) \
  part6-hybrid/runtime/Cargo.toml part6-hybrid/runtime/pyproject.toml Cargo.lock
$(STAMPS)/part6-runtime: $(STAMPS)/venv $(PART6_RUNTIME_SOURCES)
	@$(note) "Building Part VI's runtime with maturin (release, stable ABI; first time: about 40 s)"
	@VIRTUAL_ENV=$(CURDIR)/$(VENV) $(VENV)/bin/maturin develop --release --quiet \
	  -m part6-hybrid/runtime/Cargo.toml --target-dir target/maturin 2>&1 | { grep -v '^[^ ]* \(Found\|Setting\)' || true; }
	@touch $@

part6:
	@cargo run --release --quiet -p part6-rosidl -- part6-hybrid/msg/demo_msgs part6-hybrid/generated --check
	@cp -p $(RELEASE)/libdemo_msgs__c.so $(RELEASE)/_demo_msgs_s.abi3.so $(PART6_PACKAGE)/
	@$(MAKE) -s $(STAMPS)/part6-runtime

# Cargo decides what to rebuild; the file rules below only look at what it wrote.
build: $(STAMPS)/venv
	@$(MAKE) -s rust
	@$(MAKE) -s $(STAMPS)/part3-cffi $(STAMPS)/part4-cffi $(STRUCTS_LAYOUT_C) \
	  $(STAMPS)/part1-capi $(STAMPS)/part7-pybind $(STAMPS)/minictypes
	@$(MAKE) -s part6
	@# Each exercise's starter/, cut from its solution/ (the book shows them).
	@$(PY) -m classroom cut

# ---------------------------------------------------------------- demo

# The demos run in the book's order: Parts I to VII.
demo: build
	@$(banner) "Part I: Config, hand-written against the raw C API (Rust, pyo3-ffi only)"
	@$(PY) part1-capi/demo.py
	@$(banner) "Part II: how config.process() reaches Rust"
	@$(PY) part1-capi/dispatch.py
	@$(banner) "Part III: scalar calls through ctypes, cffi ABI mode, cffi API mode and mini-ctypes"
	@$(PY) part3-ctypes/demo.py
	@$(banner) "Part III: what _ctypes does, by hand in Rust (libloading + libffi)"
	@$(RELEASE)/ffi-by-hand $(RELEASE)/libscalars.so
	@$(banner) "Part IV: sensor records as C structs, mirrored by ctypes and cffi"
	@$(PY) part4-structs/demo.py
	@$(banner) "Part V: objects behind a C ABI, reached through handles"
	@$(PY) part5-handles/demo.py
	@$(banner) "Part VI: a hybrid stack: generated messages, two extensions composed through capsules, two processes"
	@$(PY) part6-hybrid/demo.py
	@$(banner) "Part VII: the same Config with pyo3, next to Part I"
	@$(PY) part7-pybind/demo.py
	@$(banner) "The book"
	@$(MAKE) -s book
	@echo "Open file://$(CURDIR)/book/build/index.html   (or: make serve)"

# ---------------------------------------------------------------- book

# Real output the book includes, regenerated from the code whenever it changes.
PART3_PY := $(wildcard part3-ctypes/python/part3_ctypes/*.py)
$(GEN)/part3/demo.txt: part3-ctypes/demo.py $(PART3_PY) $(STAMPS)/part3-cffi $(STAMPS)/minictypes
	@mkdir -p $(@D) && $(PY) part3-ctypes/demo.py > $@
$(GEN)/part3/failure_first.txt: part3-ctypes/failure_first.py $(PART3_PY) $(RELEASE)/libscalars.so
	@mkdir -p $(@D) && $(PY) part3-ctypes/failure_first.py > $@
$(GEN)/part3/ffi_by_hand.txt: $(RELEASE)/libscalars.so
	@mkdir -p $(@D) && (cd $(RELEASE) && ./ffi-by-hand ./libscalars.so) > $@

PART4_PY := $(wildcard part4-structs/python/part4_structs/*.py)
$(GEN)/part4/demo.txt: part4-structs/demo.py $(PART4_PY) $(STAMPS)/part4-cffi $(STRUCTS_LAYOUT_C)
	@mkdir -p $(@D) && $(PY) part4-structs/demo.py > $@
$(GEN)/part4/failure_first.txt: part4-structs/failure_first.py crash-lab/missing_keepalive.py $(PART4_PY) $(RELEASE)/libstructs.so
	@mkdir -p $(@D) && $(PY) part4-structs/failure_first.py > $@
$(GEN)/part4/input_record.svg: part4-structs/layout_svg.py $(PART4_PY) $(RELEASE)/libstructs.so
	@mkdir -p $(@D) && $(PY) part4-structs/layout_svg.py > $@

PART5_PY := $(wildcard part5-handles/python/part5_handles/*.py)
$(GEN)/part5/demo.txt: part5-handles/demo.py $(PART5_PY) $(RELEASE)/libhandles.so $(STAMPS)/part1-capi $(STAMPS)/part7-pybind
	@mkdir -p $(@D) && $(PY) part5-handles/demo.py > $@
$(GEN)/part5/failure_first.txt: part5-handles/failure_first.py crash-lab/double_free.py $(PART5_PY) $(RELEASE)/libhandles.so $(ABA_HANDLES)
	@mkdir -p $(@D) && $(PY) part5-handles/failure_first.py > $@
$(GEN)/part5/handles.svg: part5-handles/handle_svg.py $(PART5_PY) $(RELEASE)/libhandles.so
	@mkdir -p $(@D) && $(PY) part5-handles/handle_svg.py > $@

PART6_PY := $(wildcard part6-hybrid/python/part6_hybrid/*.py part6-hybrid/generated/py/demo_msgs/msg/*.py)
PART6_BUILT := $(STAMPS)/part6-runtime $(RELEASE)/libhybrid_transport_local.so $(RELEASE)/_demo_msgs_s.abi3.so
$(GEN)/part6/demo.txt: part6-hybrid/demo.py part6-hybrid/talker.py part6-hybrid/listener.py $(PART6_PY) $(PART6_BUILT)
	@mkdir -p $(@D) && $(PY) part6-hybrid/demo.py > $@
$(GEN)/part6/failure_first.txt: part6-hybrid/failure_first.py $(PART6_PY) $(PART6_BUILT)
	@mkdir -p $(@D) && $(PY) part6-hybrid/failure_first.py > $@

# The measured comparison's chart: committed with the results (make bench), copied into the book.
$(GEN)/comparison/chart.svg: bench/chart.svg
	@mkdir -p $(@D) && cp $< $@

# The crash lab: every broken file run in its own process (some crash on purpose).
$(GEN)/crash-lab/run.txt: $(wildcard crash-lab/*.py) $(RELEASE)/libcrashlab.so $(RELEASE)/libscalars.so $(RELEASE)/libhandles.so $(RELEASE)/libpart1_failures.so $(PART4_PY)
	@mkdir -p $(@D) && $(PY) crash-lab/run.py > $@

$(GEN)/part1/demo.txt: part1-capi/demo.py $(STAMPS)/part1-capi
	@mkdir -p $(@D) && $(PY) part1-capi/demo.py > $@
$(GEN)/part1/failure_first.txt: part1-capi/failure_first.py $(RELEASE)/libpart1_capi.so $(RELEASE)/libpart1_failures.so
	@mkdir -p $(@D) && $(PY) part1-capi/failure_first.py > $@
$(GEN)/part2/dispatch.txt: part1-capi/dispatch.py $(STAMPS)/part1-capi
	@mkdir -p $(@D) && $(PY) part1-capi/dispatch.py > $@

$(GEN)/part7/demo.txt: part7-pybind/demo.py $(STAMPS)/part1-capi $(STAMPS)/part7-pybind
	@mkdir -p $(@D) && $(PY) part7-pybind/demo.py > $@
$(GEN)/part7/compare.txt: part7-pybind/compare.py $(STAMPS)/part1-capi $(STAMPS)/part7-pybind
	@mkdir -p $(@D) && $(PY) part7-pybind/compare.py > $@

# The exercise checker's own output, from a fresh progress file of its own
# (named like the learner's, so the output reads the same).
CLASSROOM_PY := $(wildcard tools/classroom/*.py)
EXERCISE_FILES := $(shell find part*/exercises -type f -not -path '*/work*' 2>/dev/null)
EX_FRESH = rm -f $(@D)/.exercises.json && CLASSROOM_PROGRESS=$(CURDIR)/$(@D)/.exercises.json $(PY) -m classroom
$(GEN)/exercises/list.txt: $(CLASSROOM_PY) $(EXERCISE_FILES)
	@mkdir -p $(@D) && $(EX_FRESH) list > $@
$(GEN)/exercises/hint.txt: $(CLASSROOM_PY) $(EXERCISE_FILES)
	@mkdir -p $(@D) && $(EX_FRESH) hint restype > $@
$(GEN)/exercises/check-starter.txt: $(CLASSROOM_PY) $(EXERCISE_FILES) $(RELEASE)/libscalars.so
	@mkdir -p $(@D) && { $(EX_FRESH) check restype --starter > $@ || test $$? -eq 1; }
$(GEN)/exercises/instructor.md: $(CLASSROOM_PY) $(EXERCISE_FILES)
	@mkdir -p $(@D) && $(PY) -m classroom instructor > $@
$(GEN)/part1/exercises.md: $(CLASSROOM_PY) $(EXERCISE_FILES)
	@mkdir -p $(@D) && $(PY) -m classroom table part1 > $@
$(GEN)/part3/exercises.md: $(CLASSROOM_PY) $(EXERCISE_FILES)
	@mkdir -p $(@D) && $(PY) -m classroom table part3 > $@
$(GEN)/part4/exercises.md: $(CLASSROOM_PY) $(EXERCISE_FILES)
	@mkdir -p $(@D) && $(PY) -m classroom table part4 > $@
$(GEN)/part5/exercises.md: $(CLASSROOM_PY) $(EXERCISE_FILES)
	@mkdir -p $(@D) && $(PY) -m classroom table part5 > $@
$(GEN)/part6/exercises.md: $(CLASSROOM_PY) $(EXERCISE_FILES)
	@mkdir -p $(@D) && $(PY) -m classroom table part6 > $@
$(GEN)/part7/exercises.md: $(CLASSROOM_PY) $(EXERCISE_FILES)
	@mkdir -p $(@D) && $(PY) -m classroom table part7 > $@

OUTPUTS := $(GEN)/part1/demo.txt $(GEN)/part1/failure_first.txt $(GEN)/part2/dispatch.txt \
  $(GEN)/part7/demo.txt $(GEN)/part7/compare.txt $(GEN)/part7/exercises.md \
  $(GEN)/part3/demo.txt $(GEN)/part3/failure_first.txt $(GEN)/part3/ffi_by_hand.txt \
  $(GEN)/part4/demo.txt $(GEN)/part4/failure_first.txt $(GEN)/part4/input_record.svg $(GEN)/part4/exercises.md \
  $(GEN)/part5/demo.txt $(GEN)/part5/failure_first.txt $(GEN)/part5/handles.svg $(GEN)/part5/exercises.md \
  $(GEN)/part6/demo.txt $(GEN)/part6/failure_first.txt $(GEN)/part6/exercises.md \
  $(GEN)/crash-lab/run.txt $(GEN)/comparison/chart.svg \
  $(GEN)/exercises/list.txt $(GEN)/exercises/hint.txt $(GEN)/exercises/check-starter.txt \
  $(GEN)/exercises/instructor.md $(GEN)/part1/exercises.md $(GEN)/part3/exercises.md
outputs: build
	@$(MAKE) -s $(OUTPUTS)

BOOK_SOURCES := $(shell find book/src -type f -not -path '$(GEN)/*') book/book.toml book/wide.css
book/build/index.html: $(MDBOOK) $(BOOK_SOURCES) $(OUTPUTS)
	@$(MDBOOK) build book 2>&1 | { grep -v ' INFO ' || true; }
	@touch $@

book: build $(MDBOOK)
	@$(MAKE) -s book/build/index.html

serve: book
	@$(MDBOOK) serve book --open

# ---------------------------------------------------------------- exercises

exercises: build
	@./ex list

# ---------------------------------------------------------------- bench

# Not part of `make test`: numbers are measured, never asserted. The results
# file is committed so the book shows the machine it was measured on.
bench: build
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	@$(note) "The measured comparison: every route, the same work (about 6 min)"
	@$(PY) bench/bench.py
	@$(note) "Part II benchmark: about 1 min (callgrind runs each call 20,000 times)"
	@$(PY) part1-capi/bench/bench.py > part1-capi/bench/results.md.tmp
	@mv part1-capi/bench/results.md.tmp part1-capi/bench/results.md
	@cat part1-capi/bench/results.md
	@$(PY) part1-capi/dispatch.py --call-path > part1-capi/bench/dispatch_call_path.txt
	@cat part1-capi/bench/dispatch_call_path.txt
	@$(note) "Part III benchmark: about 2 min"
	@$(PY) part3-ctypes/bench/bench.py > part3-ctypes/bench/results.md.tmp
	@mv part3-ctypes/bench/results.md.tmp part3-ctypes/bench/results.md
	@cat part3-ctypes/bench/results.md
	@$(note) "Part VI benchmark: about 10 min (a megabyte message, and an echo node in another process)"
	@$(PY) part6-hybrid/bench/bench.py > part6-hybrid/bench/results.md.tmp
	@mv part6-hybrid/bench/results.md.tmp part6-hybrid/bench/results.md
	@cat part6-hybrid/bench/results.md

# ---------------------------------------------------------------- test

# Exercise crates are outside the workspace (see Cargo.toml); rustfmt checks them one by one.
# An exercise's solution/ is its one source (the starter is cut from it).
EXERCISE_CRATES := $(wildcard part*/exercises/*/solution/Cargo.toml)
lint: $(STAMPS)/venv
	@$(note) "lint: rustfmt, clippy -D warnings, ruff"
	@cargo fmt --all --check
	@for manifest in $(EXERCISE_CRATES); do cargo fmt --check --manifest-path $$manifest; done
	@# An exercise crate has its own Cargo.lock: it must still match what the
	@# crates it depends on (mini-ctypes, for one) now need.
	@for manifest in $(EXERCISE_CRATES); do \
	  cargo metadata --locked --format-version 1 --manifest-path $$manifest > /dev/null \
	  || { echo "$$manifest: Cargo.lock is stale (cargo metadata --offline --manifest-path $$manifest)"; exit 1; }; done
	@cargo clippy --workspace --all-targets --quiet -- -D warnings
	@cargo clippy -p part3-minictypes --no-default-features --features abi3-py311 --quiet -- -D warnings
	@$(VENV)/bin/ruff check --quiet .
	@$(VENV)/bin/ruff format --check --quiet .
	@$(record) "ran: lint (rustfmt, clippy -D warnings, ruff, exercise Cargo.locks)" >> $(TEST_LOG)

# What each check of `make test` did, one line each ("ran: ..." or
# "skipped: ...: why"); `make test` ends by printing it.
TEST_LOG := $(STAMPS)/test-summary
record = mkdir -p $(STAMPS) && echo

rust-test:
	@$(note) "cargo test --workspace"
	@cargo test --workspace --quiet
	@$(record) "ran: cargo test --workspace" >> $(TEST_LOG)
	@$(MAKE) -s miri

# Part V's pool under Miri (undefined-behaviour checks), when a nightly
# toolchain with Miri is installed; otherwise one line says it was skipped.
miri:
	@if cargo +nightly miri --version >/dev/null 2>&1; then \
	  $(note) "Miri: part5-handles' pool and handle tests"; \
	  cargo +nightly miri test --quiet -p part5-handles --lib -- pool:: handle:: ; \
	  $(record) "ran: Miri on Part V's pool" >> $(TEST_LOG); \
	else \
	  echo "skipped: Miri (no nightly toolchain with the miri component; rustup component add miri --toolchain nightly)" \
	    | tee -a $(TEST_LOG); \
	fi

py-test: build $(ABA_HANDLES)
	@$(note) "pytest: every part and tests/"
	@$(PY) -m pytest -q | tee $(STAMPS)/pytest.out
	@echo "ran: pytest, $$(tail -n 1 $(STAMPS)/pytest.out | tr -d '=' | sed 's/^ *//')" >> $(TEST_LOG)
	@grep '^SKIPPED' $(STAMPS)/pytest.out | sed 's/^SKIPPED \[[0-9]*\] [^ ]* /skipped (pytest): /' >> $(TEST_LOG) || true

book-test: book
	@$(note) "mdbook test, and every link of the built book"
	@$(MDBOOK) test book 2>&1 | { grep -v ' INFO ' || true; }
	@$(PY) tools/linkcheck.py book/build | tee $(STAMPS)/links.out
	@echo "ran: mdbook test and the link check ($$(tail -n 1 $(STAMPS)/links.out | sed 's/^links: //'))" >> $(TEST_LOG)

# Every starter must fail its tests and every solution pass them.
exercise-test: build
	@$(note) "exercises: every starter fails, every solution passes"
	@$(PY) -m classroom verify | tee $(STAMPS)/verify.out
	@echo "ran: exercise verification ($$(tail -n 1 $(STAMPS)/verify.out))" >> $(TEST_LOG)

# The .pyi stubs editors read must describe the modules as built.
stub-test: build
	@$(note) "stubtest: part1_capi and part7_pybind against their .pyi stubs"
	@$(PY) -m mypy.stubtest --allowlist tools/stubtest-allowlist.txt part1_capi part7_pybind
	@$(record) "ran: stubtest on the .pyi stubs of Parts I and VII" >> $(TEST_LOG)

test:
	@mkdir -p $(STAMPS) && rm -f $(TEST_LOG)
	@$(MAKE) -s lint rust-test py-test book-test exercise-test stub-test
	@$(note) "make test: every check passed; what ran and what was skipped:"
	@sed 's/^/    /' $(TEST_LOG)

# The deeper checks (.ci/run runs them after make test): valgrind's memcheck
# over every export, reference counts on a debug interpreter, Miri, and
# AddressSanitizer. Each prints its figures, or one line saying it was skipped.
reliability: build
	@$(note) "reliability: memcheck, reference counts, Miri, AddressSanitizer (about 1 min)"
	@$(PY) tools/reliability/memcheck.py
	@$(PY) tools/reliability/refcounts.py
	@$(MAKE) -s miri
	@$(PY) tools/reliability/asan.py

# ---------------------------------------------------------------- clean

clean:
	cargo clean
	rm -rf book/build $(GEN) $(STAMPS) part3-ctypes/build part3-ctypes/python/part3_ctypes/_scalars_cffi*
	rm -rf part4-structs/build part4-structs/python/part4_structs/_structs_cffi*
