"""Bad input is refused before any change: at least 40 cases, each proven on the local endpoint's call log.

Run with the endpoint up (the reliability tier does; alone:
``scripts/local-aws.sh run python tests/reliability/check_bad_inputs.py``). Cases:

- role variables, given with ``-e`` to site.yml on inventories/local: batched into one run, since the
  account guard's up-front check lists every bad input in one message; each case must be named there;
- one bad input per step playbook (each imports the account guard with its own steps), teardown and
  the drift check included;
- the modules called directly with bad input (tests/reliability/bad_module_inputs.yml, one run);
- an inventory without credentials, and teardowns of prod and staging without their confirmation.

Every run must fail, its output must carry each case's message (what is wrong and what to do), and the
endpoint's call log must show no mutating call. Runs go in parallel; when a wave of runs made a mutating
call, its runs are repeated one at a time to find which. Prints
``reliability: bad_inputs_refused_before_mutation=<n>/<total>``; exits 1 when a case fails or total < 40.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from dataclasses import field

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
URL = os.environ.get("LOCAL_AWS_URL") or "http://127.0.0.1:%s" % os.environ.get("LOCAL_AWS_PORT", "4566")
PLAYBOOK = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
MIN_CASES = 40
WORKERS = int(os.environ.get("TFB_BAD_INPUT_WORKERS", "3"))
ON_LOCAL = {"tfb_aws_connection": {"endpoint_url": URL, "access_key": "testing", "secret_key": "testing"}}
GRANT_2099 = [{"principal_type": "role", "principal_name": "ops", "expires_at": "2099-01-01T00:00:00Z"}]


@dataclass
class Run:
    """One ansible-playbook run; each (case, expected text) must appear in its output."""

    name: str
    args: list
    cases: list  # [(case name, expected text)]
    env: dict = field(default_factory=dict)
    results_file: str | None = None  # module runs: per-case outcomes written by the playbook


# Role variables, all at once on site.yml: (case, variable, bad value, expected text).
SITE_BATCH = [
    ("tfb_region typo", "tfb_region", "us-east-7", "tfb_region 'us-east-7' is not a region where Amazon Bedrock is offered"),
    ("tfb_environment upper case", "tfb_environment", "Local", "tfb_environment 'Local' must be 1 to 32 lower-case"),
    ("tfb_models without provider", "tfb_models", ["claude-sonnet-4-6"], "lacks the provider prefix"),
    ("tfb_model_access_use_case incomplete", "tfb_model_access_use_case", {"company_name": "TicketFlow"}, "tfb_model_access_use_case lacks company_website"),
    ("tfb_lifecycle_warning_days negative", "tfb_lifecycle_warning_days", -5, "tfb_lifecycle_warning_days -5 must be"),
    ("tfb_invoke_policy_name with a space", "tfb_invoke_policy_name", "Ticket Flow", "is not a valid IAM policy name"),
    ("tfb_runtime_role_trusted_principal_arns trusts anyone", "tfb_runtime_role_trusted_principal_arns", ["*"], "is a wildcard"),
    ("tfb_temporary_admin_access in 2099", "tfb_temporary_admin_access", GRANT_2099, "more than 7 days ahead"),
    ("tfb_alert_emails malformed", "tfb_alert_emails", ["ops-at-ticketflow"], "'ops-at-ticketflow' is not a valid e-mail"),
    ("tfb_trail_name malformed", "tfb_trail_name", "-trail", "is not a valid CloudTrail trail name"),
    ("tfb_trail_bucket_name malformed", "tfb_trail_bucket_name", "Trail_Bucket", "is not an S3 bucket name"),
    ("tfb_budget_name with a colon", "tfb_budget_name", "a:b", "is not a valid budget name"),
    ("tfb_budget_limit_usd zero", "tfb_budget_limit_usd", 0, "tfb_budget_limit_usd 0.0 must be a monthly amount"),
    ("tfb_budget_alert_thresholds_usd negative", "tfb_budget_alert_thresholds_usd", [50, -1], "must be amounts in USD greater than zero"),
    ("tfb_alarm_topic_name malformed", "tfb_alarm_topic_name", "alarms.topic", "is not a valid SNS topic name"),
    ("tfb_invocation_log_group_name malformed", "tfb_invocation_log_group_name", "/aws/bedrock logs", "is not a valid CloudWatch Logs log group name"),
    ("tfb_quota_review_patterns invalid regex", "tfb_quota_review_patterns", ["Claude ("], "is not a valid regular expression"),
    ("tfb_quota_targets zero value", "tfb_quota_targets", [{"name": "Claude", "desired_value": 0}], "desired_value 0.0 must be a number greater than zero"),
    ("tfb_quota_wait_delay zero", "tfb_quota_wait_delay", 0, "tfb_quota_wait_delay 0 must be a whole number"),
    ("tfb_app_instance_ids malformed", "tfb_app_instance_ids", ["web-1"], "'web-1' is not an EC2 instance ID"),
    ("tfb_local_subnet_cidrs outside the VPC", "tfb_local_subnet_cidrs", ["10.99.1.0/24"], "lies outside tfb_local_vpc_cidr"),
    ("tfb_account_id short", "tfb_account_id", "12345", "is not an AWS account ID"),
]

# One bad input per playbook: (case, playbook, extra vars, expected text).
PER_PLAYBOOK = [
    ("region.yml: region typo", "region.yml", {"tfb_region": "eu-central-9"}, "is not a region where Amazon Bedrock"),
    ("model_access.yml: profile of another geography", "model_access.yml", {"tfb_models": ["eu.anthropic.claude-sonnet-4-6"]}, "belongs to the eu geography"),
    ("iam.yml: admin horizon zero", "iam.yml", {"tfb_temporary_admin_max_days": 0}, "tfb_temporary_admin_max_days 0 must be"),
    (
        "network.yml: VPC without subnets",
        "network.yml",
        {"tfb_vpc_id": "vpc-0a1b2c3d", "tfb_app_security_group_ids": ["sg-0a1b2c3d"]},
        "tfb_subnet_ids is empty but tfb_vpc_id is set",
    ),
    (
        "observability.yml: eleven alert addresses",
        "observability.yml",
        {"tfb_alert_emails": ["ops%d@ticketflow.example" % i for i in range(11)]},
        "at most 10 e-mail subscribers",
    ),
    (
        "quotas.yml: two quota selectors",
        "quotas.yml",
        {"tfb_quota_targets": [{"code": "L-1B2C3D4E", "name": "Claude", "desired_value": 5}]},
        "give exactly one of code, name or name_pattern",
    ),
    ("instance_role.yml: aws: tag", "instance_role.yml", {"tfb_app_instance_tags": {"aws:name": "x"}}, "is not an EC2 tag"),
    ("validate.yml: no model and no intent", "validate.yml", {"tfb_models": [], "tfb_model_intents": []}, "tfb_model_intents names no intent"),
    ("app.yml: relative settings path", "app.yml", {"tfb_app_env_file_path": "bedrock.env"}, "tfb_app_env_file_path 'bedrock.env' must be an absolute path"),
    ("teardown.yml: budget name", "teardown.yml", {"tfb_budget_name": "a\\b"}, "is not a valid budget name"),
]

# Cases of the module run (tests/reliability/bad_module_inputs.yml): registered name -> expected text.
MODULE_CASES = {
    "case_bedrock_model_access_model_id": "lacks the provider prefix",
    "case_bedrock_model_access_region": "Amazon Bedrock is not offered in region us-east-7",
    "case_bedrock_model_access_use_case": "missing required arguments: company_website found in use_case",
    "case_bedrock_model_access_wait": "wait_delay must be at least 0",
    "case_bedrock_model_access_info_geography": "use a profile of this region's geography",
    "case_bedrock_model_select_cross_region": "cross_region must be one of in_region, geographic, global",
    "case_bedrock_invoke_test_max_tokens": "max_tokens must be between 1 and",
    "case_bedrock_invoke_test_samples": "samples must be between 1 and",
    "case_bedrock_invoke_test_prompt": "prompt must not be empty",
    "case_bedrock_invoke_test_temperature": "temperature must be between 0.0 and 1.0",
    "case_bedrock_invoke_test_role_arn": "contains a wildcard: give the exact role ARN",
    "case_budget_limit": "limit_amount must be a number greater than zero",
    "case_budget_subscriber_type": "use one of EMAIL, SNS",
    "case_budget_email": "is not a valid e-mail address (expected name@example.com)",
    "case_budget_threshold": "threshold must be a number greater than zero",
    "case_budget_name": "is not a valid budget name",
    "case_quota_request_value": "desired_value must be a number greater than zero",
    "case_quota_request_selectors": "parameters are mutually exclusive: quota_code|quota_name|quota_name_pattern",
    "case_quota_request_unknown_name": "list them with ticketflow.bedrock.quota_info",
    "case_quota_info_pattern": "is not a valid regular expression",
    "case_bedrock_invocation_logging_log_group": "is not a valid log group name",
    "case_bedrock_invocation_logging_log_region": "Create the log group in us-east-1",
    "case_bedrock_invocation_logging_role_arn": "is not an IAM role ARN",
    "case_bedrock_invocation_logging_bucket": "give the name, not an ARN or URL",
    "case_bedrock_invocation_logging_destination": "needs a destination",
}

NO_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": None,
    "AWS_SECRET_ACCESS_KEY": None,
    "AWS_SESSION_TOKEN": None,
    "AWS_PROFILE": None,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
}


def runs(workdir: str) -> list[Run]:
    site_vars = {variable: value for _case, variable, value, _expected in SITE_BATCH}
    found = [
        Run(
            "site.yml, every bad role variable at once",
            ["-i", "inventories/local", "playbooks/site.yml", "-e", json.dumps(site_vars)],
            [(case, expected) for case, _variable, _value, expected in SITE_BATCH],
        )
    ]
    for case, playbook, extra, expected in PER_PLAYBOOK:
        found.append(Run(case, ["-i", "inventories/local", "playbooks/" + playbook, "-e", json.dumps(extra)], [(case, expected)]))
    found.append(
        Run(
            "drift_check.yml --check: budget limit negative",
            ["-i", "inventories/local", "playbooks/drift_check.yml", "--check", "-e", "tfb_budget_limit_usd=-1"],
            [("drift_check.yml --check: budget limit negative", "tfb_budget_limit_usd -1.0 must be")],
        )
    )
    found.append(
        Run(
            "inventory without credentials",
            ["-i", "inventories/local", "playbooks/site.yml", "-e", json.dumps({"tfb_aws_connection": {"endpoint_url": URL}})],
            [("inventory without credentials", "STS could not identify the credentials")],
            env=NO_CREDENTIALS,
        )
    )
    found.append(
        Run(
            "staging without source credentials for its deploy role",
            [
                "-i",
                "inventories/staging",
                "playbooks/region.yml",
                "-e",
                json.dumps(
                    {"tfb_aws_connection": {"endpoint_url": URL, "assume_role": {"role_arn": "arn:aws:iam::111111111111:role/TicketFlowBedrockDeploy"}}}
                ),
            ],
            [("staging without source credentials for its deploy role", "could not be assumed; nothing was changed")],
            env=NO_CREDENTIALS,
        )
    )
    found.append(
        Run(
            "prod teardown without teardown_confirm_prod",
            [
                "-i",
                "inventories/prod",
                "playbooks/teardown.yml",
                "-e",
                json.dumps(ON_LOCAL),
                "-e",
                "tfb_account_id=123456789012",
                "-e",
                "tfb_teardown_confirm_account_id=123456789012",
            ],
            [("prod teardown without teardown_confirm_prod", "is marked prod")],
        )
    )
    found.append(
        Run(
            "prod teardown with -e tfb_prod=false",
            [
                "-i",
                "inventories/prod",
                "playbooks/teardown.yml",
                "-e",
                json.dumps(ON_LOCAL),
                "-e",
                "tfb_account_id=123456789012",
                "-e",
                "tfb_prod=false",
                "-e",
                "teardown_confirm_prod=true",
            ],
            [("prod teardown with -e tfb_prod=false", "tfb_teardown_confirm_account_id=123456789012")],
        )
    )
    found.append(
        Run(
            "staging teardown without the account confirmation",
            ["-i", "inventories/staging", "playbooks/teardown.yml", "-e", json.dumps(ON_LOCAL), "-e", "tfb_account_id=123456789012"],
            [("staging teardown without the account confirmation", "tfb_teardown_confirm_account_id=123456789012")],
        )
    )
    results = os.path.join(workdir, "modules.json")
    found.append(
        Run(
            "modules called directly",
            [
                "-i",
                "localhost,",
                "-e",
                "ansible_python_interpreter=" + sys.executable,
                "tests/reliability/bad_module_inputs.yml",
                "-e",
                "bad_inputs_results=" + results,
            ],
            list(MODULE_CASES.items()),
            results_file=results,
        )
    )
    return found


def control(method: str, path: str) -> dict:
    request = urllib.request.Request(URL + "/_local_aws/" + path, method=method)
    with urllib.request.urlopen(request, timeout=10) as reply:
        body = reply.read()
    return json.loads(body) if body else {}


def mutating_calls() -> list[str]:
    return ["%s:%s" % (c["service"], c["operation"]) for c in control("GET", "calls")["calls"] if c["mutating"]]


def flat(text: str) -> str:
    """Output with the callback's line folding and YAML quoting undone, for matching messages."""
    return re.sub(r"\s+", " ", text.replace("''", "'"))


