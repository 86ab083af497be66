# Hearth: two commands on a fresh machine.
#   make serve   build and serve the app at http://127.0.0.1:8080
#   make test    install what the tests need, then run them all
# Everything installs itself the first time; later runs skip what is there.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

TRUNK_VERSION := 0.21.14
# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock: read it there.
WASM_BINDGEN_VERSION = $(shell awk '/^name = "wasm-bindgen"$$/{getline; gsub(/[^0-9.]/,"",$$0); print; exit}' Cargo.lock)
CARGO_HOME ?= $(HOME)/.cargo
CARGO_BIN := $(CARGO_HOME)/bin
NODE_BIN := $(CURDIR)/e2e/node_modules/.bin
export PATH := $(NODE_BIN):$(CARGO_BIN):$(PATH)
# Panic messages keep their source file's path, and a dependency's path is
# under Cargo's home: shorten it, so the wasm never names the folders of
# the machine that built it (/home/<name>/.cargo/...). Cargo adds these to
# .cargo/config.toml's flags; every wasm build under make gets the same.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS := --remap-path-prefix=$(CARGO_HOME)/=/cargo/

# Where the test build is served, the GitHub Pages way (a project subpath).
TEST_PUBLIC_URL := /hearth/
PUBLIC_URL ?= /

.PHONY: help serve test dist tools rust-tools node-tools browser fmt lint unit fuzz wasm-test e2e bench clean

help:
	@echo "make serve   build and serve Hearth at http://127.0.0.1:8080"
	@echo "make test    run every check (format, lint, unit, wasm, browser)"
	@echo "make dist PUBLIC_URL=/repo/   release build into dist/ for a subpath"
	@echo "make fuzz    the property and fuzz tests with many more cases (FUZZ_CASES=$(FUZZ_CASES))"
	@echo "make bench   measure Hearth against the floor of its stack (bench/results.md)"

# ---- tools ----

rust-tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@rustup component list --installed | grep -q '^clippy' || rustup component add clippy rustfmt
	@if ! trunk --version 2>/dev/null | grep -qx 'trunk $(TRUNK_VERSION)'; then \
		echo "Installing trunk $(TRUNK_VERSION) (about 12 minutes, once)"; \
		cargo install trunk --version $(TRUNK_VERSION) --locked; fi
	@if ! wasm-bindgen --version 2>/dev/null | grep -qx 'wasm-bindgen $(WASM_BINDGEN_VERSION)'; then \
		echo "Installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (about 4 minutes, once)"; \
		cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); fi
	@cargo fetch --quiet

node-tools: e2e/node_modules/.package-lock.json

e2e/node_modules/.package-lock.json: e2e/package.json e2e/package-lock.json
	cd e2e && npm ci --no-audit --no-fund
	@touch $@

browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
		else \
			echo "Chromium is missing: run 'sudo apt-get install chromium chromium-driver' and try again." >&2; exit 1; \
		fi; fi

tools: rust-tools node-tools

# ---- build and serve ----

dist: tools
	trunk build --release --offline --public-url $(PUBLIC_URL)

serve: tools
	trunk serve --release --offline --public-url / --address 127.0.0.1 --port 8080

# ---- tests ----

fmt: rust-tools
	cargo fmt --check

lint: rust-tools
	cargo clippy --all-targets -- -D warnings
	cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings

unit: rust-tools
	cargo test

# The property and fuzz tests (src/store/props.rs) run 1000 cases each in
# `make unit`; here far more (50,000 each, about 6 minutes on two cores), in
# release mode for speed.
FUZZ_CASES ?= 50000
fuzz: rust-tools
	PROPTEST_CASES=$(FUZZ_CASES) cargo test --release --offline --lib store::props

wasm-test: rust-tools browser
	CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=60 \
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	cargo test --target wasm32-unknown-unknown --offline --test storage --test crypto

# Ten years of a couple's data (a pure, seeded domain generator) for the
# Journey's speed test.
e2e/artifacts/decade.json: src/domain/generate.rs src/domain/document.rs examples/decade.rs
	@mkdir -p e2e/artifacts
	cargo run --quiet --release --offline --example decade > $@.tmp && mv $@.tmp $@

e2e: tools browser e2e/artifacts/decade.json
	trunk build --release --offline --public-url $(TEST_PUBLIC_URL) --dist dist
	node bench/size-check.mjs dist $(TEST_PUBLIC_URL)
	cd e2e && node --test --test-concurrency=1 tests/

test: fmt lint unit wasm-test e2e

# ---- benchmark (not part of `make test`; see bench/run.mjs) ----

# Hearth's release build and the floor of its stack (bench/counter: Leptos +
# gloo-storage, same profile, same Trunk and wasm-opt), each under a subpath.
# The counter is its own workspace with its own target dir; it gets the root
# Cargo.lock so the crates they share have the same versions, offline.
BENCH_OUT := $(CURDIR)/target/bench

bench/node_modules/.package-lock.json: bench/package.json bench/package-lock.json
	cd bench && npm ci --no-audit --no-fund
	@touch $@

bench: tools browser e2e/artifacts/decade.json bench/node_modules/.package-lock.json
	trunk build --release --offline --public-url /hearth/ --dist $(BENCH_OUT)/hearth
	cp Cargo.lock bench/counter/Cargo.lock
	cd bench/counter && CARGO_TARGET_DIR=$(BENCH_OUT)/counter \
		trunk build --release --offline --public-url /counter/ --dist $(BENCH_OUT)/counter-dist
	node bench/run.mjs --hearth $(BENCH_OUT)/hearth --counter $(BENCH_OUT)/counter-dist \
		--blank bench/blank --decade e2e/artifacts/decade.json --out bench/results.md

clean:
	cargo clean
	rm -rf dist e2e/node_modules
