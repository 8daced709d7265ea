# Tmo.Edge: `make run` for the demo, `make test` for the tests. Everything else is restored by dotnet.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CONFIGURATION ?= Release
DOTNET ?= dotnet
TEST_RESULTS ?= $(CURDIR)/TestResults
CLI := $(DOTNET) run --project daemon/Tmo.Edge.Daemon -c $(CONFIGURATION) --no-build --
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

.PHONY: build test fuzz run compare adapt bench soak deb clean prerequisites screenshots

prerequisites:
	@command -v $(DOTNET) >/dev/null || { echo "The .NET 10 SDK is required (https://dot.net); see README.md." >&2; exit 1; }

build: prerequisites
	$(DOTNET) build Tmo.Edge.sln -c $(CONFIGURATION)

# Runs every test project; prints "N passed, N failed" summed over all of them (from the TRX reports).
test: build
	bash scripts/install-test-deps
	rm -rf "$(TEST_RESULTS)"
	status=0; $(DOTNET) test Tmo.Edge.sln -c $(CONFIGURATION) --no-build --logger trx --results-directory "$(TEST_RESULTS)" || status=$$?; \
	bash .ci/test-summary "$(TEST_RESULTS)"; exit $$status

# The property tests on every parser with many more random inputs than `make test` runs (FUZZ_CASES each).
FUZZ_CASES ?= 100000
fuzz: build
	TMO_FUZZ_CASES=$(FUZZ_CASES) $(DOTNET) test Tmo.Edge.sln -c $(CONFIGURATION) --no-build --filter "FullyQualifiedName~Fuzz"

# The demo: daemon + embedded MQTT broker + a live replay of M4A1 dialogues (scripts/demo), until Ctrl+C.
run: build
	CONFIGURATION=$(CONFIGURATION) bash scripts/demo

# Train and evaluate every method on M4A1 (seeds 1-10) at the default and at tight budgets: offline with and without
# the shield, then on the live path (the daemon's own decision code). Tables in out/comparison-*.md, JSON beside them.
COMPARE_SEEDS ?= 1,2,3,4,5,6,7,8,9,10
compare: build
	mkdir -p out
	$(CLI) policy eval --seeds $(COMPARE_SEEDS) --shield --synthetic-fallback --json out/comparison-default.json | tee out/comparison-default.md
	$(CLI) policy eval --seeds $(COMPARE_SEEDS) --shield --synthetic-fallback --latency-budget 10 --usage-budget 0.01 --json out/comparison-tight.json | tee out/comparison-tight.md
	$(CLI) policy eval --seeds $(COMPARE_SEEDS) --live --synthetic-fallback --json out/comparison-live-default.json | tee out/comparison-live-default.md
	$(CLI) policy eval --seeds $(COMPARE_SEEDS) --live --synthetic-fallback --latency-budget 10 --usage-budget 0.01 --json out/comparison-live-tight.json | tee out/comparison-live-tight.md

# The drift benchmark: the shipped policy against one that learns on the device (judge, shadow answers, champion and
# challenger), replayed through the live decision path in drifted worlds. bench/results/adaptation.{json,md,svg}.
# ADAPT_ARGS narrows it, e.g. ADAPT_ARGS="--dialogues 400 --scenarios local-worse".
ADAPT_ARGS ?=
adapt: build
	$(CLI) policy adapt --results bench/results $(ADAPT_ARGS)

# The console's screenshots in docs/screenshots/, every page at 1440 and 390 px, from the browser tests (scripts/screenshots).
screenshots: prerequisites
	CONFIGURATION=$(CONFIGURATION) bash scripts/screenshots

# Also writes bench/results/daemon.json and daemon.md, whose table scripts/bench-docs puts into docs/benchmarks.md and README.md.
# The daemon is measured as devices run it: published for this machine, ReadyToRun (out/bench-daemon).
BENCH_RID ?= $(shell $(DOTNET) --info 2>/dev/null | awk '/^ *RID:/ { print $$2; exit }')
bench: prerequisites
	$(DOTNET) publish daemon/Tmo.Edge.Daemon -c Release -r $(BENCH_RID) --self-contained false -nologo -o out/bench-daemon
	$(DOTNET) run --project bench/Tmo.Edge.Bench -c Release -- --results bench/results --daemon-dir out/bench-daemon
	bash scripts/bench-docs bench/results

# The daemon on Mosquitto under a fixed-rate M4A1 replay: SOAK_MINUTES (30), SOAK_RATE prompts/s (100); writes
# bench/results/soak.csv and soak.md and fails when memory, handles or threads grow or the p99 drifts. Not in `make test`.
soak: prerequisites
	$(DOTNET) run --project bench/Tmo.Edge.Bench -c Release -- --soak --results bench/results

# Fleet packages (packaging/build-deb): out/deb/tmo-edge_<version>_<arch>.deb, self-contained.
ARCH ?= $(shell dpkg --print-architecture 2>/dev/null || echo amd64)
deb: prerequisites
	bash packaging/build-deb --arch $(ARCH)

clean:
	$(DOTNET) clean Tmo.Edge.sln -c $(CONFIGURATION) >/dev/null || true
	rm -rf "$(TEST_RESULTS)" out bench/results BenchmarkDotNet.Artifacts
	find . -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
