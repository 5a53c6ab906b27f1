# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Turn an AWS failure into a stable diagnosis: what went wrong, why, what to do.

The seed plan's troubleshooting table (access denied, throttling, networking,
clock skew, model ID mismatch) as code. ``diagnose(error, **context)`` returns a
dict with:

- ``code``: a stable identifier (see ``CODES``),
- ``summary``: what went wrong, in one sentence,
- ``hint``: what to do about it,
- ``aws_error_code`` / ``aws_error_message``: as AWS sent them (``None`` for
  errors raised before any answer, e.g. no credentials or no connection),
- ``retryable``: whether the same call may succeed later without a change,

plus, when known, ``suggestions`` (closest valid model or profile IDs),
``denied_action``, ``denied_resource``, ``cross_region`` and
``missing_resources`` (for IAM denials).

Context keywords (all optional): ``service`` (botocore's name of the service
called: hints for throttling and outages then name it and fit it; without it
they are the model-invocation ones), ``operation`` (the API operation, taken
from the error when not given), ``region`` (the region called),
``model_id`` (the model or inference profile ID or ARN that was called),
``profile_id``, ``known_model_ids`` (IDs valid in that region, for
suggestions), ``known_profile_ids``, ``model_regions`` (regions that offer the
model), ``policy_resources`` (resource ARNs the caller's policy allows),
``successors`` (IDs to move to from a retired or legacy model, best first) and
``environ`` (the environment to look for ``AWS_BEARER_TOKEN_BEDROCK`` in;
``os.environ`` when not given).

Today's Bedrock answers (end of life, legacy inactivity, Marketplace first use,
use-case form, daily tokens, temperature with top_p, a bearer token in the
environment) are recognised first, from AWS's texts; ``docs/diagnosis.md``
documents every code of ``CODES`` (a unit test keeps the two in step).