def execute(run: Run, workdir: str) -> tuple[Run, int, str]:
    env = dict(os.environ, ANSIBLE_NOCOLOR="1", TFB_OUTPUT_DIR=os.path.join(workdir, "output"), ANSIBLE_CONFIG=os.path.join(REPO, "ansible.cfg"))
    for name, value in run.env.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    done = subprocess.run([PLAYBOOK, *run.args], cwd=REPO, env=env, capture_output=True, text=True, check=False)
    return run, done.returncode, done.stdout + done.stderr


def judge(run: Run, returncode: int, output: str, mutations: list[str]) -> list[tuple[str, bool, str]]:
    """(case, refused before mutation with its message, why not) for every case of the run."""
    verdicts = []
    outcomes = {}
    if run.results_file:
        try:
            with open(run.results_file, encoding="utf-8") as handle:
                outcomes = json.load(handle)
        except (OSError, ValueError):
            outcomes = {}
    text = flat(output)
    for case, expected in run.cases:
        if mutations:
            verdicts.append((case, False, "mutating calls before the refusal: %s" % ", ".join(mutations)))
        elif run.results_file:
            outcome = outcomes.get(case) or {}
            message = flat(str(outcome.get("msg", "")))
            if outcome.get("changed") or "failed_when_result" not in outcome or not message:
                verdicts.append((case, False, "the module did not fail: %s" % (outcome or "no result")))
            elif expected not in message:
                verdicts.append((case, False, "message lacks %r: %s" % (expected, message[:300])))
            else:
                verdicts.append((case, True, ""))
        elif returncode == 0:
            verdicts.append((case, False, "the playbook was not refused"))
        elif expected not in text:
            verdicts.append((case, False, "output lacks %r (%s)" % (expected, text[-400:])))
        else:
            verdicts.append((case, True, ""))
    return verdicts


