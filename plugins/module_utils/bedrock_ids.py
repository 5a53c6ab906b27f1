# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Amazon Bedrock identifiers: model IDs, inference-profile IDs, ARNs and regions.

Everything here is pure (no AWS call), so modules validate their input with it
and fail before touching AWS. Validation functions raise ``BedrockInputError``
(a ``ValueError``) whose message says what is wrong and what to do; the
``*_error`` helpers return that message, or ``None`` when the input is valid.

Forms understood:

- foundation-model ID: ``provider.model-name[:version[:variant]]``, lower case,
  e.g. ``anthropic.claude-haiku-4-5-20251001-v1:0``;
- system-defined inference-profile ID: ``GEOGRAPHY.MODEL_ID`` with a geography
  prefix (``us``, ``eu``, ``apac``, ``au``, ``jp``, ``ca``, ``us-gov``,
  ``global``), e.g. ``us.anthropic.claude-opus-4-5-20251101-v1:0``;
- foundation-model ARN ``arn:PARTITION:bedrock:REGION::foundation-model/ID``
  (REGION empty for the region-less ARN that global profiles route to);
- inference-profile ARN ``arn:PARTITION:bedrock:REGION:ACCOUNT:inference-profile/ID``
  and application-inference-profile ARN
  ``arn:PARTITION:bedrock:REGION:ACCOUNT:application-inference-profile/ID``.
"""

import re
from collections import namedtuple

FOUNDATION_MODEL = "foundation_model"
INFERENCE_PROFILE = "inference_profile"
APPLICATION_INFERENCE_PROFILE = "application_inference_profile"

# Geography prefixes of system-defined cross-region inference profiles, longest first
# so that "us-gov." is matched before "us.".
PROFILE_GEOGRAPHIES = ("us-gov", "global", "apac", "us", "eu", "au", "jp", "ca")

# Regions where the Amazon Bedrock control plane is offered, per partition, from
# botocore's endpoint data (botocore 1.44). ``bedrock_regions()`` adds any region a
# newer installed botocore knows.
BEDROCK_REGIONS = {
    "aws": (
        "af-south-1",
        "ap-east-2",
        "ap-northeast-1",
        "ap-northeast-2",
        "ap-northeast-3",
        "ap-south-1",
        "ap-south-2",
        "ap-southeast-1",
        "ap-southeast-2",
        "ap-southeast-3",
        "ap-southeast-4",
        "ap-southeast-5",
        "ap-southeast-6",
        "ap-southeast-7",
        "ca-central-1",
        "ca-west-1",
        "eu-central-1",
        "eu-central-2",
        "eu-north-1",
        "eu-south-1",
        "eu-south-2",
        "eu-west-1",
        "eu-west-2",
        "eu-west-3",
        "il-central-1",
        "me-central-1",
        "me-south-1",
        "mx-central-1",
        "sa-east-1",
        "us-east-1",
        "us-east-2",
        "us-west-1",
        "us-west-2",
    ),
    "aws-us-gov": ("us-gov-east-1", "us-gov-west-1"),
    "aws-iso": ("us-iso-east-1",),
    "aws-iso-b": ("us-isob-east-1",),
    "aws-iso-f": ("us-isof-east-1", "us-isof-south-1"),
    "aws-eusc": ("eusc-de-east-1",),
}

# Region name prefix -> partition; the first match wins, "aws" otherwise.
_PARTITION_BY_PREFIX = (
    ("us-gov-", "aws-us-gov"),
    ("us-isob-", "aws-iso-b"),
    ("us-isof-", "aws-iso-f"),
    ("us-iso-", "aws-iso"),
    ("eusc-", "aws-eusc"),
    ("cn-", "aws-cn"),
)

# Region families whose inference-profile geographies are known. A profile whose
# geography is not in the set cannot be called from that region. Regions of other
# families (ca-, sa-, me-, ...) are left to AWS to judge.
_GEOGRAPHIES_BY_REGION_PREFIX = (
    ("us-gov-", ("us-gov",)),
    ("us-iso", ()),
    ("us-", ("us", "global")),
    ("eu-", ("eu", "global")),
    ("ap-", ("apac", "jp", "au", "global")),
)
# Narrower geographies inside APAC: the regions their profiles are sourced from.
_NARROW_GEOGRAPHY_REGIONS = {
    "jp": ("ap-northeast-1", "ap-northeast-3"),
    "au": ("ap-southeast-2", "ap-southeast-4"),
}

_SEGMENT = r"[a-z0-9-]{1,63}"
_MODEL_ID_RE = re.compile(r"^%s(?:\.%s){1,3}(?::%s){0,2}$" % (_SEGMENT, _SEGMENT, _SEGMENT))
_REGION_RE = re.compile(r"^[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}$")
_ACCOUNT_RE = re.compile(r"^\d{12}$")
_APP_PROFILE_ID_RE = re.compile(r"^[a-z0-9]{12}$")
_ARN_RE = re.compile(
    r"^arn:(?P<partition>aws[a-z-]*):bedrock:(?P<region>[a-z0-9-]*):(?P<account>[0-9]*):"
    r"(?P<resource_type>[a-z-]+)/(?P<resource_id>.+)$"
)

ID_FORMAT_HINT = (
    "Use a foundation-model ID such as anthropic.claude-haiku-4-5-20251001-v1:0, an inference-profile ID such as "
    "us.anthropic.claude-opus-4-5-20251101-v1:0, or their ARN "
    "(arn:aws:bedrock:REGION::foundation-model/ID, arn:aws:bedrock:REGION:ACCOUNT:inference-profile/ID)."
)


class BedrockInputError(ValueError):
    """Input that cannot name a Bedrock model, profile or region; the message says what to do."""


Reference = namedtuple("Reference", "kind id model_id geography region account partition arn text")
Reference.__doc__ = """A parsed model or profile reference.