The classification reads exception class names and AWS error codes and never
imports botocore, so it also works (as ``unknown``) for non-AWS exceptions.
No field ever holds a credential: messages are scrubbed of secrets and tokens.
"""

import os
import re

from ansible_collections.ticketflow.bedrock.plugins.module_utils import bedrock_catalog
from ansible_collections.ticketflow.bedrock.plugins.module_utils import bedrock_ids

# code -> (default summary, default hint, retryable)
CODES = {
    "model_access_not_granted": (
        "The account has no access to this model in this region.",
        "Grant model access in this region (ticketflow.bedrock.bedrock_model_access: use-case form for Anthropic, "
        "then the model agreement) and give the caller the AWS Marketplace permissions "
        "(aws-marketplace:Subscribe, Unsubscribe, ViewSubscriptions); access is per region and the first "
        "subscription can take up to 15 minutes.",
        False,
    ),
    "wrong_region": (
        "The model or inference profile is not available in the region that was called.",
        "Call the region where the model is offered and access was granted, or pick a model or inference "
        "profile offered in this region (ticketflow.bedrock.bedrock_model_access_info lists them).",
        False,
    ),
    "policy_missing_model_arn": (
        "The caller's IAM policy does not allow invoking this model or inference profile.",
        "Allow bedrock:InvokeModel (and bedrock:InvokeModelWithResponseStream) on the inference-profile ARN and on "
        "the foundation-model ARN in every destination region of the profile; check that no SCP or "
        "aws:RequestedRegion condition blocks the destination regions.",
        False,
    ),
    "permission_denied": (
        "The caller is not allowed to perform this action.",
        "Add the action named in the AWS message to the caller's IAM policy (or, for sts:AssumeRole, to the "
        "role's trust policy) and check SCPs and permission boundaries.",
        False,
    ),
    "inference_profile_required": (
        "This model cannot be invoked by its bare model ID with on-demand throughput.",
        "Invoke it through an inference profile (e.g. us.<model-id>, eu.<model-id>) and allow the profile ARN plus "
        "the foundation-model ARNs of its destination regions in the IAM policy.",
        False,
    ),
    "model_id_unknown": (
        "The model identifier is not valid in this region.",
        "Check the exact model ID and ARN format (provider.model-name-version:revision, or "
        "arn:aws:bedrock:REGION::foundation-model/ID); list valid IDs with "
        "ticketflow.bedrock.bedrock_model_access_info.",
        False,
    ),
    "throttled_or_quota": (
        "The request was throttled: a requests-per-minute or tokens-per-minute quota was hit.",
        "Retry with backoff, spread the load, use a cross-region inference profile, or request a quota increase (ticketflow.bedrock.quota_request).",
        True,
    ),
    "quota_zero": (
        "The account's daily token quota (Cross-Model Max Tokens Per Day) is exhausted or zero.",
        "Retrying today will not help and a Service Quotas request cannot raise it: open an AWS Support case "
        "(service limit increase, Amazon Bedrock) for the account-wide daily token quota (new accounts may start "
        "at zero); ticketflow.bedrock.quota_info shows it. Until then use another account or wait for the next day.",
        False,
    ),
    "endpoint_unreachable": (
        "The AWS endpoint could not be reached (DNS or connection failure).",
        "From a private subnet, create interface VPC endpoints com.amazonaws.REGION.bedrock-runtime and "
        "com.amazonaws.REGION.bedrock with private DNS, and a security group allowing TCP 443 from the "
        "application's subnets; otherwise check the NAT or proxy route, the endpoint URL and the region name.",
        True,
    ),
    "clock_skew": (
        "The request signature was rejected because the local clock differs from AWS time by more than 5 minutes.",
        "Synchronise the host clock with NTP (chrony or systemd-timesyncd, or the Amazon Time Sync Service at 169.254.169.123) and retry.",
        False,
    ),
    "credentials_missing": (
        "No AWS credentials were found.",
        "Provide credentials: an instance profile or role, AWS_PROFILE, or access_key/secret_key module options (keep the secret in a vault).",
        False,
    ),
    "credentials_invalid": (
        "AWS rejected the credentials.",
        "Check that the access key exists and is active, that the secret key matches it and that a session "
        "token, if used, is current; refresh temporary credentials.",
        False,
    ),
    "logging_destination_denied": (
        "Bedrock could not verify that its logging role may write to the invocation-logging destination.",
        "Make the role trusted by bedrock.amazonaws.com (aws:SourceAccount condition) and allow it "
        "logs:CreateLogStream and logs:PutLogEvents on the log group; for S3, a bucket policy letting "
        "bedrock.amazonaws.com s3:PutObject under the prefix. Log group, bucket and role must be in the "
        "same account and region as the configuration.",
        False,
    ),
    "assume_role_failed": (
        "The role could not be assumed.",
        "Check that the role exists (exact ARN, with its path), that its trust policy names the caller (or the "
        "caller's account root, where allowed), that the caller may call sts:AssumeRole on it (no SCP or "
        "permission boundary denying it), and that any external ID matches the trust policy's sts:ExternalId.",
        False,
    ),
    "guardrail_not_enforced": (
        "An invocation without the guardrail was allowed, so the caller can bypass it.",
        "Attach the invoke policy built with the ticketflow.bedrock.invoke_policy_guardrail filter (Allow with "
        "bedrock:GuardrailIdentifier, Deny without it) and remove other policies that allow bedrock:InvokeModel, "
        "or enforce the guardrail for the account and region (enforced guardrail configuration).",
        False,
    ),
    "invalid_request": (
        "AWS rejected the request as invalid.",
        "Read the AWS message for the offending parameter and correct the task's options.",
        False,
    ),
    "resource_not_found": (
        "The resource named in the request does not exist.",
        "Check the name or identifier and the region.",
        False,
    ),
    "service_unavailable": (
        "The service failed or timed out on its side.",
        "Retry later; if it persists, check the AWS Health Dashboard for the region.",
        True,
    ),
    "model_end_of_life": (
        "The model has reached end of life: AWS removed it from every Region and calls to it fail.",
        "Move to an ACTIVE successor of the same family (ticketflow.bedrock.bedrock_model_access_info lists "
        "successors, ticketflow.bedrock.bedrock_model_select picks one), through the inference profile it names; "
        "nothing migrates automatically.",
        False,
    ),
    "legacy_model_inactive": (
        "The model is LEGACY and this account has not used it recently, so AWS refuses it.",
        "Move to an ACTIVE model of the same family (a LEGACY model cannot be adopted again); "
        "ticketflow.bedrock.bedrock_model_access_info lists the successors offered in the Region.",
        False,
    ),
    "marketplace_permissions_missing": (
        "The first use of this model needs AWS Marketplace permissions the caller lacks: the account's subscription to the model could not start.",
        "Let the setup identity (not the runtime role) make the first call or the agreement with "
        "aws-marketplace:Subscribe, aws-marketplace:Unsubscribe and aws-marketplace:ViewSubscriptions (scopable with "
        "aws-marketplace:ProductId) and a valid payment method on the account; retry after 2 minutes. Once the "
        "account is subscribed no invoker needs Marketplace permissions.",
        False,
    ),
    "use_case_form_missing": (
        "The Anthropic use-case form has not been submitted for this account.",
        "Submit it once per account, or once in the Organization's management account "
        "(ticketflow.bedrock.bedrock_model_access with use_case), then retry after 15 minutes.",
        False,
    ),
    "use_case_form_missing_region": (
        "The Anthropic use-case form has not been submitted for this opt-in Region.",
        "Opt-in Regions need their own form: run ticketflow.bedrock.bedrock_model_access with use_case in this Region, then retry after 15 minutes.",
        False,
    ),
    "sampling_parameters_conflict": (
        "The model refuses temperature and top_p in the same request.",
        "Send only one of temperature and top_p (Claude Sonnet 4.5, Haiku 4.5, Opus 4.5 and later), or none.",
        False,
    ),
    "bearer_token_overrides_sigv4": (
        "AWS_BEARER_TOKEN_BEDROCK is set in the environment: boto3 sends that Bedrock API key instead of the "
        "SigV4 credentials of the task, and AWS refused it.",
        "Unset AWS_BEARER_TOKEN_BEDROCK for this run (environment of the controller, AWX credential or "
        "execution environment) so the role or profile credentials are used, or replace the expired or revoked "
        "API key.",
        False,
    ),
    "unknown": (
        "The failure could not be classified.",
        "Read the AWS error code and message; the task's full result holds the response metadata.",
        False,
    ),
}

_LOGGING_DESTINATION_TEXT = re.compile(r"Failed to validate permissions for (log group|bucket)", re.IGNORECASE)
_ACCESS_CODES = ("AccessDeniedException", "AccessDenied", "UnauthorizedOperation", "Forbidden")
_THROTTLE_CODES = (
    "ThrottlingException",
    "Throttling",
    "ThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "RequestThrottled",
    "RequestThrottledException",
    "SlowDown",
    "ProvisionedThroughputExceededException",
    "BandwidthLimitExceeded",
    "LimitExceededException",
)
_QUOTA_CODES = ("ServiceQuotaExceededException", "QuotaExceededException")
_CLOCK_CODES = ("RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture")
_SIGNATURE_CODES = ("InvalidSignatureException", "SignatureDoesNotMatch", "IncompleteSignature", "AuthFailure")
_BAD_CREDENTIAL_CODES = (
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "InvalidAccessKeyId",
    "ExpiredTokenException",
    "ExpiredToken",
    "InvalidToken",
    "MissingAuthenticationToken",
    "MissingAuthenticationTokenException",
    "NotAuthorized",
)
_SERVER_CODES = (
    "InternalServerException",
    "InternalFailure",
    "InternalError",
    "ServiceUnavailable",
    "ServiceUnavailableException",
    "ModelTimeoutException",
    "ModelNotReadyException",
    "ModelErrorException",
    "ServiceException",
)
_VALIDATION_CODES = (
    "ValidationException",
    "ValidationError",
    "InvalidParameterValue",
    "InvalidParameterException",
    "InvalidRequestException",
    "BadRequestException",
)
_NOT_FOUND_CODES = ("ResourceNotFoundException", "NotFoundException", "NoSuchEntity", "NoSuchEntityException")

_CLOCK_TEXT = re.compile(r"signature expired|not yet current|clock skew|time too skewed|request has expired", re.I)
_PROFILE_REQUIRED_TEXT = re.compile(r"on-demand throughput isn.?t supported|inference profile that contains", re.I)
_INVALID_MODEL_TEXT = re.compile(
    r"model identifier is invalid|model.* (?:not found|does not exist)|"
    r"could not resolve the foundation model",
    re.I,
)
_NO_MODEL_ACCESS_TEXT = re.compile(
    r"don.?t have access to the model|access to the model|aws-marketplace|model access|use case details|"
    r"marked by provider as legacy|not authorized to invoke this api",
    re.I,
)
_QUOTA_ZERO_TEXT = re.compile(r"quota (?:value )?(?:is |of )?0\b", re.I)
_DAILY_TOKENS_TEXT = re.compile(r"tokens per day", re.I)
_END_OF_LIFE_TEXT = re.compile(r"reached the end of its life", re.I)
_LEGACY_INACTIVE_TEXT = re.compile(r"marked by provider as legacy", re.I)
_MARKETPLACE_TEXT = re.compile(r"aws-marketplace:|aws marketplace actions", re.I)
_USE_CASE_TEXT = re.compile(r"use case details have not been submitted", re.I)
_USE_CASE_REGION_TEXT = re.compile(r"not filled out the required use-case form", re.I)
_SAMPLING_TEXT = re.compile(r"temperature.{0,3} and .{0,3}top_p.{0,3} cannot both be specified", re.I)
_INACTIVITY_DAYS = re.compile(r"in the last (\d+) days", re.I)
BEARER_TOKEN_VARIABLE = "AWS_BEARER_TOKEN_BEDROCK"
_DENIAL_TEXT = re.compile(
    r"(?:User|Principal):\s*(?P<principal>\S+)\s+is not authorized to perform:\s*(?P<action>[\w:*-]+)"
    r"(?:\s+on resource:\s*(?P<resource>[^\s,]+?))?(?:\s+(?:because|with)\b|[\s.]*$)",
    re.I,
)
_ARN_REGION = re.compile(r"^arn:[\w-]+:[\w-]+:(?P<region>[a-z0-9-]*):")
_REGION_IN_HOST = re.compile(r"\.(?P<region>[a-z]{2}(?:-gov)?-[a-z]+-\d)\.")
# Long strings that look like secret keys or session tokens; never echo them.
_SECRET_LIKE = re.compile(
    r"(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+=]*[a-z])(?=[A-Za-z0-9/+=]*[A-Z])"
    r"(?=[A-Za-z0-9/+=]*[0-9])[A-Za-z0-9/+=]{40,}(?![A-Za-z0-9/+=])"
)
_SECRET_PARAM = re.compile(
    r"(?i)(x-amz-security-token|securitytoken|secretaccesskey|aws_secret_access_key|"
    r"sessiontoken|signature)(['\"]?\s*[=:]\s*['\"]?)[^\s&'\",]+"
)


def _scrub(text):
    if text is None:
        return None
    text = _SECRET_PARAM.sub(lambda m: m.group(1) + m.group(2) + "********", str(text))
    return _SECRET_LIKE.sub("********", text)


def _class_names(error):
    return {cls.__name__ for cls in type(error).__mro__}


def _is_client_error(error):
    response = getattr(error, "response", None)
    return isinstance(response, dict) and "Error" in response


def _aws_error(error):
    """(code, message, http_status) of a botocore ClientError, else (None, None, None)."""
    if not _is_client_error(error):
        return None, None, None
    err = error.response.get("Error") or {}
    status = (error.response.get("ResponseMetadata") or {}).get("HTTPStatusCode")
    return err.get("Code"), err.get("Message") or "", status


def _arn_region(arn):
    match = _ARN_REGION.match(arn or "")
    return match.group("region") if match else None


def _reference(identifier):
    """The parsed bedrock_ids Reference of a model/profile ID or ARN, or None when malformed."""
    try:
        return bedrock_ids.parse_reference(identifier)
    except bedrock_ids.BedrockInputError:
        return None


def _bare_model_id(identifier):
    """The foundation-model ID a model or profile identifier carries (best effort)."""
    ref = _reference(identifier)
    if ref is not None and ref.model_id:
        return ref.model_id
    return (identifier or "").split("/")[-1]


def closest_ids(wanted, known, n=3):
    """The ``n`` known IDs closest to ``wanted``, best first (``bedrock_catalog.closest_model_ids``)."""
    return list(bedrock_catalog.closest_model_ids(wanted, list(known or []), n=n))


def _profile_suggestions(model_id, context):
    """Inference-profile IDs carrying ``model_id`` that can be called from the context's region."""
    bare = _bare_model_id(model_id)
    region = context.get("region")
    geographies = (bedrock_ids.region_geographies(region) if region else None) or ()
    known = [p for p in context.get("known_profile_ids") or [] if _bare_model_id(p) == bare]
    if known:
        rank = {geo: i for i, geo in enumerate(geographies)}
        known.sort(key=lambda p: (rank.get(bedrock_ids.profile_geography(p), len(rank)), p))
        return known[:3]
    return ["%s.%s" % (geo, bare) for geo in geographies][:3] if bare else []


