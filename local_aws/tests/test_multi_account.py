"""Several accounts on one endpoint, as a fleet of AWS Organizations member accounts uses it.

A bootstrap key of setting ``account_root_access_key_ids`` acts as its
account's root; a deploy role of another account is assumed across accounts
(its trust policy admits the caller's account, and the caller's own policies
must allow ``sts:AssumeRole``); the session acts in the role's account, with
the role's policies; and every extension (Bedrock access, Service Quotas,
Budgets) keeps its state per account and Region.
"""

from __future__ import annotations

import json

import pytest
from bedrock_support import expect_error, grant_access, keyed_client

SOURCE = "123456789012"  # the default account, whose root is the "testing" key
MEMBER = "210987654321"
OTHER = "310987654321"
ROOT_KEYS = {MEMBER: ["AKIAFLEETMEMBER00001"], OTHER: ["AKIAFLEETOTHER000001"]}  # AWS key shape
DEPLOY_ROLE = "TicketFlowBedrockDeploy"
EXTERNAL_ID = "fleet-external-id"


def root_client(endpoint_url, service, account, region="us-east-1"):
    key = ROOT_KEYS[account][0] if account != SOURCE else "testing"
    return keyed_client(endpoint_url, service, {"AccessKeyId": key, "SecretAccessKey": "testing"}, region)


def session_client(endpoint_url, service, credentials, region="us-east-1"):
    return keyed_client(endpoint_url, service, credentials, region, token=credentials["SessionToken"])


def trust_doc(principal, external_id=EXTERNAL_ID):
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": external_id}}}
            ],
        }
    )


@pytest.fixture
def fleet(control, endpoint_url):
    """Two member accounts, each with a deploy role trusting the source account, under IAM enforcement."""
    control.config(account_root_access_key_ids=ROOT_KEYS, iam_enforcement=True, agreement_pending_seconds=0, quota_request_step_seconds=0)
    for account in (MEMBER, OTHER):
        iam = root_client(endpoint_url, "iam", account)
        iam.create_role(RoleName=DEPLOY_ROLE, AssumeRolePolicyDocument=trust_doc(f"arn:aws:iam::{SOURCE}:root"))
        iam.attach_role_policy(RoleName=DEPLOY_ROLE, PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")


def assume(sts, account, external_id=EXTERNAL_ID, session="ticketflow-fleet"):
    return sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/{DEPLOY_ROLE}", RoleSessionName=session, ExternalId=external_id)["Credentials"]


def test_bootstrap_key_acts_as_its_accounts_root(fleet, endpoint_url):
    identity = root_client(endpoint_url, "sts", MEMBER).get_caller_identity()
    assert identity["Account"] == MEMBER
    names = {r["RoleName"] for r in root_client(endpoint_url, "iam", SOURCE).list_roles()["Roles"]}
    assert DEPLOY_ROLE not in names, "a member account's role leaked into the source account"


def test_account_root_keys_setting_is_validated(control):
    status, answer = control.request("POST", "/config", {"account_root_access_key_ids": {"not-an-account": ["k"]}})
    assert status == 400, answer
    status, answer = control.request("POST", "/config", {"account_root_access_key_ids": {MEMBER: ["testing-member"]}})
    assert status == 400, answer


def test_cross_account_assume_role_acts_in_the_roles_account(fleet, endpoint_url):
    credentials = assume(root_client(endpoint_url, "sts", SOURCE), MEMBER)
    identity = session_client(endpoint_url, "sts", credentials).get_caller_identity()
    assert identity["Account"] == MEMBER
    assert identity["Arn"] == f"arn:aws:sts::{MEMBER}:assumed-role/{DEPLOY_ROLE}/ticketflow-fleet"
    iam = session_client(endpoint_url, "iam", credentials)
    iam.create_role(RoleName="Made-by-the-session", AssumeRolePolicyDocument=trust_doc(f"arn:aws:iam::{MEMBER}:root"))
    in_member = {r["RoleName"] for r in root_client(endpoint_url, "iam", MEMBER).list_roles()["Roles"]}
    in_other = {r["RoleName"] for r in root_client(endpoint_url, "iam", OTHER).list_roles()["Roles"]}
    assert "Made-by-the-session" in in_member and "Made-by-the-session" not in in_other


def test_cross_account_trust_conditions_hold(fleet, endpoint_url):
    sts = root_client(endpoint_url, "sts", SOURCE)
    role_arn = f"arn:aws:iam::{MEMBER}:role/{DEPLOY_ROLE}"
    expect_error(
        lambda: assume(sts, MEMBER, external_id="wrong"),
        "AccessDenied",
        403,
        f"User: arn:aws:iam::{SOURCE}:root is not authorized to perform: sts:AssumeRole on resource: {role_arn}",
    )
    expect_error(lambda: sts.assume_role(RoleArn=f"arn:aws:iam::{MEMBER}:role/Missing", RoleSessionName="session"), "AccessDenied", 403)


def test_cross_account_needs_the_callers_own_permission(fleet, endpoint_url):
    """The member's trust policy naming a source user is not enough: the source account must allow the call."""
    iam = root_client(endpoint_url, "iam", SOURCE)
    iam.create_user(UserName="deployer")
    key = iam.create_access_key(UserName="deployer")["AccessKey"]
    user_arn = f"arn:aws:iam::{SOURCE}:user/deployer"
    member_iam = root_client(endpoint_url, "iam", MEMBER)
    member_iam.update_assume_role_policy(RoleName=DEPLOY_ROLE, PolicyDocument=trust_doc(user_arn))
    sts = keyed_client(endpoint_url, "sts", key)
    expect_error(lambda: assume(sts, MEMBER), "AccessDenied", 403)
    iam.put_user_policy(
        UserName="deployer",
        PolicyName="assume-deploy-roles",
        PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": f"arn:aws:iam::*:role/{DEPLOY_ROLE}"}]}
        ),
    )
    assert session_client(endpoint_url, "sts", assume(sts, MEMBER)).get_caller_identity()["Account"] == MEMBER


