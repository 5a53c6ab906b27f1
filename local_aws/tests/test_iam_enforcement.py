"""IAM under ``iam_enforcement``: each case of issue 11 answers as AWS does.

Authentication, authorization of every service through the front door,
permissions boundaries, session policies, STS trust, condition operators with
the request context AWS sets, document validation. Catalog-independent: the
model invoked is whichever on-demand text model the Region lists first.
"""

from __future__ import annotations

import datetime
import json

import pytest
from bedrock_support import expect_error, grant_access, keyed_client
from moto.sts.models import sts_backends

ACCOUNT = "123456789012"
ANY = {"Version": "2012-10-17"}


def doc(*statements):
    return json.dumps({**ANY, "Statement": list(statements)})


def allow(action, resource="*", **extra):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action, resource="*", **extra):
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def trust(principal, **extra):
    return doc({"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole", **extra})


def not_authorized(arn, action, reason, resource=None):
    on = f" on resource: {resource}" if resource else ""
    return f"User: {arn} is not authorized to perform: {action}{on} {reason}"


def no_identity(action):
    return f"because no identity-based policy allows the {action} action"


@pytest.fixture
def on_demand_model(client, control):
    """An on-demand text model of us-east-1's catalog, with access granted."""
    control.config(agreement_pending_seconds=0)
    bedrock = client("bedrock")
    models = bedrock.list_foundation_models(byInferenceType="ON_DEMAND", byOutputModality="TEXT")["modelSummaries"]
    model = next(
        m for m in models if m.get("modelLifecycle", {}).get("status", "ACTIVE") == "ACTIVE" and "TEXT" in m["inputModalities"] and "embed" not in m["modelId"]
    )
    grant_access(bedrock, model["modelId"])
    return model["modelId"]


@pytest.fixture
def make_user(client, endpoint_url):
    """``make_user(name, *inline_docs, boundary=None)`` -> (user ARN, key, client factory)."""
    iam = client("iam")

    def make(name, *documents, boundary=None):
        arn = iam.create_user(UserName=name)["User"]["Arn"]
        for index, document in enumerate(documents):
            iam.put_user_policy(UserName=name, PolicyName=f"p{index}", PolicyDocument=document)
        if boundary:
            policy_arn = iam.create_policy(PolicyName=f"{name}-boundary", PolicyDocument=boundary)["Policy"]["Arn"]
            iam.put_user_permissions_boundary(UserName=name, PermissionsBoundary=policy_arn)
        key = iam.create_access_key(UserName=name)["AccessKey"]

        def clients(service, region="us-east-1"):
            return keyed_client(endpoint_url, service, key, region)

        return arn, key, clients

    return make


@pytest.fixture
def enforce(control):
    def on():
        control.config(iam_enforcement=True)

    return on


def converse(runtime, model_id):
    return runtime.converse(modelId=model_id, messages=[{"role": "user", "content": [{"text": "hi"}]}], inferenceConfig={"maxTokens": 1})


# --- the bootstrap key and moto's own evaluator ---------------------------------------------


def test_bootstrap_key_stays_the_account_root(client, enforce, on_demand_model):
    enforce()
    assert client("iam").create_user(UserName="u")["User"]["UserName"] == "u"
    assert converse(client("bedrock-runtime"), on_demand_model)["usage"]["outputTokens"] == 1


def test_moto_access_control_stays_off():
    from moto import settings as moto_settings

    from local_aws.iam import gate

    assert moto_settings.INITIAL_NO_AUTH_ACTION_COUNT == float("inf")
    gate.assert_single_evaluator()


# --- case 3: unknown, deleted, inactive and expired credentials -----------------------------


def test_unknown_key_fails_as_aws_fails_it_per_protocol(endpoint_url, enforce):
    enforce()
    stranger = {"AccessKeyId": "AKIAUNKNOWN000000000", "SecretAccessKey": "x"}
    invalid = "The security token included in the request is invalid."
    expect_error(lambda: keyed_client(endpoint_url, "iam", stranger).list_users(), "InvalidClientTokenId", 403, invalid)
    expect_error(lambda: keyed_client(endpoint_url, "sts", stranger).get_caller_identity(), "InvalidClientTokenId", 403, invalid)
    expect_error(lambda: keyed_client(endpoint_url, "secretsmanager", stranger).list_secrets(), "UnrecognizedClientException", 400, invalid)
    expect_error(lambda: keyed_client(endpoint_url, "bedrock", stranger).list_foundation_models(), "UnrecognizedClientException", 403, invalid)
    expect_error(lambda: keyed_client(endpoint_url, "ec2", stranger).describe_vpcs(), "AuthFailure", 401)
    expect_error(lambda: keyed_client(endpoint_url, "s3", stranger).list_buckets(), "InvalidAccessKeyId", 403)