def _denial(message, context):
    """Details of an IAM 'is not authorized to perform' message."""
    match = _DENIAL_TEXT.search(message or "")
    if not match:
        return None
    action = match.group("action")
    resource = match.group("resource")
    details = {"denied_action": action}
    if resource:
        details["denied_resource"] = resource
        resource_region = _arn_region(resource)
        region = context.get("region")
        details["cross_region"] = bool(resource_region and region and resource_region != region)
        allowed = context.get("policy_resources")
        if allowed is not None:
            allowed = [allowed] if isinstance(allowed, str) else list(allowed)
            if not any(_arn_covers(pattern, resource) for pattern in allowed):
                details["missing_resources"] = [resource]
    return details


def _arn_covers(pattern, arn):
    regex = "^" + ".*".join(re.escape(part) for part in pattern.split("*")) + "$"
    regex = regex.replace(r"\?", ".")
    return re.match(regex, arn) is not None


def _is_model_action(action):
    action = (action or "").lower()
    return action.startswith("bedrock:invoke") or action.startswith("bedrock:converse") or action == "bedrock:*"


def _wrong_region_reason(context):
    """Why the called identifier cannot be valid in the called region, or None."""
    region = context.get("region")
    ident = context.get("model_id") or context.get("profile_id")
    if not region or not ident:
        return None
    ref = _reference(ident)
    if ref is not None:
        reason = bedrock_ids.reference_region_error(ref, region)
        if reason:
            return reason
    regions = context.get("model_regions")
    if regions and region not in regions:
        return "%s is offered in %s, not in %s." % (ident, ", ".join(sorted(regions)), region)
    return None