def main() -> int:
    start = time.monotonic()
    # No reset: the tier's checks share one converged endpoint; the call log alone tells a refusal from a change.
    verdicts = []
    with tempfile.TemporaryDirectory(prefix="tfb-bad-inputs-") as workdir:
        pending = runs(workdir)
        # The slowest run (the modules, one process per task) first, the others beside it.
        pending.sort(key=lambda run: run.results_file is None)
        control("DELETE", "calls")
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            finished = list(pool.map(lambda run: execute(run, workdir), pending))
        mutations = mutating_calls()
        if not mutations:
            for run, returncode, output in finished:
                verdicts.extend(judge(run, returncode, output, []))
        else:  # one at a time, to find the run that changed something
            print("bad inputs: mutating calls in the parallel wave (%s); repeating each run alone" % ", ".join(mutations))
            for run in pending:
                control("DELETE", "calls")
                run, returncode, output = execute(run, workdir)
                verdicts.extend(judge(run, returncode, output, mutating_calls()))
    refused = [case for case, ok, _why in verdicts if ok]
    for case, ok, why in verdicts:
        if not ok:
            print("NOT REFUSED BEFORE MUTATION: %s: %s" % (case, why))
    print("bad inputs: %d runs, %d cases, %.0f s" % (len(pending), len(verdicts), time.monotonic() - start))
    print("reliability: bad_inputs_refused_before_mutation=%d/%d" % (len(refused), len(verdicts)))
    if len(verdicts) < MIN_CASES:
        print("bad inputs: only %d cases, at least %d are required" % (len(verdicts), MIN_CASES))
        return 1
    return 0 if len(refused) == len(verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