def test_unknown_key_is_accepted_with_enforcement_off(endpoint_url):
    stranger = {"AccessKeyId": "AKIAUNKNOWN000000000", "SecretAccessKey": "x"}
    assert "Users" in keyed_client(endpoint_url, "iam", stranger).list_users()


def test_deleted_and_inactive_keys_are_refused(client, make_user, enforce):
    _, key, clients = make_user("app", doc(allow("iam:ListUsers")))
    iam = client("iam")
    enforce()
    assert clients("iam").list_users()["Users"]
    iam.update_access_key(UserName="app", AccessKeyId=key["AccessKeyId"], Status="Inactive")
    expect_error(lambda: clients("iam").list_users(), "InvalidClientTokenId", 403)
    iam.update_access_key(UserName="app", AccessKeyId=key["AccessKeyId"], Status="Active")
    assert clients("iam").list_users()["Users"]
    iam.delete_access_key(UserName="app", AccessKeyId=key["AccessKeyId"])
    expect_error(lambda: clients("iam").list_users(), "InvalidClientTokenId", 403, "The security token included in the request is invalid.")


def test_expired_sts_credentials_fail_with_expired_token(client, endpoint_url, enforce):
    iam = client("iam")
    role_arn = iam.create_role(RoleName="r", AssumeRolePolicyDocument=trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}))["Role"]["Arn"]
    iam.put_role_policy(RoleName="r", PolicyName="p", PolicyDocument=doc(allow(["iam:ListRoles", "logs:DescribeLogGroups"])))
    enforce()
    credentials = client("sts").assume_role(RoleArn=role_arn, RoleSessionName="sess", DurationSeconds=900)["Credentials"]
    session = keyed_client(endpoint_url, "iam", credentials, token=credentials["SessionToken"])
    logs = keyed_client(endpoint_url, "logs", credentials, token=credentials["SessionToken"])
    assert session.list_roles()["Roles"]
    assumed = sts_backends[ACCOUNT]["aws"].get_assumed_role_from_access_key(credentials["AccessKeyId"])
    assumed.expiration = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) - datetime.timedelta(seconds=1)
    expired = "The security token included in the request is expired"
    expect_error(session.list_roles, "ExpiredToken", 403, expired)
    expect_error(logs.describe_log_groups, "ExpiredTokenException", 400, expired)


# --- case 3: a caller allowed only s3:* touches nothing else --------------------------------


def test_s3_only_caller_is_denied_every_other_service(make_user, enforce):
    arn, _, clients = make_user("s3only", doc(allow("s3:*")))
    enforce()
    assert clients("s3").list_buckets()["Buckets"] == []
    expect_error(
        lambda: clients("service-quotas").list_service_quotas(ServiceCode="bedrock"),
        "AccessDeniedException",
        400,
        not_authorized(arn, "servicequotas:ListServiceQuotas", no_identity("servicequotas:ListServiceQuotas")),
    )
    budget = {"BudgetName": "b", "BudgetLimit": {"Amount": "10", "Unit": "USD"}, "TimeUnit": "MONTHLY", "BudgetType": "COST"}
    expect_error(
        lambda: clients("budgets").create_budget(AccountId=ACCOUNT, Budget=budget),
        "AccessDeniedException",
        400,
        not_authorized(arn, "budgets:ModifyBudget", no_identity("budgets:ModifyBudget"), f"arn:aws:budgets::{ACCOUNT}:budget/b"),
    )
    expect_error(
        lambda: clients("bedrock").create_foundation_model_agreement(modelId="m", offerToken="t"),
        "AccessDeniedException",
        403,
        not_authorized(arn, "bedrock:CreateFoundationModelAgreement", no_identity("bedrock:CreateFoundationModelAgreement")),
    )
    expect_error(
        lambda: clients("iam").create_role(RoleName="x", AssumeRolePolicyDocument=trust({"Service": "ec2.amazonaws.com"})),
        "AccessDenied",
        403,
        not_authorized(arn, "iam:CreateRole", no_identity("iam:CreateRole"), f"arn:aws:iam::{ACCOUNT}:role/x"),
    )
    expect_error(
        lambda: clients("ec2").describe_vpcs(),
        "UnauthorizedOperation",
        403,
        "You are not authorized to perform this operation. " + not_authorized(arn, "ec2:DescribeVpcs", no_identity("ec2:DescribeVpcs")),
    )
    expect_error(lambda: clients("sns").create_topic(Name="t"), "AuthorizationError", 403)
    expect_error(lambda: clients("secretsmanager").list_secrets(), "AccessDeniedException", 400)
    expect_error(lambda: clients("cloudtrail").describe_trails(), "AccessDeniedException", 400)
    expect_error(lambda: clients("cloudwatch").describe_alarms(), "AccessDenied", 403)
    expect_error(lambda: clients("logs").describe_log_groups(), "AccessDeniedException", 400)
    assert clients("sts").get_caller_identity()["Arn"] == arn  # needs no permission


