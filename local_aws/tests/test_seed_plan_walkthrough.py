"""Acceptance: unmodified boto3 clients walk the whole seed plan against the endpoint, in order.

Only ``endpoint_url`` and dummy credentials are set on the clients (the one
exception, a client with retries off, is the throttling step, so that the
error surfaces instead of being retried away). Time moves through the control
API's ``clock_offset_seconds``, never by sleeping. Every step asserts on values
read back from the endpoint, and the documented error paths answer with AWS's
codes, statuses and texts (sources in local_aws/README.md).

The seed plan: /work/shared/seed-plan.md (sections 2 to 7).
"""

from __future__ import annotations

import json
from typing import Any, Callable

import boto3
import pytest
from bedrock_support import SEED_HAIKU as HAIKU
from bedrock_support import SEED_SONNET as SONNET
from bedrock_support import SONNET_4, TITAN_TEXT, USE_CASE_FORM, expect_error
from botocore.config import Config

ACCOUNT = "123456789012"
DUMMY = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
PROFILE_SONNET_4 = f"us.{SONNET_4}"
SEED_BODY = {
    "anthropic_version": "bedrock-2023-05-31",
    "max_tokens": 64,
    "temperature": 0.3,
    "messages": [{"role": "user", "content": "Say hello in one sentence."}],
}
REPLY = "Hello! How can I help you today?"
QUOTA_NAME = "Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.6"
# The walkthrough replays the seed plan as written (early 2024): the calendar is pinned to
# 2025-06-01, when its models were still ACTIVE. On today's calendar they answer the
# end-of-life 404 (test_bedrock_today.py).
ERA = "2025-06-01T12:00:00Z"


@pytest.fixture(autouse=True)
def _calendar_2025(control):
    control.pin_clock(ERA)


def fm_arn(model_id: str, region: str) -> str:
    return f"arn:aws:bedrock:{region}::foundation-model/{model_id}"


def seed_invoke_policy(region: str) -> dict[str, Any]:
    """Section 3.1 of the seed plan, verbatim but for the region."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AllowInvokeSelectedModels",
                "Effect": "Allow",
                "Action": ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                "Resource": [fm_arn(SONNET, region), fm_arn(HAIKU, region)],
                "Condition": {"StringEquals": {"aws:RequestedRegion": region}},
            }
        ],
    }


@pytest.fixture
def aws(endpoint_url) -> Callable[..., Any]:
    """``aws(service, region)``: a boto3 client with only the endpoint URL and dummy credentials set."""

    def make(service: str, region: str = "us-east-1", **credentials: str) -> Any:
        return boto3.client(service, region_name=region, endpoint_url=endpoint_url, **(credentials or DUMMY))

    return make


def invoke_seed(runtime: Any, model_id: str) -> tuple[dict[str, Any], dict[str, str]]:
    """Section 7.2's CLI call: the reply body and the HTTP headers."""
    response = runtime.invoke_model(modelId=model_id, body=json.dumps(SEED_BODY), contentType="application/json", accept="application/json")
    return json.loads(response["body"].read()), response["ResponseMetadata"]["HTTPHeaders"]


# ------------------------------------------------------------------ steps


def pick_region(aws) -> str:
    """Section 1: a region where both seed models are served on demand."""
    for region in ("af-south-1", "us-east-1", "us-west-2", "eu-central-1"):
        models = {m["modelId"]: m for m in aws("bedrock", region).list_foundation_models()["modelSummaries"]}
        if all("ON_DEMAND" in models.get(m, {}).get("inferenceTypesSupported", []) for m in (SONNET, HAIKU)):
            return region
    raise AssertionError("no region serves both seed models on demand")


def list_models(bedrock, region: str) -> None:
    anthropic = bedrock.list_foundation_models(byProvider="anthropic")["modelSummaries"]
    assert {m["providerName"] for m in anthropic} == {"Anthropic"}
    by_id = {m["modelId"]: m for m in anthropic}
    sonnet = by_id[SONNET]
    assert sonnet["modelArn"] == fm_arn(SONNET, region)
    assert sonnet["modelName"] == "Claude 3 Sonnet"
    assert sonnet["inputModalities"] == ["TEXT", "IMAGE"] and sonnet["outputModalities"] == ["TEXT"]
    assert sonnet["responseStreamingSupported"] is True
    assert sonnet["inferenceTypesSupported"] == ["ON_DEMAND"]
    assert sonnet["modelLifecycle"]["status"] in ("ACTIVE", "LEGACY")
    # A newer model is only reachable through an inference profile.
    assert by_id[SONNET_4]["inferenceTypesSupported"] == ["INFERENCE_PROFILE"]
    on_demand = {m["modelId"] for m in bedrock.list_foundation_models(byInferenceType="ON_DEMAND")["modelSummaries"]}
    assert {SONNET, HAIKU} <= on_demand and SONNET_4 not in on_demand
    assert bedrock.get_foundation_model(modelIdentifier=fm_arn(HAIKU, region))["modelDetails"]["modelId"] == HAIKU


