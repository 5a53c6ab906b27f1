# ticketflow.bedrock: the two commands a user needs are `make demo` and `make test`.
# Every target sets up what it needs on a fresh machine (see scripts/bootstrap.sh).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

TFB_HOME ?= $(HOME)/.cache/ticketflow-bedrock
VENV := $(TFB_HOME)/venv
BIN := $(VENV)/bin
LOCAL_AWS_PORT ?= 4566
RUN_TREE := $(TFB_HOME)/collections
STAGE_TREE := $(TFB_HOME)/stage
STAGE := $(STAGE_TREE)/ansible_collections/ticketflow/bedrock
DIST := $(TFB_HOME)/dist
PY_VERSION := 3.12

export TFB_HOME LOCAL_AWS_PORT VENV
export PATH := $(BIN):$(PATH)
export ANSIBLE_COLLECTIONS_PATH := $(RUN_TREE)
export ANSIBLE_CONFIG := $(CURDIR)/ansible.cfg
export PYTHONDONTWRITEBYTECODE := 1

# make test runs its tiers in two lanes side by side (scripts/run-tiers.sh; TFB_TEST_LANES=1: one after
# another, in the order of TIERS). Lane 1 holds every tier that uses the ansible-test stage or the build
# output, and the fleet (its own inventory and output directory), so that the lanes take about as long;
# lane 2 the other playbook runs from an empty endpoint (e2e writes the local inventory's output).
LANE_1 := lint unit local-aws-test sanity integration docs-lint changelog-lint molecule galaxy ee fleet
LANE_2 := e2e runner reliability
TIERS := $(LANE_1) $(LANE_2)

.PHONY: help bootstrap demo test $(TIERS) local-aws local-aws-stop stage constraints clean benchmark benchmark-fleet

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | sort | column -t -s $$'\t'

bootstrap: ## set up the virtual environment and collection trees (run by every target)
	@scripts/bootstrap.sh >/dev/null
	@mkdir -p $(RUN_TREE)/ansible_collections/ticketflow
	@ln -sfn $(CURDIR) $(RUN_TREE)/ansible_collections/ticketflow/bedrock

demo: bootstrap ## the main job: the whole seed plan against the local AWS endpoint
	@scripts/demo.sh

test: bootstrap ## every test tier (two lanes side by side), stopping at the first failure
	@scripts/run-tiers.sh "$(LANE_1)" "$(LANE_2)"

lint: bootstrap ## ansible-lint (production profile), yamllint, ruff
	yamllint --strict .
	ruff check .
	ruff format --check .
	@# offline, ansible-lint puts $$ANSIBLE_HOME/collections (default ~/.ansible) before ANSIBLE_COLLECTIONS_PATH:
	@# an empty one of our own, so that an installed copy of this collection never shadows the checkout.
	ANSIBLE_HOME=$(TFB_HOME)/ansible-lint-home ansible-lint --profile production --offline

unit: bootstrap ## pytest unit tests of modules and module_utils
	scripts/run-pytest.sh tests/unit

local-aws-test: bootstrap ## pytest suite of the local AWS endpoint
	scripts/run-pytest.sh local_aws/tests

stage: bootstrap ## copy the git-visible collection files where ansible-test wants them
	@scripts/stage.sh $(STAGE)

sanity: stage ## ansible-test sanity, with no ignore entries
	scripts/run-sanity.sh $(STAGE)

integration: stage ## ansible-test integration against the local endpoint
	scripts/run-integration.sh $(STAGE)

molecule: bootstrap ## every role's Molecule scenario against the local endpoint
	scripts/run-molecule.sh

e2e: bootstrap ## site.yml twice on inventories/local (second changed=0), validate, teardown
	scripts/run-e2e.sh

fleet: bootstrap ## 3 accounts x 2 Regions (inventories/fleet) in one parallel run, twice (changed=0), accounts kept apart
	scripts/run-fleet.sh

reliability: bootstrap ## faults, interrupts, secrets, drift, least privilege and bad input, with figures (docs/reliability.md)
	scripts/run-reliability.sh

runner: bootstrap ## site, validate and drift-check jobs through ansible-runner, as AWX runs them
	scripts/run-runner.sh

ee: bootstrap ## ansible-builder create of the execution environment, and checks of its build context
	scripts/run-ee.sh

galaxy: bootstrap ## ansible-galaxy collection build plus galaxy-importer
	scripts/run-galaxy-importer.sh $(DIST)

docs-lint: stage ## antsibull-docs lint of the plugin documentation
	antsibull-docs lint-collection-docs --plugin-docs --skip-rstcheck $(STAGE)

changelog-lint: bootstrap ## antsibull-changelog lint of the fragments
	antsibull-changelog lint

local-aws: bootstrap ## start the local AWS endpoint in the background (port $LOCAL_AWS_PORT)
	@scripts/local-aws.sh start

local-aws-stop: ## stop the local AWS endpoint
	@scripts/local-aws.sh stop

benchmark: bootstrap ## performance benchmarks (print figures; not tests; docs/benchmarks.md)
	scripts/local-aws.sh run $(BIN)/python benchmarks/model_access_info.py
	scripts/local-aws.sh run $(BIN)/python benchmarks/site_rerun.py
	scripts/local-aws.sh run $(BIN)/python benchmarks/module_task_cost.py

benchmark-fleet: bootstrap ## fleet of 1, 4 and 10 environments at forks=N, 50 ms per AWS call (prints wall and CPU)
	$(BIN)/python benchmarks/fleet.py

constraints: ## re-pin requirements/constraints.txt from requirements/dev.in
	rm -rf $(TFB_HOME)/pin && $(BIN)/python -m venv $(TFB_HOME)/pin
	$(TFB_HOME)/pin/bin/pip install --quiet -r requirements/dev.in
	{ echo "# Generated by 'make constraints' from requirements/dev.in: the versions make test runs with."; \
	  $(TFB_HOME)/pin/bin/pip freeze | grep -v '^-e'; } > requirements/constraints.txt

clean: ## remove build output (the virtual environment stays)
	rm -rf tests/output importer_result.json *.tar.gz $(DIST) $(STAGE_TREE)