def bearer_token_in_environment(environ=None):
    """Whether AWS_BEARER_TOKEN_BEDROCK is set (boto3 then signs Bedrock calls with it, not SigV4)."""
    environ = os.environ if environ is None else environ
    return bool((environ.get(BEARER_TOKEN_VARIABLE) or "").strip())


def _successor_hint(context, default):
    """The default hint, naming the successors the caller passed (``successors``: IDs, best first)."""
    later = [s for s in context.get("successors") or [] if s]
    if not later:
        return default
    return "Move to %s (an ACTIVE successor offered in %s); nothing migrates automatically." % (" or ".join(later[:2]), context.get("region") or "the Region")


def _classify_today(code, message, status, context):
    """(diagnosis code, overrides) for the answers of today's Bedrock, or None.

    Texts as AWS answers them (bedrock-facts notes): end of life and legacy
    inactivity (404 ResourceNotFoundException), Marketplace first use (403),
    use-case form (404, and the opt-in Region text), daily tokens (429),
    temperature with top_p (400); and any authentication or authorization
    refusal while AWS_BEARER_TOKEN_BEDROCK is set.
    """
    ident = context.get("model_id") or context.get("profile_id")
    if _END_OF_LIFE_TEXT.search(message):
        summary = "%s has reached end of life and is no longer served." % ident if ident else None
        overrides = {"hint": _successor_hint(context, CODES["model_end_of_life"][1])}
        if summary:
            overrides["summary"] = summary
        if context.get("successors"):
            overrides["suggestions"] = list(context["successors"])
        return "model_end_of_life", overrides
    if _LEGACY_INACTIVE_TEXT.search(message):
        days = _INACTIVITY_DAYS.search(message)
        overrides = {"hint": _successor_hint(context, CODES["legacy_model_inactive"][1])}
        if days:
            overrides["inactivity_days"] = int(days.group(1))
            overrides["summary"] = "%s is LEGACY and this account has not used it in the last %s days, so AWS refuses it." % (
                ident or "The model",
                days.group(1),
            )
        return "legacy_model_inactive", overrides
    if (
        bearer_token_in_environment(context.get("environ"))
        and (code in _ACCESS_CODES + _BAD_CREDENTIAL_CODES + _SIGNATURE_CODES or status in (401, 403))
        and not _MARKETPLACE_TEXT.search(message)
    ):
        return "bearer_token_overrides_sigv4", {}
    if _MARKETPLACE_TEXT.search(message) and (code in _ACCESS_CODES or status == 403):
        return "marketplace_permissions_missing", {"missing_permissions": sorted(set(re.findall(r"aws-marketplace:\w+", message)))}
    if _USE_CASE_REGION_TEXT.search(message):
        return "use_case_form_missing_region", {}
    if _USE_CASE_TEXT.search(message):
        return "use_case_form_missing", {}
    if _DAILY_TOKENS_TEXT.search(message) and (code in _THROTTLE_CODES or status == 429):
        return "quota_zero", {}
    if _SAMPLING_TEXT.search(message):
        return "sampling_parameters_conflict", {}
    return None