kind: FOUNDATION_MODEL, INFERENCE_PROFILE or APPLICATION_INFERENCE_PROFILE.
id: the model ID, profile ID or application-profile ID.
model_id: the foundation-model ID it names or carries (None for an application profile).
geography: the profile's geography prefix (None for a model or application profile).
region, account, partition, arn: from the ARN when one was given, else None.
text: the input as given.
"""


def partition_for_region(region):
    """The AWS partition of a region name (``aws``, ``aws-us-gov``, ``aws-cn``, ...)."""
    for prefix, partition in _PARTITION_BY_PREFIX:
        if region.startswith(prefix):
            return partition
    return "aws"


def bedrock_regions():
    """{partition: sorted tuple of regions} where Bedrock is offered (static list plus installed botocore's)."""
    regions = {partition: set(names) for partition, names in BEDROCK_REGIONS.items()}
    try:
        import botocore.session  # pylint: disable=import-outside-toplevel

        session = botocore.session.get_session()
        for partition in session.get_available_partitions():
            found = session.get_available_regions("bedrock", partition_name=partition)
            if found:
                regions.setdefault(partition, set()).update(found)
    except Exception:  # pylint: disable=broad-except  # botocore missing or its data unreadable: the static list stands
        pass
    return {partition: tuple(sorted(names)) for partition, names in regions.items()}


def region_error(region):
    """Why ``region`` cannot be used for Bedrock, or None."""
    if not region:
        return (
            "No region was given. Set the region option (or AWS_REGION) to a region where Amazon Bedrock is "
            "offered, for example us-east-1, us-west-2 or eu-central-1."
        )
    if not isinstance(region, str) or not _REGION_RE.match(region):
        return "%r is not an AWS region name (expected a name such as us-east-1)." % (region,)
    regions = bedrock_regions()
    partition = partition_for_region(region)
    if region in regions.get(partition, ()):
        return None
    offered = regions.get(partition)
    if offered:
        return (
            "Amazon Bedrock is not offered in region %s. In partition %s it is offered in: %s. Set region to one "
            "of them (the application must call the same region)." % (region, partition, ", ".join(offered))
        )
    return "Amazon Bedrock is not offered in region %s (partition %s has no Bedrock region). Commercial regions: %s." % (
        region,
        partition,
        ", ".join(regions["aws"]),
    )


def validate_region(region):
    """Return the partition of ``region``; raise BedrockInputError when Bedrock is not offered there."""
    error = region_error(region)
    if error:
        raise BedrockInputError(error)
    return partition_for_region(region)


def profile_geography(identifier):
    """The geography prefix of a system-defined profile ID (``us``, ``eu``, ``global``...), or None."""
    for geography in PROFILE_GEOGRAPHIES:
        if identifier.startswith(geography + "."):
            return geography
    return None


def region_geographies(region):
    """Profile geographies callable from ``region``, or None when this module cannot tell (AWS decides)."""
    for prefix, geographies in _GEOGRAPHIES_BY_REGION_PREFIX:
        if region.startswith(prefix):
            return tuple(g for g in geographies if g not in _NARROW_GEOGRAPHY_REGIONS or region in _NARROW_GEOGRAPHY_REGIONS[g])
    return None


def profile_geography_error(profile_id, region):
    """Why the profile cannot be called from ``region`` (another geography), or None."""
    geography = profile_geography(profile_id)
    if geography is None or not region:
        return None
    allowed = region_geographies(region)
    if allowed is None or geography in allowed:
        return None
    bare = profile_id[len(geography) + 1 :]
    alternatives = ["%s.%s" % (g, bare) for g in allowed]
    hint = (
        ("use a profile of this region's geography (%s) or call a region of the %s geography" % (", ".join(alternatives), geography))
        if alternatives
        else ("call a region of the %s geography" % geography)
    )
    return "Inference profile %s belongs to the %s geography and cannot be called from %s: %s." % (profile_id, geography, region, hint)


def model_id_error(model_id):
    """Why ``model_id`` is not a well-formed foundation-model ID, or None."""
    if not isinstance(model_id, str) or not model_id:
        return "An empty model ID was given. %s" % ID_FORMAT_HINT
    if model_id != model_id.strip():
        return "Model ID %r has leading or trailing spaces; remove them." % model_id
    if model_id.lower() != model_id and _MODEL_ID_RE.match(model_id.lower()):
        return "Model ID %r must be lower case: %s." % (model_id, model_id.lower())
    if not _MODEL_ID_RE.match(model_id):
        if "." not in model_id:
            return (
                "%r is not a Bedrock model ID: it lacks the provider prefix (provider.model-name-version, e.g. "
                "anthropic.claude-haiku-4-5-20251001-v1:0). %s" % (model_id, ID_FORMAT_HINT)
            )
        return "%r is not a well-formed Bedrock model ID. %s" % (model_id, ID_FORMAT_HINT)
    if profile_geography(model_id):
        return "%r is an inference-profile ID (geography prefix %s.), not a foundation-model ID; the model it carries is %s." % (
            model_id,
            profile_geography(model_id),
            model_id.split(".", 1)[1],
        )
    return None


def foundation_model_arn(model_id, region, partition=None):
    """``arn:PARTITION:bedrock:REGION::foundation-model/MODEL_ID``; ``region=""`` gives the region-less ARN."""
    if partition is None:
        partition = partition_for_region(region) if region else "aws"
    return "arn:%s:bedrock:%s::foundation-model/%s" % (partition, region, model_id)


def inference_profile_arn(profile_id, region, account, partition=None):
    """``arn:PARTITION:bedrock:REGION:ACCOUNT:inference-profile/PROFILE_ID``."""
    return "arn:%s:bedrock:%s:%s:inference-profile/%s" % (partition or partition_for_region(region), region, account, profile_id)


def parse_arn(arn):
    """Parse a Bedrock foundation-model or (application) inference-profile ARN into a Reference."""
    match = _ARN_RE.match(arn)
    if not match:
        raise BedrockInputError("%r is not a Bedrock ARN. %s" % (arn, ID_FORMAT_HINT))
    parts = match.groupdict()
    resource_type, resource_id = parts["resource_type"], parts["resource_id"]
    region, account = parts["region"] or None, parts["account"] or None
    if region is not None and not _REGION_RE.match(region):
        raise BedrockInputError("ARN %s names %r, which is not a region name." % (arn, region))
    if resource_type == "foundation-model":
        if account:
            raise BedrockInputError(
                "Foundation-model ARN %s must not name an account (arn:%s:bedrock:%s::"
                "foundation-model/%s)." % (arn, parts["partition"], region or "", resource_id)
            )
        error = model_id_error(resource_id)
        if error:
            raise BedrockInputError("ARN %s: %s" % (arn, error))
        return Reference(FOUNDATION_MODEL, resource_id, resource_id, None, region, None, parts["partition"], arn, arn)
    if resource_type in ("inference-profile", "application-inference-profile"):
        if not region or not account or not _ACCOUNT_RE.match(account):
            raise BedrockInputError(
                "Inference-profile ARN %s must name a region and a 12-digit account (arn:aws:bedrock:REGION:ACCOUNT:%s/ID)." % (arn, resource_type)
            )
        if resource_type == "application-inference-profile":
            if not _APP_PROFILE_ID_RE.match(resource_id):
                raise BedrockInputError("Application-inference-profile ARN %s must end in a 12-character lower-case ID." % arn)
            return Reference(APPLICATION_INFERENCE_PROFILE, resource_id, None, None, region, account, parts["partition"], arn, arn)
        ref = parse_profile_id(resource_id)
        return ref._replace(region=region, account=account, partition=parts["partition"], arn=arn, text=arn)
    raise BedrockInputError("ARN %s names a %s, not a foundation model or inference profile. %s" % (arn, resource_type, ID_FORMAT_HINT))


def parse_profile_id(profile_id):
    """Parse ``GEOGRAPHY.MODEL_ID`` into a Reference; raise BedrockInputError when malformed."""
    geography = profile_geography(profile_id) if isinstance(profile_id, str) else None
    if geography is None:
        raise BedrockInputError(
            "%r is not a system-defined inference-profile ID: it must start with a geography "
            "prefix (%s), e.g. us.anthropic.claude-opus-4-5-20251101-v1:0." % (profile_id, ", ".join(g + "." for g in PROFILE_GEOGRAPHIES))
        )
    model_id = profile_id[len(geography) + 1 :]
    error = model_id_error(model_id)
    if error:
        raise BedrockInputError("Inference profile %r does not carry a valid model ID: %s" % (profile_id, error))
    return Reference(INFERENCE_PROFILE, profile_id, model_id, geography, None, None, None, None, profile_id)


def parse_reference(text):
    """Parse a model ID, profile ID or Bedrock ARN into a Reference; raise BedrockInputError when malformed."""
    if not isinstance(text, str) or not text.strip():
        raise BedrockInputError("An empty model or inference-profile identifier was given. %s" % ID_FORMAT_HINT)
    if text.startswith("arn:"):
        return parse_arn(text)
    if profile_geography(text):
        return parse_profile_id(text)
    error = model_id_error(text)
    if error:
        raise BedrockInputError(error)
    return Reference(FOUNDATION_MODEL, text, text, None, None, None, None, None, text)


def reference_region_error(ref, region):
    """Why ``ref`` cannot be used from ``region`` (ARN of another region, profile of another geography), or None."""
    if ref.region and ref.region != region:
        return "%s names region %s but the task's region is %s: use the ID without ARN, or the ARN of %s." % (ref.text, ref.region, region, region)
    if ref.partition and ref.partition != partition_for_region(region):
        return "%s is in partition %s but region %s is in %s." % (ref.text, ref.partition, region, partition_for_region(region))
    if ref.kind == INFERENCE_PROFILE:
        return profile_geography_error(ref.id, region)
    return None


def validate_references(identifiers, region, allow_empty=False):
    """Parse every identifier for use in ``region``; raise one BedrockInputError listing every problem.

    Returns the Reference list in input order, without duplicates.
    """
    problems = []
    region_problem = region_error(region)
    if region_problem:
        problems.append(region_problem)
    if not identifiers and not allow_empty:
        problems.append("The list of models is empty: give at least one model ID or inference-profile ID. " + ID_FORMAT_HINT)
    refs, seen = [], set()
    for text in identifiers or []:
        try:
            ref = parse_reference(text)
        except BedrockInputError as exc:
            problems.append(str(exc))
            continue
        if not region_problem:
            problem = reference_region_error(ref, region)
            if problem:
                problems.append(problem)
                continue
        if ref.text not in seen:
            seen.add(ref.text)
            refs.append(ref)
    if problems:
        raise BedrockInputError(" ".join(problems))
    return refs
