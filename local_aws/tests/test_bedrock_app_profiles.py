"""Application inference profiles: create from a model or a system profile, tags, delete,
invocation through the profile ARN and its IAM authorization (bedrock:InferenceProfileArn)."""

from __future__ import annotations

import json

import pytest
from bedrock_support import HAIKU, HAIKU_US, NOVA_LITE, expect_error, grant_access, keyed_client

ACCOUNT = "123456789012"
APP_ARN_PREFIX = f"arn:aws:bedrock:us-east-1:{ACCOUNT}:application-inference-profile/"


def fm(model_id, region="us-east-1"):
    return f"arn:aws:bedrock:{region}::foundation-model/{model_id}"


def system_arn(profile_id):
    return f"arn:aws:bedrock:us-east-1:{ACCOUNT}:inference-profile/{profile_id}"


def create(bedrock, name, source, env="staging"):
    return bedrock.create_inference_profile(
        inferenceProfileName=name,
        modelSource={"copyFrom": source},
        tags=[{"key": "app", "value": "ticketflow"}, {"key": "env", "value": env}],
    )["inferenceProfileArn"]


def converse(runtime, model_id):
    return runtime.converse(modelId=model_id, messages=[{"role": "user", "content": [{"text": "hi"}]}], inferenceConfig={"maxTokens": 1})


def test_create_from_a_model_get_list_and_tags(client):
    bedrock = client("bedrock")
    arn = create(bedrock, "ticketflow-staging-nova", fm(NOVA_LITE))
    assert arn.startswith(APP_ARN_PREFIX) and len(arn.rsplit("/", 1)[1]) == 12
    got = bedrock.get_inference_profile(inferenceProfileIdentifier=arn)
    assert (got["type"], got["status"], got["inferenceProfileName"]) == ("APPLICATION", "ACTIVE", "ticketflow-staging-nova")
    assert got["models"] == [{"modelArn": fm(NOVA_LITE)}]
    assert bedrock.get_inference_profile(inferenceProfileIdentifier=arn.rsplit("/", 1)[1])["inferenceProfileArn"] == arn
    listed = bedrock.list_inference_profiles(typeEquals="APPLICATION")["inferenceProfileSummaries"]
    assert [p["inferenceProfileArn"] for p in listed] == [arn]
    system = bedrock.list_inference_profiles(typeEquals="SYSTEM_DEFINED")["inferenceProfileSummaries"]
    assert system and all(p["type"] == "SYSTEM_DEFINED" for p in system)
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == [{"key": "app", "value": "ticketflow"}, {"key": "env", "value": "staging"}]
    bedrock.tag_resource(resourceARN=arn, tags=[{"key": "owner", "value": "platform"}])
    bedrock.untag_resource(resourceARN=arn, tagKeys=["app"])
    assert {t["key"] for t in bedrock.list_tags_for_resource(resourceARN=arn)["tags"]} == {"env", "owner"}


def test_create_from_a_system_profile_copies_its_destinations(client):
    bedrock = client("bedrock")
    arn = create(bedrock, "ticketflow-staging-haiku", system_arn(HAIKU_US))
    system = bedrock.get_inference_profile(inferenceProfileIdentifier=HAIKU_US)
    assert bedrock.get_inference_profile(inferenceProfileIdentifier=arn)["models"] == system["models"]


def test_errors_name_taken_source_unknown_and_delete(client):
    bedrock = client("bedrock")
    arn = create(bedrock, "dup", fm(NOVA_LITE))
    expect_error(lambda: create(bedrock, "dup", fm(NOVA_LITE)), "ConflictException", 400)
    expect_error(lambda: create(bedrock, "other", fm(NOVA_LITE, "eu-west-3")), "ResourceNotFoundException", 404)
    expect_error(lambda: create(bedrock, "bad name!", fm(NOVA_LITE)), "ValidationException", 400)
    expect_error(lambda: bedrock.delete_inference_profile(inferenceProfileIdentifier=HAIKU_US), "ValidationException", 400)
    bedrock.delete_inference_profile(inferenceProfileIdentifier=arn)
    expect_error(lambda: bedrock.get_inference_profile(inferenceProfileIdentifier=arn), "ResourceNotFoundException", 404, f"Inference profile {arn} not found.")
    expect_error(lambda: bedrock.delete_inference_profile(inferenceProfileIdentifier=arn), "ResourceNotFoundException", 404)
    expect_error(lambda: bedrock.list_tags_for_resource(resourceARN=arn), "ResourceNotFoundException", 404)


def test_invocation_through_the_application_profile(client):
    bedrock = client("bedrock")
    grant_access(bedrock, HAIKU)
    runtime = client("bedrock-runtime")
    for source in (fm(NOVA_LITE), system_arn(HAIKU_US)):
        arn = create(bedrock, "p" + str(abs(hash(source)) % 10000), source)
        assert converse(runtime, arn)["usage"]["outputTokens"] == 1
    gone = APP_ARN_PREFIX + "abcdefabcdef"
    expect_error(lambda: converse(runtime, gone), "ValidationException", 400, "The provided model identifier is invalid.")


@pytest.fixture
def enforced(client, control, endpoint_url):
    control.config(agreement_pending_seconds=0)
    grant_access(client("bedrock"), HAIKU)
    iam = client("iam")

    def runtime_for(name, document):
        iam.create_user(UserName=name)
        iam.put_user_policy(UserName=name, PolicyName="invoke", PolicyDocument=json.dumps(document))
        return keyed_client(endpoint_url, "bedrock-runtime", iam.create_access_key(UserName=name)["AccessKey"])

    control.config(iam_enforcement=True)
    return runtime_for


def profile_policy(app_arn, model_arns):
    actions = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": actions, "Resource": [app_arn]},
            {"Effect": "Allow", "Action": actions, "Resource": model_arns, "Condition": {"StringEquals": {"bedrock:InferenceProfileArn": app_arn}}},
        ],
    }


def test_environment_profile_allowed_and_another_environment_denied(client, enforced):
    bedrock = client("bedrock")
    staging = create(bedrock, "ticketflow-staging-haiku", system_arn(HAIKU_US))
    prod = create(bedrock, "ticketflow-prod-haiku", system_arn(HAIKU_US), env="prod")
    models = [m["modelArn"] for m in bedrock.get_inference_profile(inferenceProfileIdentifier=staging)["models"]]
    runtime = enforced("staging-app", profile_policy(staging, models))
    for _ in models:  # every destination the profile routes to
        assert converse(runtime, staging)["usage"]["outputTokens"] == 1
    expect_error(
        lambda: converse(runtime, prod),
        "AccessDeniedException",
        403,
        f"User: arn:aws:iam::{ACCOUNT}:user/staging-app is not authorized to perform: bedrock:InvokeModel "
        f"on resource: {prod} because no identity-based policy allows the bedrock:InvokeModel action",
    )
    # the models are usable only through the staging profile, not through the system profile
    expect_error(lambda: converse(runtime, HAIKU_US), "AccessDeniedException", 403)


def test_profile_arn_alone_is_not_enough(client, enforced):
    bedrock = client("bedrock")
    arn = create(bedrock, "ticketflow-staging-nova", fm(NOVA_LITE))
    runtime = enforced("half", {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": arn}]})
    expect_error(
        lambda: converse(runtime, arn),
        "AccessDeniedException",
        403,
        f"User: arn:aws:iam::{ACCOUNT}:user/half is not authorized to perform: bedrock:InvokeModel "
        f"on resource: {fm(NOVA_LITE)} because no identity-based policy allows the bedrock:InvokeModel action",
    )
