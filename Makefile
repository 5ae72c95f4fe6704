# IRIS Command Center. `make run` and `make test` are the whole set-up on a fresh machine.
.PHONY: run simulator test bench bench-memory build clean fmt help

run: ## The platform on this machine: PostgreSQL, Temporal dev server + UI, api and workers on :8080, simulator inside (IRIS_SIMULATOR=process|none); IRIS_TEMPORAL=server: the Temporal server on PostgreSQL, api and IRIS_WORKER_PROCESSES workers apart
	@scripts/run.sh

simulator: ## The provider simulator as its own process on :8090 (then: IRIS_SIMULATOR=process make run)
	@scripts/simulator.sh

test: ## Every test: unit, PostgreSQL-backed, Temporal test environment, end-to-end on the dev server
	@scripts/test.sh

bench: ## Send benchmark (REST -> workflows -> simulator) into docs/benchmarks.md; not a test (IRIS_TEMPORAL=server as for run)
	@scripts/bench.sh

bench-memory: ## 10,000 sends waiting for delayed receipts in one worker process (-Xmx1g): its heap after GC, into docs/benchmarks.md (about 20 minutes)
	@scripts/bench.sh --memory-scale

build: ## Compile and package, without tests
	@bash -c '. scripts/env.sh && iris_select_jdk && mvn -B -ntp -DskipTests install'

fmt: ## Format the Java sources (google-java-format)
	@bash -c '. scripts/env.sh && iris_select_jdk && mvn -B -ntp spotless:apply'

clean: ## Remove build output (keeps .iris data and .tools)
	@bash -c '. scripts/env.sh && iris_select_jdk && mvn -B -ntp -q clean'

help:
	@grep -E '^[a-z-]+:.*## ' Makefile | sed 's/:.*## /\t/'