def _classify_client_error(code, message, status, context):
    """(diagnosis code, overrides) for an AWS error answer."""
    ident = context.get("model_id") or context.get("profile_id")
    region = context.get("region")
    where = (" in %s" % region) if region else ""

    if code in _CLOCK_CODES or _CLOCK_TEXT.search(message):
        return "clock_skew", {}
    today = _classify_today(code, message, status, context)
    if today is not None:
        return today
    if code in _SIGNATURE_CODES:
        return "credentials_invalid", {
            "summary": "AWS rejected the request signature: the secret key does not match the access key.",
            "hint": "Check that the secret key belongs to the access key and has not been rotated; if the message "
            "mentions time, synchronise the clock with NTP.",
        }
    if code in _BAD_CREDENTIAL_CODES:
        if "xpired" in code or "expired" in message.lower():
            return "credentials_invalid", {
                "summary": "The security token of the credentials has expired.",
                "hint": "Refresh the temporary credentials (assume the role again, renew the SSO session) and retry.",
            }
        return "credentials_invalid", {}
    if code in _THROTTLE_CODES or code in _QUOTA_CODES or status == 429:
        if _QUOTA_ZERO_TEXT.search(message):
            return "quota_zero", {}
        if code in _QUOTA_CODES:
            return "throttled_or_quota", {
                "summary": "The request exceeds a service quota of the account%s." % where,
                "hint": "Lower the request rate or size, or request a quota increase (ticketflow.bedrock.quota_info, ticketflow.bedrock.quota_request).",
            }
        return "throttled_or_quota", _throttle_advice(context)
    if code in _ACCESS_CODES or status == 403:
        denial = _denial(message, context)
        if denial:
            if not _is_model_action(denial["denied_action"]):
                return "permission_denied", denial
            overrides = dict(denial)
            resource = denial.get("denied_resource")
            if denial.get("cross_region"):
                overrides["summary"] = "The IAM policy does not allow %s on %s, a destination region of the inference profile." % (
                    denial["denied_action"],
                    resource,
                )
                overrides["hint"] = (
                    "Add the foundation-model ARN of every destination region of the profile (%s) to the policy's "
                    "Resource, next to the inference-profile ARN, and make sure no aws:RequestedRegion condition or "
                    "SCP limits the call to the source region." % resource
                )
            elif resource:
                overrides["summary"] = "The IAM policy does not allow %s on %s." % (denial["denied_action"], resource)
                overrides["hint"] = (
                    "Add %s to the Resource of the statement allowing %s (for an inference profile: the profile "
                    "ARN and the foundation-model ARN in every destination region)." % (resource, denial["denied_action"])
                )
            return "policy_missing_model_arn", overrides
        if "explicit deny" in message.lower():
            return "policy_missing_model_arn", {
                "summary": "An explicit deny (IAM policy, permission boundary or SCP) blocks the call.",
            }
        if _NO_MODEL_ACCESS_TEXT.search(message):
            overrides = {}
            if "aws-marketplace" in message.lower():
                overrides["summary"] = (
                    "Model access is denied because the caller lacks the AWS Marketplace permissions needed to enable the model on first use."
                )
            if region:
                overrides["hint"] = CODES["model_access_not_granted"][1] + " This call went to %s." % region
            reason = _wrong_region_reason(context)
            if reason:
                return "wrong_region", {"summary": reason}
            return "model_access_not_granted", overrides
        return "permission_denied", {}
    if code in _VALIDATION_CODES or code in _NOT_FOUND_CODES or status in (400, 404):
        if _PROFILE_REQUIRED_TEXT.search(message):
            suggestions = _profile_suggestions(ident, context)
            overrides = {"suggestions": suggestions}
            if suggestions:
                overrides["hint"] = (
                    "Invoke it through an inference profile such as %s, and allow the profile ARN plus the "
                    "foundation-model ARNs of its destination regions in the IAM policy." % suggestions[0]
                )
            return "inference_profile_required", overrides
        if code in _NOT_FOUND_CODES and _NO_MODEL_ACCESS_TEXT.search(message):
            return "model_access_not_granted", {
                "summary": "The Anthropic use-case form has not been submitted for this account.",
                "hint": "Submit the use-case form (ticketflow.bedrock.bedrock_model_access with use_case details) "
                "once per account or Organization, then retry.",
            }
        model_related = _INVALID_MODEL_TEXT.search(message) or (ident and code in _NOT_FOUND_CODES)
        if model_related:
            reason = _wrong_region_reason(context)
            if reason:
                return "wrong_region", {"summary": reason}
            known = list(context.get("known_model_ids") or []) + list(context.get("known_profile_ids") or [])
            overrides = {"suggestions": closest_ids(ident, known)}
            if ident:
                overrides["summary"] = "The model identifier %s is not valid%s." % (ident, where)
            return "model_id_unknown", overrides
        if code in _NOT_FOUND_CODES:
            return "resource_not_found", {}
        if _LOGGING_DESTINATION_TEXT.search(message):
            return "logging_destination_denied", {}
        return "invalid_request", {}
    if code in _SERVER_CODES or (status or 0) >= 500:
        return "service_unavailable", _unavailable_advice(context)
    return "unknown", {}