def request_access(aws, control, bedrock, runtime, region: str) -> None:
    """Section 2: the use-case form, the offers, the agreements, then PENDING -> AVAILABLE."""
    before = bedrock.get_foundation_model_availability(modelId=HAIKU)
    assert {k: before[k] for k in ("authorizationStatus", "entitlementAvailability", "regionAvailability")} == {
        "authorizationStatus": "AUTHORIZED",
        "entitlementAvailability": "AVAILABLE",
        "regionAvailability": "AVAILABLE",
    }
    assert before["agreementAvailability"]["status"] == "NOT_AVAILABLE"
    # Error path: Anthropic's use-case form not submitted yet (access itself is automatic today).
    expect_error(
        lambda: invoke_seed(runtime, HAIKU),
        "ResourceNotFoundException",
        404,
        "Model use case details have not been submitted for this account. Fill out the Anthropic use case details form before using the model.",
    )
    expect_error(bedrock.get_use_case_for_model_access, "ResourceNotFoundException", 404)

    control.config(agreement_pending_seconds=120)
    assert bedrock.put_use_case_for_model_access(formData=USE_CASE_FORM)["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert bedrock.get_use_case_for_model_access()["formData"] == USE_CASE_FORM
    for model_id in (SONNET, HAIKU, SONNET_4):
        offers = bedrock.list_foundation_model_agreement_offers(modelId=model_id, offerType="PUBLIC")
        assert offers["modelId"] == model_id and len(offers["offers"]) == 1
        offer = offers["offers"][0]
        assert offer["offerToken"] and offer["termDetails"]["usageBasedPricingTerm"]["rateCard"]
        created = bedrock.create_foundation_model_agreement(modelId=model_id, offerToken=offer["offerToken"])
        assert created["modelId"] == model_id and created["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert bedrock.get_foundation_model_availability(modelId=HAIKU)["agreementAvailability"]["status"] == "PENDING"
    # During the subscription's setup window calls already succeed (AWS: "may succeed, then fail").
    assert invoke_seed(runtime, HAIKU)[0]["content"]

    control.config(clock_offset_seconds=121)  # two minutes later, as far as the server knows
    for _ in range(2):  # two AVAILABLE reads in a row, as Terraform's provider waits for
        for model_id in (SONNET, HAIKU, SONNET_4):
            after = bedrock.get_foundation_model_availability(modelId=model_id)
            assert after["agreementAvailability"] == {"status": "AVAILABLE"}
            assert after["entitlementAvailability"] == "AVAILABLE"


def invoke(bedrock, runtime, region: str) -> None:
    """Section 7: bare on-demand IDs, a profile for a profile-only model, and the errors."""
    body, headers = invoke_seed(runtime, SONNET)
    assert body["type"] == "message" and body["role"] == "assistant"
    assert body["content"] == [{"type": "text", "text": REPLY}]
    assert body["stop_reason"] == "end_turn" and body["usage"]["input_tokens"] > 0
    assert int(headers["x-amzn-bedrock-output-token-count"]) == body["usage"]["output_tokens"] > 0
    converse = runtime.converse(modelId=HAIKU, messages=[{"role": "user", "content": [{"text": "hi"}]}], inferenceConfig={"maxTokens": 1})
    assert converse["stopReason"] == "max_tokens" and converse["usage"]["outputTokens"] == 1

    profile = bedrock.get_inference_profile(inferenceProfileIdentifier=PROFILE_SONNET_4)
    assert profile["inferenceProfileArn"] == f"arn:aws:bedrock:{region}:{ACCOUNT}:inference-profile/{PROFILE_SONNET_4}"
    assert profile["status"] == "ACTIVE" and profile["type"] == "SYSTEM_DEFINED"
    assert [m["modelArn"] for m in profile["models"]] == [fm_arn(SONNET_4, r) for r in ("us-east-1", "us-east-2", "us-west-2")]
    listed = bedrock.list_inference_profiles(typeEquals="SYSTEM_DEFINED")["inferenceProfileSummaries"]
    assert PROFILE_SONNET_4 in {p["inferenceProfileId"] for p in listed}
    by_profile, _ = invoke_seed(runtime, PROFILE_SONNET_4)
    assert by_profile["model"] == "claude-sonnet-4-20250514" and by_profile["content"][0]["text"] == REPLY
    by_arn, _ = invoke_seed(runtime, profile["inferenceProfileArn"])
    assert by_arn["content"][0]["text"] == REPLY

    # Error path: the profile-only model by its bare ID (AWS's text, typographic apostrophe included).
    expect_error(
        lambda: invoke_seed(runtime, SONNET_4),
        "ValidationException",
        400,
        f"Invocation of model ID {SONNET_4} with on-demand throughput isn\u2019t supported. "
        "Retry your request with the ID or ARN of an inference profile that contains this model.",
    )
    # Error path: an unknown model.
    expect_error(lambda: invoke_seed(runtime, "anthropic.claude-9-opus-20990101-v1:0"), "ValidationException", 400, "The provided model identifier is invalid.")
    expect_error(
        lambda: bedrock.get_foundation_model(modelIdentifier="anthropic.claude-9-opus-20990101-v1:0"),
        "ResourceNotFoundException",
        404,
        "Could not resolve the foundation model from the provided model identifier.",
    )


def iam_identities(aws, region: str) -> dict[str, str]:
    """Section 3: the invoke policy, the EC2 role and instance profile, the dev user and its key in Secrets Manager."""
    iam = aws("iam")
    policy_arn = iam.create_policy(PolicyName="TicketFlowBedrockInvoke", PolicyDocument=json.dumps(seed_invoke_policy(region)))["Policy"]["Arn"]
    assert policy_arn == f"arn:aws:iam::{ACCOUNT}:policy/TicketFlowBedrockInvoke"
    ec2_trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    iam.create_role(RoleName="TicketFlowBedrockEC2", AssumeRolePolicyDocument=json.dumps(ec2_trust))
    iam.attach_role_policy(RoleName="TicketFlowBedrockEC2", PolicyArn=policy_arn)
    iam.create_instance_profile(InstanceProfileName="TicketFlowBedrockEC2")
    iam.add_role_to_instance_profile(InstanceProfileName="TicketFlowBedrockEC2", RoleName="TicketFlowBedrockEC2")
    roles = iam.get_instance_profile(InstanceProfileName="TicketFlowBedrockEC2")["InstanceProfile"]["Roles"]
    assert [r["RoleName"] for r in roles] == ["TicketFlowBedrockEC2"]
    attached = iam.list_attached_role_policies(RoleName="TicketFlowBedrockEC2")["AttachedPolicies"]
    assert [p["PolicyArn"] for p in attached] == [policy_arn]

    iam.create_user(UserName="ticketflow-dev")
    iam.attach_user_policy(UserName="ticketflow-dev", PolicyArn=policy_arn)
    key = iam.create_access_key(UserName="ticketflow-dev")["AccessKey"]
    secrets = aws("secretsmanager", region)
    secrets.create_secret(
        Name="ticketflow/bedrock/dev-user",
        SecretString=json.dumps({"AWS_ACCESS_KEY_ID": key["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"], "AWS_REGION": region}),
    )
    stored = json.loads(secrets.get_secret_value(SecretId="ticketflow/bedrock/dev-user")["SecretString"])
    assert stored["AWS_ACCESS_KEY_ID"] == key["AccessKeyId"] and stored["AWS_REGION"] == region
    return stored


def least_privilege(aws, control, stored: dict[str, str], region: str) -> None:
    """Section 9: under IAM enforcement the dev user's key invokes its models and nothing else."""
    iam = aws("iam")
    user_arn = f"arn:aws:iam::{ACCOUNT}:user/ticketflow-dev"
    results = iam.simulate_principal_policy(
        PolicySourceArn=user_arn,
        ActionNames=["bedrock:InvokeModel"],
        ResourceArns=[fm_arn(SONNET, region), fm_arn(TITAN_TEXT, region)],
        ContextEntries=[{"ContextKeyName": "aws:RequestedRegion", "ContextKeyValues": [region], "ContextKeyType": "string"}],
    )["EvaluationResults"]
    assert [(r["EvalResourceName"], r["EvalDecision"]) for r in results] == [(fm_arn(SONNET, region), "allowed"), (fm_arn(TITAN_TEXT, region), "implicitDeny")]

    control.config(iam_enforcement=True)
    dev = aws("bedrock-runtime", stored["AWS_REGION"], aws_access_key_id=stored["AWS_ACCESS_KEY_ID"], aws_secret_access_key=stored["AWS_SECRET_ACCESS_KEY"])
    body, _ = invoke_seed(dev, SONNET)
    assert body["content"][0]["text"] == REPLY
    action = "bedrock:InvokeModel"
    expect_error(
        lambda: invoke_seed(dev, TITAN_TEXT),
        "AccessDeniedException",
        403,
        f"User: {user_arn} is not authorized to perform: {action} on resource: {fm_arn(TITAN_TEXT, region)} "
        f"because no identity-based policy allows the {action} action",
    )
    control.config(iam_enforcement=False)


def network(aws, region: str) -> None:
    """Section 4: interface endpoints for bedrock and bedrock-runtime, a security group on 443, an S3 gateway."""
    ec2 = aws("ec2", region)
    vpc_id = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    subnet_id = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.40.1.0/24")["Subnet"]["SubnetId"]
    sg_id = ec2.create_security_group(GroupName="ticketflow-bedrock-endpoints", Description="HTTPS to Bedrock endpoints", VpcId=vpc_id)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=sg_id, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.40.0.0/16"}]}]
    )
    for suffix in ("bedrock", "bedrock-runtime"):
        ec2.create_vpc_endpoint(
            VpcId=vpc_id,
            VpcEndpointType="Interface",
            ServiceName=f"com.amazonaws.{region}.{suffix}",
            SubnetIds=[subnet_id],
            SecurityGroupIds=[sg_id],
            PrivateDnsEnabled=True,
        )
    route_table = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["RouteTables"][0]["RouteTableId"]
    ec2.create_vpc_endpoint(VpcId=vpc_id, VpcEndpointType="Gateway", ServiceName=f"com.amazonaws.{region}.s3", RouteTableIds=[route_table])
    endpoints = ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["VpcEndpoints"]
    by_service = {e["ServiceName"]: e for e in endpoints}
    for suffix in ("bedrock", "bedrock-runtime"):
        endpoint = by_service[f"com.amazonaws.{region}.{suffix}"]
        assert endpoint["VpcEndpointType"] == "Interface" and endpoint["PrivateDnsEnabled"] is True
        assert endpoint["SubnetIds"] == [subnet_id] and [g["GroupId"] for g in endpoint["Groups"]] == [sg_id]
    assert by_service[f"com.amazonaws.{region}.s3"]["VpcEndpointType"] == "Gateway"
    rules = ec2.describe_security_groups(GroupIds=[sg_id])["SecurityGroups"][0]["IpPermissions"]
    assert [(r["FromPort"], r["ToPort"], r["IpRanges"][0]["CidrIp"]) for r in rules] == [(443, 443, "10.40.0.0/16")]


def cloudtrail(aws, region: str) -> None:
    """Section 5: a trail logging to an S3 bucket whose policy lets CloudTrail write."""
    bucket = "ticketflow-cloudtrail-logs"
    s3 = aws("s3", region)
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_policy(
        Bucket=bucket,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "AWSCloudTrailAclCheck",
                        "Effect": "Allow",
                        "Principal": {"Service": "cloudtrail.amazonaws.com"},
                        "Action": "s3:GetBucketAcl",
                        "Resource": f"arn:aws:s3:::{bucket}",
                    },
                    {
                        "Sid": "AWSCloudTrailWrite",
                        "Effect": "Allow",
                        "Principal": {"Service": "cloudtrail.amazonaws.com"},
                        "Action": "s3:PutObject",
                        "Resource": f"arn:aws:s3:::{bucket}/AWSLogs/{ACCOUNT}/*",
                        "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}},
                    },
                ],
            }
        ),
    )
    assert json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])["Statement"][1]["Sid"] == "AWSCloudTrailWrite"
    trail = aws("cloudtrail", region)
    trail.create_trail(Name="ticketflow-bedrock", S3BucketName=bucket, IsMultiRegionTrail=True)
    trail.start_logging(Name="ticketflow-bedrock")
    described = trail.describe_trails(trailNameList=["ticketflow-bedrock"])["trailList"][0]
    assert described["S3BucketName"] == bucket and described["IsMultiRegionTrail"] is True
    assert trail.get_trail_status(Name="ticketflow-bedrock")["IsLogging"] is True