def test_resource_arns_follow_the_service_authorization_reference(make_user, client, enforce):
    client("s3").create_bucket(Bucket="mine")
    client("s3").create_bucket(Bucket="theirs")
    _, _, clients = make_user(
        "scoped",
        doc(
            allow("s3:ListBucket", "arn:aws:s3:::mine"),
            allow("servicequotas:GetServiceQuota", "arn:aws:servicequotas:us-east-1:*:bedrock/*"),
            allow("iam:GetRole", f"arn:aws:iam::{ACCOUNT}:role/app-*"),
        ),
    )
    enforce()
    clients("s3").list_objects_v2(Bucket="mine")
    expect_error(lambda: clients("s3").list_objects_v2(Bucket="theirs"), "AccessDenied", 403)
    quotas = client("service-quotas").list_service_quotas(ServiceCode="bedrock")["Quotas"]
    clients("service-quotas").get_service_quota(ServiceCode="bedrock", QuotaCode=quotas[0]["QuotaCode"])
    expect_error(lambda: clients("service-quotas").get_service_quota(ServiceCode="vpc", QuotaCode="L-F678F1CE"), "AccessDeniedException", 400)
    expect_error(lambda: clients("iam").get_role(RoleName="other"), "AccessDenied", 403)


# --- case 1: permissions boundaries ---------------------------------------------------------


def test_boundary_of_s3_only_blocks_bedrock_granted_by_identity_policy(make_user, enforce, on_demand_model):
    arn, _, clients = make_user("bounded", doc(allow("bedrock:*")), boundary=doc(allow("s3:*")))
    enforce()
    model_arn = f"arn:aws:bedrock:us-east-1::foundation-model/{on_demand_model}"
    expect_error(
        lambda: converse(clients("bedrock-runtime"), on_demand_model),
        "AccessDeniedException",
        403,
        not_authorized(arn, "bedrock:InvokeModel", "because no permissions boundary allows the bedrock:InvokeModel action", model_arn),
    )
    expect_error(
        lambda: clients("bedrock").list_foundation_models(),
        "AccessDeniedException",
        403,
        not_authorized(arn, "bedrock:ListFoundationModels", "because no permissions boundary allows the bedrock:ListFoundationModels action"),
    )
    # s3 is inside the boundary but not granted by the identity policy
    expect_error(lambda: clients("s3").list_buckets(), "AccessDenied", 403)


def test_boundary_deny_and_intersection(make_user, enforce, on_demand_model):
    boundary = doc(allow("bedrock:*"), deny("bedrock:ListFoundationModels"))
    arn, _, clients = make_user("both", doc(allow("bedrock:*")), boundary=boundary)
    enforce()
    assert converse(clients("bedrock-runtime"), on_demand_model)["usage"]["outputTokens"] == 1
    expect_error(
        lambda: clients("bedrock").list_foundation_models(),
        "AccessDeniedException",
        403,
        not_authorized(arn, "bedrock:ListFoundationModels", "with an explicit deny in a permissions boundary"),
    )