# Services whose throttles are about model invocation (requests or tokens per minute of a model).
_MODEL_INVOCATION_SERVICES = ("bedrock-runtime",)
# The model invocation operations (Bedrock Runtime): a throttle of any other operation is an API rate limit,
# also when the caller did not say which service answered.
_MODEL_INVOCATION_OPERATIONS = ("InvokeModel", "InvokeModelWithResponseStream", "Converse", "ConverseStream", "CountTokens", "ApplyGuardrail")
SERVICE_TITLES = {
    "bedrock": "Amazon Bedrock",
    "bedrock-runtime": "Amazon Bedrock Runtime",
    "budgets": "AWS Budgets",
    "service-quotas": "Service Quotas",
    "s3": "Amazon S3",
    "sts": "AWS STS",
    "iam": "IAM",
}


def _call_name(context):
    service = context.get("service")
    title = SERVICE_TITLES.get(service, service or "AWS")
    operation = context.get("operation")
    return "%s %s" % (title, operation) if operation else title


def _throttle_advice(context):
    """Overrides of the throttle diagnosis for a call that is not a model invocation."""
    service, operation = context.get("service"), context.get("operation")
    if service in _MODEL_INVOCATION_SERVICES:
        return {}
    if service is None and (operation is None or operation in _MODEL_INVOCATION_OPERATIONS):
        return {}
    return {
        "summary": "%s throttled the request (its API request rate for the account was exceeded); the collection's "
        "retries with backoff did not outlast it." % _call_name(context),
        "hint": "Retry later. Another client is probably calling the same API at the same time (parallel runs, "
        "other AWX jobs, scripts): run fewer environments in parallel (forks) or spread the schedules.",
    }