def budget(aws) -> None:
    """Section 5: a monthly budget with 50/100/150 USD e-mail alerts; update, subscriber changes, delete."""
    budgets = aws("budgets")
    name = "ticketflow-bedrock-monthly"

    def notification(threshold: float) -> dict[str, Any]:
        return {"NotificationType": "ACTUAL", "ComparisonOperator": "GREATER_THAN", "Threshold": threshold, "ThresholdType": "ABSOLUTE_VALUE"}

    email = {"SubscriptionType": "EMAIL", "Address": "finops@ticketflow.example.com"}
    budget_spec = {"BudgetName": name, "BudgetLimit": {"Amount": "150", "Unit": "USD"}, "TimeUnit": "MONTHLY", "BudgetType": "COST"}
    budgets.create_budget(
        AccountId=ACCOUNT,
        Budget=budget_spec,
        NotificationsWithSubscribers=[{"Notification": notification(t), "Subscribers": [email]} for t in (50.0, 100.0, 150.0)],
    )
    listed = budgets.describe_notifications_for_budget(AccountId=ACCOUNT, BudgetName=name)["Notifications"]
    assert sorted((n["Threshold"], n["ThresholdType"], n["NotificationType"]) for n in listed) == [
        (50.0, "ABSOLUTE_VALUE", "ACTUAL"),
        (100.0, "ABSOLUTE_VALUE", "ACTUAL"),
        (150.0, "ABSOLUTE_VALUE", "ACTUAL"),
    ]
    expect_error(
        lambda: budgets.create_budget(AccountId=ACCOUNT, Budget=budget_spec),
        "DuplicateRecordException",
        400,
        f"Error creating budget: {name} - the budget already exists.",
    )

    budgets.update_budget(AccountId=ACCOUNT, NewBudget={**budget_spec, "BudgetLimit": {"Amount": "200", "Unit": "USD"}})
    assert budgets.describe_budget(AccountId=ACCOUNT, BudgetName=name)["Budget"]["BudgetLimit"]["Amount"] in ("200", "200.0")
    budgets.update_notification(AccountId=ACCOUNT, BudgetName=name, OldNotification=notification(150.0), NewNotification=notification(175.0))
    thresholds = sorted(n["Threshold"] for n in budgets.describe_notifications_for_budget(AccountId=ACCOUNT, BudgetName=name)["Notifications"])
    assert thresholds == [50.0, 100.0, 175.0]

    topic = aws("sns").create_topic(Name="ticketflow-budget-alerts")["TopicArn"]
    sns = {"SubscriptionType": "SNS", "Address": topic}
    budgets.create_subscriber(AccountId=ACCOUNT, BudgetName=name, Notification=notification(100.0), Subscriber=sns)
    new_email = {"SubscriptionType": "EMAIL", "Address": "oncall@ticketflow.example.com"}
    budgets.update_subscriber(AccountId=ACCOUNT, BudgetName=name, Notification=notification(100.0), OldSubscriber=email, NewSubscriber=new_email)
    subscribers = budgets.describe_subscribers_for_notification(AccountId=ACCOUNT, BudgetName=name, Notification=notification(100.0))["Subscribers"]
    assert sorted((s["SubscriptionType"], s["Address"]) for s in subscribers) == [("EMAIL", "oncall@ticketflow.example.com"), ("SNS", topic)]
    budgets.delete_subscriber(AccountId=ACCOUNT, BudgetName=name, Notification=notification(100.0), Subscriber=sns)
    subscribers = budgets.describe_subscribers_for_notification(AccountId=ACCOUNT, BudgetName=name, Notification=notification(100.0))["Subscribers"]
    assert [s["Address"] for s in subscribers] == ["oncall@ticketflow.example.com"]

    budgets.delete_budget(AccountId=ACCOUNT, BudgetName=name)
    expect_error(lambda: budgets.describe_budget(AccountId=ACCOUNT, BudgetName=name), "NotFoundException", 400)