# --- case 2: STS trust, session policies, duration ------------------------------------------


def test_role_trusted_only_by_ec2_cannot_be_assumed_by_a_user(client, make_user, enforce):
    arn, _, clients = make_user("nopolicy")
    role_arn = client("iam").create_role(RoleName="ec2-only", AssumeRolePolicyDocument=trust({"Service": "ec2.amazonaws.com"}))["Role"]["Arn"]
    enforce()
    expect_error(
        lambda: clients("sts").assume_role(RoleArn=role_arn, RoleSessionName="sess"),
        "AccessDenied",
        403,
        f"User: {arn} is not authorized to perform: sts:AssumeRole on resource: {role_arn}",
    )


def test_trust_naming_the_user_suffices_while_account_trust_needs_identity_permission(client, make_user, enforce):
    iam = client("iam")
    named_arn, _, named = make_user("named")
    _, _, delegated = make_user("delegated")
    _, _, permitted = make_user("permitted", doc(allow("sts:AssumeRole", f"arn:aws:iam::{ACCOUNT}:role/by-account")))
    by_user = iam.create_role(RoleName="by-user", AssumeRolePolicyDocument=trust({"AWS": named_arn}))["Role"]["Arn"]
    by_account = iam.create_role(RoleName="by-account", AssumeRolePolicyDocument=trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}))["Role"]["Arn"]
    enforce()
    assert named("sts").assume_role(RoleArn=by_user, RoleSessionName="sess")["AssumedRoleUser"]["Arn"].endswith("by-user/sess")
    expect_error(lambda: delegated("sts").assume_role(RoleArn=by_user, RoleSessionName="sess"), "AccessDenied", 403)
    expect_error(lambda: delegated("sts").assume_role(RoleArn=by_account, RoleSessionName="sess"), "AccessDenied", 403)
    assert permitted("sts").assume_role(RoleArn=by_account, RoleSessionName="sess")["Credentials"]["AccessKeyId"]
    expect_error(lambda: client("sts").assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/missing", RoleSessionName="sess"), "AccessDenied", 403)


def test_trust_conditions_external_id(client, enforce):
    role_arn = client("iam").create_role(
        RoleName="ext", AssumeRolePolicyDocument=trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, Condition={"StringEquals": {"sts:ExternalId": "tf-123"}})
    )["Role"]["Arn"]
    enforce()
    expect_error(lambda: client("sts").assume_role(RoleArn=role_arn, RoleSessionName="sess"), "AccessDenied", 403)
    expect_error(lambda: client("sts").assume_role(RoleArn=role_arn, RoleSessionName="sess", ExternalId="wrong"), "AccessDenied", 403)
    assert client("sts").assume_role(RoleArn=role_arn, RoleSessionName="sess", ExternalId="tf-123")["Credentials"]


def test_session_policies_narrow_the_role(client, endpoint_url, enforce, on_demand_model):
    iam = client("iam")
    role_arn = iam.create_role(RoleName="wide", AssumeRolePolicyDocument=trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}))["Role"]["Arn"]
    iam.put_role_policy(RoleName="wide", PolicyName="all", PolicyDocument=doc(allow(["bedrock:*", "s3:*"])))
    s3_only = iam.create_policy(PolicyName="s3-only", PolicyDocument=doc(allow("s3:*")))["Policy"]["Arn"]
    enforce()
    model_arn = f"arn:aws:bedrock:us-east-1::foundation-model/{on_demand_model}"
    for kwargs in ({"Policy": doc(allow("s3:*"))}, {"PolicyArns": [{"arn": s3_only}]}):
        credentials = client("sts").assume_role(RoleArn=role_arn, RoleSessionName="narrow", **kwargs)["Credentials"]
        runtime = keyed_client(endpoint_url, "bedrock-runtime", credentials, token=credentials["SessionToken"])
        s3 = keyed_client(endpoint_url, "s3", credentials, token=credentials["SessionToken"])
        assert s3.list_buckets()["Buckets"] == []
        expect_error(
            lambda runtime=runtime: converse(runtime, on_demand_model),
            "AccessDeniedException",
            403,
            not_authorized(
                f"arn:aws:sts::{ACCOUNT}:assumed-role/wide/narrow",
                "bedrock:InvokeModel",
                "because no session policy allows the bedrock:InvokeModel action",
                model_arn,
            ),
        )
    credentials = client("sts").assume_role(RoleArn=role_arn, RoleSessionName="full")["Credentials"]
    runtime = keyed_client(endpoint_url, "bedrock-runtime", credentials, token=credentials["SessionToken"])
    assert converse(runtime, on_demand_model)["usage"]["outputTokens"] == 1