def test_a_sessions_permissions_are_its_roles_in_its_account(fleet, endpoint_url):
    member_iam = root_client(endpoint_url, "iam", MEMBER)
    member_iam.detach_role_policy(RoleName=DEPLOY_ROLE, PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    iam = session_client(endpoint_url, "iam", assume(root_client(endpoint_url, "sts", SOURCE), MEMBER))
    expect_error(
        iam.list_roles,
        "AccessDenied",
        403,
        f"User: arn:aws:sts::{MEMBER}:assumed-role/{DEPLOY_ROLE}/ticketflow-fleet is not authorized to perform: "
        "iam:ListRoles because no identity-based policy allows the "
        "iam:ListRoles action",
    )


def test_extension_state_is_kept_per_account_and_region(fleet, endpoint_url):
    member = assume(root_client(endpoint_url, "sts", SOURCE), MEMBER)
    other = assume(root_client(endpoint_url, "sts", SOURCE), OTHER)

    # Bedrock: the use-case form and the agreement are the member's, not the other account's.
    model = "anthropic.claude-haiku-4-5-20251001-v1:0"
    grant_access(session_client(endpoint_url, "bedrock", member), model)
    states = {
        name: session_client(endpoint_url, "bedrock", creds).get_foundation_model_availability(modelId=model)
        for name, creds in (("member", member), ("other", other))
    }
    assert states["member"]["agreementAvailability"] != states["other"]["agreementAvailability"], states

    # Budgets: one name in two accounts, two budgets.
    for account, creds, limit in ((MEMBER, member, "50"), (OTHER, other, "70")):
        session_client(endpoint_url, "budgets", creds).create_budget(
            AccountId=account,
            Budget={"BudgetName": "TicketFlowBedrock-fleet", "BudgetType": "COST", "TimeUnit": "MONTHLY", "BudgetLimit": {"Amount": limit, "Unit": "USD"}},
        )
    for account, creds, limit in ((MEMBER, member, 50), (OTHER, other, 70)):
        budget = session_client(endpoint_url, "budgets", creds).describe_budget(AccountId=account, BudgetName="TicketFlowBedrock-fleet")["Budget"]
        assert float(budget["BudgetLimit"]["Amount"]) == limit

    # Service Quotas: a request of the member in us-east-1 is neither in its us-west-2 nor in the other account.
    quotas = session_client(endpoint_url, "service-quotas", member)
    quota = next(q for q in quotas.list_service_quotas(ServiceCode="bedrock")["Quotas"] if q["Adjustable"])
    quotas.request_service_quota_increase(ServiceCode="bedrock", QuotaCode=quota["QuotaCode"], DesiredValue=quota["Value"] * 2)

    def history(creds, region):
        client = session_client(endpoint_url, "service-quotas", creds, region)
        return client.list_requested_service_quota_change_history(ServiceCode="bedrock")["RequestedQuotas"]

    assert [r["QuotaCode"] for r in history(member, "us-east-1")] == [quota["QuotaCode"]]
    assert history(member, "us-west-2") == [] and history(other, "us-east-1") == []
    assert json.loads(history(member, "us-east-1")[0]["Requester"])["accountId"] == MEMBER