def throttle_alarm(aws, region: str) -> None:
    """Section 5 (optional): a CloudWatch alarm on AWS/Bedrock InvocationThrottles for the seed model."""
    cloudwatch = aws("cloudwatch", region)
    cloudwatch.put_metric_alarm(
        AlarmName="ticketflow-bedrock-throttles",
        Namespace="AWS/Bedrock",
        MetricName="InvocationThrottles",
        Dimensions=[{"Name": "ModelId", "Value": SONNET}],
        Statistic="Sum",
        Period=300,
        EvaluationPeriods=1,
        Threshold=0,
        ComparisonOperator="GreaterThanThreshold",
        TreatMissingData="notBreaching",
    )
    alarm = cloudwatch.describe_alarms(AlarmNames=["ticketflow-bedrock-throttles"])["MetricAlarms"][0]
    assert (alarm["Namespace"], alarm["MetricName"], alarm["Dimensions"]) == ("AWS/Bedrock", "InvocationThrottles", [{"Name": "ModelId", "Value": SONNET}])
    assert alarm["ComparisonOperator"] == "GreaterThanThreshold" and alarm["Threshold"] == 0


def invocation_logging(aws, bedrock, region: str) -> None:
    """Token and cost tracking per request: invocation logging to a log group, through a role Bedrock assumes."""
    group = "/aws/bedrock/ticketflow-invocations"
    aws("logs", region).create_log_group(logGroupName=group)
    iam = aws("iam")
    role_arn = iam.create_role(
        RoleName="TicketFlowBedrockLogging",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "bedrock.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                        "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
                    }
                ],
            }
        ),
    )["Role"]["Arn"]
    config = {
        "cloudWatchConfig": {"logGroupName": group, "roleArn": role_arn},
        "textDataDeliveryEnabled": True,
        "imageDataDeliveryEnabled": False,
        "embeddingDataDeliveryEnabled": False,
    }
    # Error path: the role may not write to the log group yet (AWS's text).
    expect_error(
        lambda: bedrock.put_model_invocation_logging_configuration(loggingConfig=config),
        "ValidationException",
        400,
        f"Failed to validate permissions for log group: {group}, with role: {role_arn}. Verify the IAM role permissions are correct.",
    )
    iam.put_role_policy(
        RoleName="TicketFlowBedrockLogging",
        PolicyName="write-invocation-logs",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                        "Resource": f"arn:aws:logs:{region}:{ACCOUNT}:log-group:{group}:*",
                    }
                ],
            }
        ),
    )
    assert "loggingConfig" not in bedrock.get_model_invocation_logging_configuration()
    bedrock.put_model_invocation_logging_configuration(loggingConfig=config)
    stored = bedrock.get_model_invocation_logging_configuration()["loggingConfig"]
    assert stored["cloudWatchConfig"] == {"logGroupName": group, "roleArn": role_arn}
    assert stored["textDataDeliveryEnabled"] is True