def _unavailable_advice(context):
    if context.get("service") is None:
        return {}
    return {
        "summary": "%s failed or timed out on its side; the collection's retries with backoff did not outlast it." % _call_name(context),
        "hint": "Retry later; if it persists, check the AWS Health Dashboard for %s in the region."
        % SERVICE_TITLES.get(context["service"], context["service"]),
    }


def _classify_exception(names, error, context):
    """(diagnosis code, overrides) for an error raised before or instead of an AWS answer."""
    text = str(error)
    if names & {"NoCredentialsError", "PartialCredentialsError", "ProfileNotFound", "CredentialRetrievalError", "NoAuthTokenError", "UnknownCredentialError"}:
        return "credentials_missing", {"summary": "No usable AWS credentials were found: %s." % text.rstrip(".")}
    if names & {"TokenRetrievalError", "UnauthorizedSSOTokenError", "SSOTokenLoadError", "LoginError", "RefreshWithMFAUnsupportedError"}:
        return "credentials_invalid", {"summary": "The credentials could not be refreshed: %s." % text.rstrip(".")}
    if names & {"NoRegionError", "UnknownRegionError", "InvalidRegionError", "ServiceNotInRegionError"}:
        return "wrong_region", {
            "summary": "The region is missing or not valid for this service: %s." % text.rstrip("."),
            "hint": "Set the region option (or AWS_REGION) to a region where Amazon Bedrock is offered.",
        }
    if names & {"ReadTimeoutError", "ResponseStreamingError", "IncompleteReadError"}:
        return "service_unavailable", {
            "summary": "The endpoint accepted the connection but did not answer in time: %s." % text.rstrip("."),
            "hint": "Retry; for long generations lower max_tokens or raise the read timeout.",
        }
    if names & {
        "EndpointConnectionError",
        "ConnectTimeoutError",
        "ConnectionClosedError",
        "ProxyConnectionError",
        "SSLError",
        "ConnectionError",
        "HTTPClientError",
    }:
        overrides = {"summary": "The AWS endpoint could not be reached: %s." % text.rstrip(".")}
        host_region = _REGION_IN_HOST.search(text)
        region = context.get("region")
        if host_region and region and host_region.group("region") != region:
            overrides["hint"] = CODES["endpoint_unreachable"][1] + (
                " The endpoint is in %s while the task's region is %s." % (host_region.group("region"), region)
            )
        return "endpoint_unreachable", overrides
    if "ParamValidationError" in names or "ValidationError" in names:
        return "invalid_request", {"summary": "botocore rejected the request parameters: %s." % text.rstrip(".")}
    return "unknown", {}