def test_duration_above_the_role_maximum_is_refused(client, endpoint_url, enforce):
    iam = client("iam")
    role_arn = iam.create_role(RoleName="short", MaxSessionDuration=3600, AssumeRolePolicyDocument=trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}))["Role"][
        "Arn"
    ]
    iam.put_role_policy(RoleName="short", PolicyName="p", PolicyDocument=doc(allow("sts:AssumeRole")))
    expect_error(
        lambda: client("sts").assume_role(RoleArn=role_arn, RoleSessionName="sess", DurationSeconds=7200),
        "ValidationError",
        400,
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
    )
    iam.update_role(RoleName="short", MaxSessionDuration=43200)
    enforce()
    credentials = client("sts").assume_role(RoleArn=role_arn, RoleSessionName="sess", DurationSeconds=7200)["Credentials"]
    chained = keyed_client(endpoint_url, "sts", credentials, token=credentials["SessionToken"])
    expect_error(
        lambda: chained.assume_role(RoleArn=role_arn, RoleSessionName="chain", DurationSeconds=7200),
        "ValidationError",
        400,
        "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
    )


# --- case 4: conditions on the request context ----------------------------------------------


def test_deny_on_source_ip_and_current_time_matches(make_user, enforce):
    past = "2020-01-01T00:00:00Z"
    _, _, ip_denied = make_user("ip", doc(allow("iam:ListUsers"), deny("*", Condition={"IpAddress": {"aws:SourceIp": "127.0.0.0/8"}})))
    _, _, time_denied = make_user("time", doc(allow("iam:ListUsers"), deny("*", Condition={"DateGreaterThan": {"aws:CurrentTime": past}})))
    _, _, elsewhere = make_user("elsewhere", doc(allow("iam:ListUsers"), deny("*", Condition={"NotIpAddress": {"aws:SourceIp": ["127.0.0.1/32"]}})))
    _, _, expiring = make_user("expiring", doc(allow("iam:ListUsers", Condition={"DateLessThan": {"aws:EpochTime": "1"}})))
    enforce()
    expect_error(lambda: ip_denied("iam").list_users(), "AccessDenied", 403)
    expect_error(lambda: time_denied("iam").list_users(), "AccessDenied", 403)
    assert elsewhere("iam").list_users()["Users"]
    expect_error(lambda: expiring("iam").list_users(), "AccessDenied", 403)


def test_principal_tags_username_and_set_operators(client, make_user, enforce):
    iam = client("iam")
    _, _, tagged = make_user(
        "tagged", doc(allow("iam:GetUser", f"arn:aws:iam::{ACCOUNT}:user/${{aws:username}}", Condition={"StringEquals": {"aws:PrincipalTag/team": "support"}}))
    )
    iam.tag_user(UserName="tagged", Tags=[{"Key": "team", "Value": "support"}])
    _, _, any_value = make_user("anyvalue", doc(allow("iam:ListUsers", Condition={"ForAnyValue:StringEquals": {"aws:TagKeys": "x"}})))
    _, _, all_values = make_user("allvalues", doc(allow("iam:ListUsers", Condition={"ForAllValues:StringEquals": {"aws:TagKeys": "x"}})))
    enforce()
    assert tagged("iam").get_user(UserName="tagged")["User"]["UserName"] == "tagged"
    expect_error(lambda: tagged("iam").get_user(UserName="anyvalue"), "AccessDenied", 403)
    expect_error(lambda: any_value("iam").list_users(), "AccessDenied", 403)  # key absent: ForAnyValue is false
    assert all_values("iam").list_users()["Users"]  # key absent: ForAllValues is true


# --- case 5: document validation ------------------------------------------------------------