def quotas(aws, control, region: str) -> None:
    """Section 6: review the Bedrock quotas, request an increase, follow it to APPROVED."""
    service_quotas = aws("service-quotas", region)
    listed = [q for page in service_quotas.get_paginator("list_service_quotas").paginate(ServiceCode="bedrock") for q in page["Quotas"]]
    quota = next(q for q in listed if q["QuotaName"] == QUOTA_NAME)
    assert quota["ServiceCode"] == "bedrock" and quota["Adjustable"] is True and quota["GlobalQuota"] is False
    assert quota["QuotaArn"] == f"arn:aws:servicequotas:{region}:{ACCOUNT}:bedrock/{quota['QuotaCode']}"
    code, applied = quota["QuotaCode"], quota["Value"]

    control.config(quota_request_step_seconds=60)
    requested = service_quotas.request_service_quota_increase(ServiceCode="bedrock", QuotaCode=code, DesiredValue=applied * 2)["RequestedQuota"]
    assert requested["Status"] == "PENDING" and requested["DesiredValue"] == applied * 2
    assert requested["QuotaName"] == QUOTA_NAME
    # A second request while one is open is rejected (AWS's text).
    expect_error(
        lambda: service_quotas.request_service_quota_increase(ServiceCode="bedrock", QuotaCode=code, DesiredValue=applied * 3),
        "ResourceAlreadyExistsException",
        400,
        "Only one open service quota increase request is allowed per quota.",
    )
    history = service_quotas.list_requested_service_quota_change_history_by_quota(ServiceCode="bedrock", QuotaCode=code)
    assert [(r["Id"], r["Status"]) for r in history["RequestedQuotas"]] == [(requested["Id"], "PENDING")]
    other = next(q for q in listed if q["Adjustable"] and q["QuotaCode"] != code)
    expect_error(
        lambda: service_quotas.request_service_quota_increase(ServiceCode="bedrock", QuotaCode=other["QuotaCode"], DesiredValue=other["Value"]),
        "IllegalArgumentException",
        400,
        "You must provide a quota value greater than the current quota value",
    )

    control.config(clock_offset_seconds=181)  # one minute later: the case is opened
    opened = service_quotas.get_requested_service_quota_change(RequestId=requested["Id"])["RequestedQuota"]
    assert opened["Status"] == "CASE_OPENED" and opened["CaseId"]
    control.config(clock_offset_seconds=251)  # two minutes after the request: approved and applied
    approved = service_quotas.get_requested_service_quota_change(RequestId=requested["Id"])["RequestedQuota"]
    assert approved["Status"] == "APPROVED"
    assert service_quotas.get_service_quota(ServiceCode="bedrock", QuotaCode=code)["Quota"]["Value"] == applied * 2
    assert service_quotas.get_aws_default_service_quota(ServiceCode="bedrock", QuotaCode=code)["Quota"]["Value"] == applied


