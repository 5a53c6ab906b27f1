#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: bedrock_invoke_test
short_description: Prove that an Amazon Bedrock model or inference profile answers, and diagnose why not
version_added: 0.1.0
description:
  - Sends a short prompt to a foundation model or inference profile through the Bedrock runtime and reports
    the reply text, stop reason, token usage and latency, as the validation step of the Bedrock setup does.
  - Uses the model-agnostic Converse API by default, or InvokeModel with the Anthropic Messages body.
  - With O(samples) greater than 1, invokes several times and reports latency percentiles (p50, p95) and output
    tokens per second.
  - Optionally assumes a role first (for example the application's runtime role), so that the controller proves
    that role's policy. Without O(role_arn) it uses the task's credentials, for example an instance role on an
    application host.
  - When the test fails, the result holds C(diagnosis), which classifies the failure into a stable code
    (model access not granted, wrong region, policy missing the model or profile ARN, inference profile required,
    unknown model ID with the closest valid IDs, throttling or quota, unreachable endpoint, clock skew, missing or
    invalid credentials) with a remediation hint, keeping the AWS error code and message.
  - Never reports a change. In check mode it does not invoke the model unless O(run_in_check_mode=true).
  - Throttled calls are retried by botocore and then by the collection's Bedrock Runtime retry policy with jittered
    backoff (O(retries) times); a quota at zero ("Too many tokens per day") is not retried.
  - With O(role_arn), the ARN is checked before any call (an IAM role ARN, no wildcard), and a failed
    C(sts:AssumeRole) is diagnosed as C(assume_role_failed) (or throttling, credentials, network), never as a model
    problem.
author:
  - TicketFlow platform team (@ticketflow)
options:
  model_id:
    description:
      - The foundation-model ID (C(anthropic.claude-haiku-4-5-20251001-v1:0)), inference-profile ID
        (C(us.anthropic.claude-opus-4-5-20251101-v1:0)) or the ARN of either.
      - Checked for format and for the task's region before any AWS call.
    type: str
    required: true
  api:
    description:
      - V(converse) uses the Converse API, which works for every text model.
      - V(invoke_model) uses InvokeModel with the Anthropic Messages body (C(anthropic_version) C(bedrock-2023-05-31));
        only for Anthropic models.
    type: str
    choices: [converse, invoke_model]
    default: converse
  prompt:
    description: The user message sent to the model.
    type: str
    default: Say hello in one sentence.
  max_tokens:
    description: Maximum number of tokens the model may generate per invocation (1 to 8192).
    type: int
    default: 64
  temperature:
    description:
      - Sampling temperature, 0.0 to 1.0. When not set, the model's default applies.
    type: float
  samples:
    description:
      - Number of invocations, 1 to 20. With more than one, the result has latency percentiles.
      - Samples run one after the other; the first failure ends the test.
    type: int
    default: 1
  retries:
    description:
      - How many times the retry policy repeats a throttled or unavailable call after the first attempt, 0 to 10, with
        jittered exponential backoff starting at one second. Each attempt includes botocore's own retries
        (3 attempts in botocore's default standard retry mode).
    type: int
    default: 3
  role_arn:
    description:
      - ARN of a role to assume with STS before invoking, to prove that role's permissions.
      - Must be an IAM role ARN (C(arn:aws:iam::ACCOUNT:role/PATH/NAME)) without wildcards; checked before any call.
    type: str
  role_session_name:
    description: Session name for the assumed role.
    type: str
    default: ticketflow-bedrock-invoke-test
  external_id:
    description: External ID required by the role's trust policy, if any.
    type: str
  run_in_check_mode:
    description:
      - Invoke the model in check mode too. Invoking changes nothing but costs tokens, so by default check mode
        only validates the input.
    type: bool
    default: false
  fail_on_error:
    description:
      - When V(true), a failed test fails the task with C(diagnosis) in the result.
      - When V(false), a failed test only reports C(passed=false) and C(diagnosis); the task is ok.
      - Invalid input (malformed ID, profile of another geography) always fails the task.
    type: bool
    default: true
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
notes:
  - Required permissions, on the model or profile ARN (and, for a profile, on the foundation-model ARN in every
    destination region) C(bedrock:InvokeModel); with O(role_arn), C(sts:AssumeRole) on the role.
  - On failure the module reads the model and profile lists (C(bedrock:ListFoundationModels),
    C(bedrock:ListInferenceProfiles)) to suggest the closest valid IDs; when those calls are denied, the
    diagnosis has no suggestions.
  - The diagnosis codes are described in the collection's C(docs/diagnosis.md).
"""

EXAMPLES = r"""
- name: Prove that Claude 3 Haiku answers in us-east-1
  ticketflow.bedrock.bedrock_invoke_test:
    model_id: anthropic.claude-haiku-4-5-20251001-v1:0
    region: us-east-1

- name: The seed plan's InvokeModel test through the application's runtime role
  ticketflow.bedrock.bedrock_invoke_test:
    model_id: anthropic.claude-sonnet-4-6
    api: invoke_model
    prompt: Say hello in one sentence.
    max_tokens: 64
    temperature: 0.3
    role_arn: arn:aws:iam::123456789012:role/ticketflow-bedrock-runtime
    region: us-east-1

- name: Latency percentiles of a cross-region inference profile
  ticketflow.bedrock.bedrock_invoke_test:
    model_id: us.anthropic.claude-opus-4-5-20251101-v1:0
    samples: 10
    region: us-east-1
  register: latency

- name: Report only, then act on the diagnosis
  ticketflow.bedrock.bedrock_invoke_test:
    model_id: anthropic.claude-haiku-4-5-20251001-v1:0
    fail_on_error: false
  register: probe

- name: Explain what to do
  ansible.builtin.debug:
    msg: "{{ probe.diagnosis.code }}: {{ probe.diagnosis.hint }}"
  when: not probe.passed
"""

RETURN = r"""
passed:
  description: Whether every invocation succeeded. Absent when nothing was invoked (check mode).
  returned: when invoked
  type: bool
  sample: true
invoked:
  description: Whether the model was invoked (false in check mode without O(run_in_check_mode)).
  returned: always
  type: bool
  sample: true
model_id:
  description: The model or profile identifier as given.
  returned: always
  type: str
  sample: anthropic.claude-haiku-4-5-20251001-v1:0
api:
  description: The API used, V(converse) or V(invoke_model).
  returned: always
  type: str
  sample: converse
region:
  description: The region called.
  returned: always
  type: str
  sample: us-east-1
assumed_role_arn:
  description: ARN of the assumed-role session, when O(role_arn) was given and the role was assumed.
  returned: when a role was assumed
  type: str
  sample: arn:aws:sts::123456789012:assumed-role/ticketflow-bedrock-runtime/ticketflow-bedrock-invoke-test
reply_text:
  description: The text of the first reply.
  returned: when passed
  type: str
  sample: Hello! How can I help you today?
stop_reason:
  description: Why the model stopped (C(end_turn), C(max_tokens), ...), as the API reports it.
  returned: when passed
  type: str
  sample: end_turn
usage:
  description: Token usage of the first invocation.
  returned: when passed
  type: dict
  contains:
    input_tokens:
      description: Input tokens.
      type: int
      sample: 14
    output_tokens:
      description: Output tokens.
      type: int
      sample: 10
    total_tokens:
      description: Input plus output tokens.
      type: int
      sample: 24
latency_ms:
  description: Wall-clock latency of the first invocation, in milliseconds, as measured by the client.
  returned: when passed
  type: float
  sample: 412.7
server_latency_ms:
  description: Latency reported by Converse (C(metrics.latencyMs)); null for InvokeModel.
  returned: when passed
  type: int
  sample: 380
tokens_per_second:
  description: Output tokens per second of client wall time, over all samples.
  returned: when passed
  type: float
  sample: 24.23
samples:
  description: Number of successful invocations.
  returned: when invoked
  type: int
  sample: 1
latency:
  description: Latency statistics over the samples, in milliseconds.
  returned: when passed and O(samples) > 1
  type: dict
  contains:
    min_ms:
      description: Fastest sample.
      type: float
    max_ms:
      description: Slowest sample.
      type: float
    mean_ms:
      description: Mean.
      type: float
    p50_ms:
      description: Median.
      type: float
    p95_ms:
      description: 95th percentile (linear interpolation).
      type: float
  sample: {"min_ms": 380.1, "max_ms": 611.0, "mean_ms": 431.5, "p50_ms": 415.2, "p95_ms": 590.3}
total_usage:
  description: Token usage summed over the samples.
  returned: when passed and O(samples) > 1
  type: dict
  sample: {"input_tokens": 140, "output_tokens": 100, "total_tokens": 240}
diagnosis:
  description: Why the test failed and what to do. See the collection's C(docs/diagnosis.md) for the codes.
  returned: when the test failed
  type: dict
  contains:
    code:
      description:
        - Stable classification, one of C(model_access_not_granted), C(wrong_region), C(policy_missing_model_arn),
          C(permission_denied), C(inference_profile_required), C(model_id_unknown), C(throttled_or_quota),
          C(quota_zero), C(endpoint_unreachable), C(clock_skew), C(credentials_missing), C(credentials_invalid),
          C(invalid_request), C(resource_not_found), C(service_unavailable), C(unknown).
      type: str
      sample: inference_profile_required
    summary:
      description: What went wrong.
      type: str
    hint:
      description: What to do about it.
      type: str
    aws_error_code:
      description: The AWS error code, null when AWS never answered.
      type: str
      sample: ValidationException
    aws_error_message:
      description: The AWS error message, null when AWS never answered.
      type: str
    retryable:
      description: Whether the same call may succeed later without a change.
      type: bool
    suggestions:
      description: Closest valid model or inference-profile IDs, when known.
      type: list
      elements: str
      sample: ["us.anthropic.claude-sonnet-4-6"]
    denied_action:
      description: For IAM denials, the action AWS named.
      type: str
    denied_resource:
      description: For IAM denials, the resource AWS named.
      type: str
    cross_region:
      description: For IAM denials, whether the denied resource is in another region than the one called.
      type: bool
"""

import re
import time

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.ticketflow.bedrock.plugins.module_utils import bedrock_ids
from ansible_collections.ticketflow.bedrock.plugins.module_utils import bedrock_runtime
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_catalog import BedrockCatalog
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_catalog import bedrock_retry
from ansible_collections.ticketflow.bedrock.plugins.module_utils.diagnosis import diagnose
from ansible_collections.ticketflow.bedrock.plugins.module_utils.diagnosis import diagnose_assume_role
from ansible_collections.ticketflow.bedrock.plugins.module_utils.diagnosis import failure_message
from ansible_collections.ticketflow.bedrock.plugins.module_utils.diagnosis import make_diagnosis
from ansible_collections.ticketflow.bedrock.plugins.module_utils.error_handlers import STSErrorHandler
from ansible_collections.ticketflow.bedrock.plugins.module_utils.guard_rails import role_arn_errors
from ansible_collections.ticketflow.bedrock.plugins.module_utils.retry_policy import aws_client
from ansible_collections.ticketflow.bedrock.plugins.module_utils.retry_policy import retry_decorator

MAX_SAMPLES = 20
MAX_TOKENS = 8192
MAX_RETRIES = 10
# Diagnoses for which the lists of valid IDs help (suggestions).
NEEDS_KNOWN_IDS = ("model_id_unknown", "inference_profile_required", "wrong_region")
SESSION_NAME = re.compile(r"^[\w+=,.@-]{2,64}$")
EXTERNAL_ID = re.compile(r"^[\w+=,.@:/-]{2,1224}$")


def input_problem(params, region):
    """(message, diagnosis code) for input that cannot work, or None."""
    if not 1 <= params["samples"] <= MAX_SAMPLES:
        return "samples must be between 1 and %d, got %d." % (MAX_SAMPLES, params["samples"]), "invalid_request"
    if not 1 <= params["max_tokens"] <= MAX_TOKENS:
        return "max_tokens must be between 1 and %d, got %d." % (MAX_TOKENS, params["max_tokens"]), "invalid_request"
    if params["temperature"] is not None and not 0.0 <= params["temperature"] <= 1.0:
        return "temperature must be between 0.0 and 1.0, got %s." % params["temperature"], "invalid_request"
    if not 0 <= params["retries"] <= MAX_RETRIES:
        return "retries must be between 0 and %d, got %d." % (MAX_RETRIES, params["retries"]), "invalid_request"
    if not params["prompt"].strip():
        return "prompt must not be empty.", "invalid_request"
    if params["role_arn"] is not None:
        problems = role_arn_errors(params["role_arn"], name="role_arn")
        if problems:
            return problems[0], "invalid_request"
        if not SESSION_NAME.match(params["role_session_name"] or ""):
            return ("role_session_name %r must be 2 to 64 letters, digits or +=,.@_- characters." % params["role_session_name"]), "invalid_request"
        if params["external_id"] is not None and not EXTERNAL_ID.match(params["external_id"]):
            return "external_id must be 2 to 1224 letters, digits or +=,.@:/_- characters.", "invalid_request"
    try:
        ref = bedrock_ids.parse_reference(params["model_id"])
    except bedrock_ids.BedrockInputError as e:
        return str(e), "model_id_unknown"
    region_problem = bedrock_ids.region_error(region)
    if region_problem:
        return region_problem, "wrong_region"
    region_problem = bedrock_ids.reference_region_error(ref, region)
    if region_problem:
        return region_problem, "wrong_region"
    if params["api"] == "invoke_model" and ref.model_id and not ref.model_id.startswith("anthropic."):
        return (
            "api=invoke_model sends the Anthropic Messages body, but %s is not an Anthropic model: use "
            "api=converse, which works for every text model." % params["model_id"]
        ), "invalid_request"
    return None


@STSErrorHandler.common_error_handler("assume role {request[RoleArn]}")
def assume_role(sts, request):
    return sts.assume_role(aws_retry=True, **request)


def runtime_client(module, result):
    """The bedrock-runtime client, with the assumed role's credentials when role_arn is set.

    Raises the STS handler's error when the role cannot be assumed.
    """
    # The policy's attempts count the first call: one more than the retries asked for.
    retry = retry_decorator("bedrock-runtime", attempts=module.params["retries"] + 1)
    credentials = {}
    if module.params["role_arn"]:
        request = {"RoleArn": module.params["role_arn"], "RoleSessionName": module.params["role_session_name"]}
        if module.params["external_id"]:
            request["ExternalId"] = module.params["external_id"]
        assumed = assume_role(aws_client(module, "sts"), request)
        session = assumed["Credentials"]
        credentials = {
            "aws_access_key_id": session["AccessKeyId"],
            "aws_secret_access_key": session["SecretAccessKey"],
            "aws_session_token": session["SessionToken"],
        }
        result["assumed_role_arn"] = assumed["AssumedRoleUser"]["Arn"]
    return module.client("bedrock-runtime", retry_decorator=retry, **credentials), credentials


def invoke_once(client, params):
    """One invocation; the parsed reply with the client-measured ``latency_ms``."""
    args = (params["model_id"], params["prompt"], params["max_tokens"], params["temperature"])
    started = time.monotonic()
    if params["api"] == "converse":
        response = client.converse(aws_retry=True, **bedrock_runtime.converse_request(*args))
        reply = bedrock_runtime.parse_converse_response(response)
    else:
        response = client.invoke_model(aws_retry=True, **bedrock_runtime.invoke_model_request(*args))
        reply = bedrock_runtime.parse_invoke_model_response(response)
    reply["latency_ms"] = round((time.monotonic() - started) * 1000.0, 1)
    return reply


def known_ids(module, credentials):
    """(model IDs, profile IDs) of the region, best effort: ([], []) when they cannot be read."""
    try:
        catalog = BedrockCatalog(module.client("bedrock", retry_decorator=bedrock_retry(retries=2), **credentials))
        return ([m["model_id"] for m in catalog.list_foundation_models()], [p["id"] for p in catalog.list_inference_profiles()])
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError):
        return [], []


def failed(module, result, diagnosis, msg, error=None):
    """Fail the task, or report the failure when fail_on_error is false."""
    result.update(passed=False, diagnosis=diagnosis)
    message = failure_message(msg, diagnosis)
    if not module.params["fail_on_error"]:
        module.exit_json(msg=message, **result)
    if error is not None and isinstance(error, (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError)):
        module.fail_json_aws(error, msg=message + " Cause", **result)
    module.fail_json(msg=message, **result)


def run_test(module, result):
    params = module.params
    context = {"region": result["region"], "model_id": params["model_id"], "service": "bedrock-runtime"}
    credentials = {}
    replies = []
    try:
        client, credentials = runtime_client(module, result)
    except AnsibleAWSError as e:
        result["samples"] = 0
        diagnosis = diagnose_assume_role(e.exception or e, params["role_arn"], region=result["region"])
        failed(module, result, diagnosis, "Assuming role %s failed" % params["role_arn"], e.exception)
    try:
        for _dummy in range(params["samples"]):
            replies.append(invoke_once(client, params))
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        result["samples"] = len(replies)
        diagnosis = diagnose(e, **context)
        if diagnosis["code"] in NEEDS_KNOWN_IDS:
            models, profiles = known_ids(module, credentials)
            diagnosis = diagnose(e, known_model_ids=models, known_profile_ids=profiles, **context)
        step = "Invoking %s with %s failed" % (params["model_id"], "Converse" if params["api"] == "converse" else "InvokeModel")
        failed(module, result, diagnosis, step, e)
    except bedrock_runtime.ReplyFormatError as e:
        result["samples"] = len(replies)
        failed(module, result, make_diagnosis("invalid_request", summary=str(e)), "The reply could not be read")

    first = replies[0]
    result.update(
        passed=True,
        samples=len(replies),
        reply_text=first["reply_text"],
        stop_reason=first["stop_reason"],
        usage=first["usage"],
        latency_ms=first["latency_ms"],
        server_latency_ms=first["server_latency_ms"],
    )
    summary = bedrock_runtime.summarize_samples(replies)
    result["tokens_per_second"] = summary["tokens_per_second"]
    if len(replies) > 1:
        result.update(latency=summary["latency"], total_usage=summary["total_usage"])
    return result


def main():
    argument_spec = dict(
        model_id=dict(type="str", required=True),
        api=dict(type="str", choices=list(bedrock_runtime.APIS), default="converse"),
        prompt=dict(type="str", default="Say hello in one sentence."),
        max_tokens=dict(type="int", default=64, no_log=False),
        temperature=dict(type="float"),
        samples=dict(type="int", default=1),
        retries=dict(type="int", default=3),
        role_arn=dict(type="str"),
        role_session_name=dict(type="str", default="ticketflow-bedrock-invoke-test"),
        external_id=dict(type="str"),
        run_in_check_mode=dict(type="bool", default=False),
        fail_on_error=dict(type="bool", default=True),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    region = module.region
    result = dict(changed=False, invoked=False, model_id=module.params["model_id"], api=module.params["api"], region=region)

    problem = input_problem(module.params, region)
    if problem:
        message, code = problem
        diagnosis = make_diagnosis(code, summary=message, hint="Correct the task's options: %s" % message)
        module.fail_json(msg=message, diagnosis=diagnosis, **result)

    if module.check_mode and not module.params["run_in_check_mode"]:
        module.exit_json(msg="Check mode: input is valid; the model was not invoked (set run_in_check_mode to invoke).", **result)

    result["invoked"] = True
    module.exit_json(**run_test(module, result))


if __name__ == "__main__":
    main()