def make_diagnosis(code, summary=None, hint=None, aws_error_code=None, aws_error_message=None, **extra):
    """A diagnosis dict for ``code`` (one of ``CODES``), with the code's defaults where not given.

    For failures found without an AWS error, e.g. input that cannot work in
    the task's region; ``extra`` adds optional keys such as ``suggestions``.
    """
    default_summary, default_hint, retryable = CODES[code]
    result = {
        "code": code,
        "summary": _scrub(summary or default_summary),
        "hint": _scrub(hint or default_hint),
        "aws_error_code": aws_error_code,
        "aws_error_message": _scrub(aws_error_message),
        "retryable": retryable,
    }
    suggestions = extra.pop("suggestions", None)
    if suggestions:
        result["suggestions"] = list(suggestions)
    result.update(extra)
    return result


def diagnose(error, **context):
    """Classify ``error`` (a botocore exception or any exception) into a diagnosis dict.

    ``context`` (all optional): service, operation, region, model_id, profile_id,
    known_model_ids, known_profile_ids, model_regions, policy_resources, successors,
    environ. The service and operation, when known, are also keys of the diagnosis.
    """
    code, message, status = _aws_error(error)
    if code is not None and not context.get("operation") and getattr(error, "operation_name", None):
        context["operation"] = error.operation_name
    if code is not None:
        diag_code, overrides = _classify_client_error(code, message, status, context)
    else:
        diag_code, overrides = _classify_exception(_class_names(error), error, context)
        message = None
    summary = overrides.pop("summary", None)
    if diag_code == "unknown" and code is None:
        summary = "%s: %s" % (type(error).__name__, error)
    hint = overrides.pop("hint", None)
    if hint is None and context.get("region"):
        hint = CODES[diag_code][1].replace("REGION", context["region"])
    for key in ("service", "operation"):
        if context.get(key):
            overrides.setdefault(key, context[key])
    return make_diagnosis(diag_code, summary=summary, hint=hint, aws_error_code=code, aws_error_message=message, **overrides)


# Failures of an AssumeRole call that are not about the role itself keep their own code.
_NOT_ABOUT_THE_ROLE = ("throttled_or_quota", "service_unavailable", "endpoint_unreachable", "clock_skew", "credentials_missing", "credentials_invalid")


def diagnose_assume_role(error, role_arn, region=None):
    """Diagnosis of a failed sts:AssumeRole of ``role_arn``: ``assume_role_failed`` unless the cause lies elsewhere.

    Never classified against a model: a denied or missing role is not a model problem.
    """
    base = diagnose(error, region=region, service="sts", operation="AssumeRole")
    if base["code"] in _NOT_ABOUT_THE_ROLE:
        return base
    detail = base["aws_error_message"] or base["summary"]
    extra = {key: base[key] for key in ("denied_action", "denied_resource") if key in base}
    return make_diagnosis(
        "assume_role_failed",
        summary="The role %s could not be assumed: %s" % (role_arn, detail),
        aws_error_code=base["aws_error_code"],
        aws_error_message=base["aws_error_message"],
        service="sts",
        operation="AssumeRole",
        **extra,
    )


def is_aws_error(error):
    """True for botocore ClientError and BotoCoreError (by class name, without importing botocore)."""
    return bool(_class_names(error) & {"ClientError", "BotoCoreError"})


def failure_message(msg, diagnosis):
    """``msg`` followed by the diagnosis code, summary and hint, for the task's ``msg``."""
    return "%s [%s]: %s Fix: %s" % (msg.rstrip(". "), diagnosis["code"], diagnosis["summary"], diagnosis["hint"])


def fail_with_diagnosis(module, error, msg, **context):
    """Fail the task with ``diagnosis`` in the result; ``context`` as for ``diagnose``.

    botocore ClientError/BotoCoreError go through ``module.fail_json_aws`` (so
    the AWS error code and response metadata stay in the result); anything
    else through ``module.fail_json``. The task's ``msg`` reads
    "MSG [CODE]: SUMMARY Fix: HINT Cause: ERROR".
    """
    diagnosis = diagnose(error, **context)
    message = failure_message(msg, diagnosis) + " Cause"
    if is_aws_error(error) and hasattr(module, "fail_json_aws"):
        module.fail_json_aws(error, msg=message, diagnosis=diagnosis)
    module.fail_json(msg="%s: %s" % (message, _scrub(error)), diagnosis=diagnosis)