def runtime_faults_and_clock(aws, control, endpoint_url: str, region: str) -> None:
    """Section 10: throttling, a transient 5xx that retries absorb, and a drifting clock."""
    no_retries = boto3.client(
        "bedrock-runtime", region_name=region, endpoint_url=endpoint_url, config=Config(retries={"total_max_attempts": 1, "mode": "standard"}), **DUMMY
    )
    control.fault(
        service="bedrock-runtime",
        operation="InvokeModel",
        count=1,
        error_code="ThrottlingException",
        message="Too many requests, please wait before trying again.",
    )
    expect_error(lambda: invoke_seed(no_retries, SONNET), "ThrottlingException", 429, "Too many requests, please wait before trying again.")

    control.clear_calls()
    control.fault(
        service="bedrock-runtime",
        operation="InvokeModel",
        count=2,
        error_code="InternalServerException",
        status=500,
        message="The server encountered an internal error.",
    )
    body, _ = invoke_seed(aws("bedrock-runtime", region), SONNET)  # boto3's default retries
    assert body["content"][0]["text"] == REPLY
    calls = [(c["operation"], c["status"], c["fault"]) for c in control.calls("bedrock-runtime")]
    assert calls == [("InvokeModel", 500, True), ("InvokeModel", 500, True), ("InvokeModel", 200, False)]

    # The client's clock is 10 minutes behind the server's: AWS refuses the signature.
    offset = control.config()["clock_offset_seconds"]
    control.config(clock_offset_seconds=offset + 600)
    error = expect_error(lambda: invoke_seed(aws("bedrock-runtime", region), SONNET), "InvalidSignatureException", 403)
    assert error.response["Error"]["Message"].startswith("Signature expired: ")
    control.config(clock_offset_seconds=offset)  # clocks in sync again (the server's time never goes back)


# ------------------------------------------------------------------ the walk


def test_seed_plan_walkthrough(aws, control, endpoint_url):
    region = pick_region(aws)
    assert region == "us-east-1"  # af-south-1 has no Bedrock catalog here; us-east-1 serves both seed models
    bedrock, runtime = aws("bedrock", region), aws("bedrock-runtime", region)

    list_models(bedrock, region)
    request_access(aws, control, bedrock, runtime, region)
    invoke(bedrock, runtime, region)
    stored_key = iam_identities(aws, region)
    least_privilege(aws, control, stored_key, region)
    network(aws, region)
    cloudtrail(aws, region)
    budget(aws)
    throttle_alarm(aws, region)
    invocation_logging(aws, bedrock, region)
    quotas(aws, control, region)
    runtime_faults_and_clock(aws, control, endpoint_url, region)

    # The call log tells reads (model invocations included) from mutations.
    control.clear_calls()
    bedrock.list_foundation_models()
    runtime.converse(modelId=HAIKU, messages=[{"role": "user", "content": [{"text": "hi"}]}])
    assert [(c["operation"], c["mutating"]) for c in control.calls()] == [("ListFoundationModels", False), ("Converse", False)]