def test_policy_size_limits(client):
    iam = client("iam")
    statements = [allow("s3:GetObject", f"arn:aws:s3:::bucket-{i:04d}/*") for i in range(300)]
    big = doc(*statements)
    assert len(big) > 17000
    expect_error(lambda: iam.create_policy(PolicyName="big", PolicyDocument=big), "LimitExceeded", 409, "Cannot exceed quota for PolicySize: 6144")
    padded = json.dumps({**ANY, "Statement": statements[:70]}, indent=8)  # whitespace does not count
    assert len(padded) > 6144 and len("".join(padded.split())) <= 6144
    assert iam.create_policy(PolicyName="padded", PolicyDocument=padded)["Policy"]["Arn"]
    iam.create_user(UserName="u")
    expect_error(
        lambda: iam.put_user_policy(UserName="u", PolicyName="p", PolicyDocument=doc(*statements[:40])),
        "LimitExceeded",
        409,
        "Maximum policy size of 2048 bytes exceeded for user u",
    )
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=trust({"Service": "ec2.amazonaws.com"}))
    iam.put_role_policy(RoleName="r", PolicyName="a", PolicyDocument=doc(*statements[:120]))
    expect_error(
        lambda: iam.put_role_policy(RoleName="r", PolicyName="b", PolicyDocument=doc(*statements[120:240])),
        "LimitExceeded",
        409,
        "Maximum policy size of 10240 bytes exceeded for role r",
    )


def test_trust_policy_principals_must_exist_and_identity_policies_have_none(client):
    iam = client("iam")
    missing = f"arn:aws:iam::{ACCOUNT}:role/does-not-exist"
    expect_error(
        lambda: iam.create_role(RoleName="r", AssumeRolePolicyDocument=trust({"AWS": missing})),
        "MalformedPolicyDocument",
        400,
        f'Invalid principal in policy: "AWS":"{missing}"',
    )
    expect_error(lambda: iam.create_role(RoleName="r", AssumeRolePolicyDocument=trust({"Service": "ec2"})), "MalformedPolicyDocument", 400)
    user_arn = iam.create_user(UserName="validator")["User"]["Arn"]
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=trust({"AWS": [user_arn, "arn:aws:iam::210987654321:root"]}))
    expect_error(lambda: iam.update_assume_role_policy(RoleName="r", PolicyDocument=trust({"AWS": missing})), "MalformedPolicyDocument", 400)
    with_principal = doc(allow("s3:*", Principal={"AWS": user_arn}))
    expect_error(
        lambda: iam.create_policy(PolicyName="p", PolicyDocument=with_principal),
        "MalformedPolicyDocument",
        400,
        "Policy document should not specify a principal.",
    )
    long_trust = trust({"AWS": [f"arn:aws:iam::{100000000000 + i}:root" for i in range(80)]})
    expect_error(
        lambda: iam.create_role(RoleName="long", AssumeRolePolicyDocument=long_trust), "LimitExceeded", 409, "Cannot exceed quota for ACLSizePerRole: 2048"
    )


# --- SimulatePrincipalPolicy: same evaluator, boundary included ----------------------------


def test_simulate_principal_policy_applies_the_boundary(client, make_user):
    arn, _, _ = make_user("sim", doc(allow(["bedrock:*", "s3:*"])), boundary=doc(allow("s3:*")))
    results = client("iam").simulate_principal_policy(PolicySourceArn=arn, ActionNames=["s3:ListAllMyBuckets", "bedrock:InvokeModel"])
    decisions = {r["EvalActionName"]: r["EvalDecision"] for r in results["EvaluationResults"]}
    assert decisions == {"s3:ListAllMyBuckets": "allowed", "bedrock:InvokeModel": "implicitDeny"}


def test_arn_wildcards_stay_within_their_segment():
    from local_aws.iam.evaluator import arn_matches

    assert arn_matches("arn:aws:bedrock:*::foundation-model/*", "arn:aws:bedrock:us-west-2::foundation-model/a.b:0")
    assert not arn_matches("arn:aws:bedrock:*", "arn:aws:bedrock:us-east-1::foundation-model/a")
    assert not arn_matches("arn:aws:iam::*:role/app", "arn:aws:iam::123456789012:role/app/extra")
    assert arn_matches("arn:aws:iam::*:role/app*", "arn:aws:iam::123456789012:role/app/extra")
    assert not arn_matches("arn:aws:s3:::b*", "arn:aws:sts::b:x")
