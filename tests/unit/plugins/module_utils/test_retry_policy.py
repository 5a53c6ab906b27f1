# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest
from botocore.exceptions import ClientError

from ansible_collections.amazon.aws.plugins.module_utils import cloud
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry

from ansible_collections.ticketflow.bedrock.plugins.module_utils import retry_policy


def error(code, status=400, message="", operation="DescribeBudget"):
    return ClientError({"Error": {"Code": code, "Message": message}, "ResponseMetadata": {"HTTPStatusCode": status}}, operation)


@pytest.fixture
def sleeps(monkeypatch):
    slept = []
    monkeypatch.setattr(cloud.time, "sleep", slept.append)
    return slept


def test_plain_awsretry_misses_throttling_exception():
    # The defect this module fixes: amazon.aws's default list knows "Throttling" only.
    assert not AWSRetry.found("ThrottlingException")


@pytest.mark.parametrize(
    "service,code,status",
    [
        ("budgets", "ThrottlingException", 400),
        ("budgets", "InternalErrorException", 500),
        ("service-quotas", "TooManyRequestsException", 400),
        ("service-quotas", "ServiceException", 500),
        ("bedrock", "ThrottlingException", 429),
        ("bedrock", "ServiceUnavailableException", 503),
        ("bedrock-runtime", "ModelNotReadyException", 429),
        ("sts", "Throttling", 400),
        ("s3", "SlowDown", 503),
        ("iam", "SomethingNew", 502),  # any 5xx
        ("budgets", "SomethingNew", 429),  # any 429
    ],
)
def test_transient_answers_are_retried(service, code, status):
    assert retry_policy.is_transient(service, error(code, status))


@pytest.mark.parametrize(
    "service,code,status",
    [
        ("budgets", "NotFoundException", 404),
        ("budgets", "AccessDeniedException", 400),
        ("bedrock", "ValidationException", 400),
        ("service-quotas", "NoSuchResourceException", 400),
    ],
)
def test_final_answers_are_not_retried(service, code, status):
    assert not retry_policy.is_transient(service, error(code, status))


def test_a_daily_token_quota_at_zero_is_not_retried():
    exhausted = error("ThrottlingException", 429, "Too many tokens per day, please wait before trying again.")
    assert not retry_policy.is_transient("bedrock-runtime", exhausted)
    assert retry_policy.is_transient("bedrock-runtime", error("ThrottlingException", 429, "Too many requests"))


def test_every_policy_is_bounded():
    for service in ("bedrock", "bedrock-runtime", "budgets", "service-quotas", "s3", "sts", "iam"):
        policy = retry_policy.policy_for(service)
        assert 2 <= policy.attempts <= 10
        assert policy.max_wait <= 90, (service, policy.max_wait)


def test_decorator_retries_then_succeeds_with_jittered_bounded_sleeps(sleeps):
    answers = [error("ThrottlingException")] * 3 + ["ok"]

    @retry_policy.retry_decorator("budgets")
    def call():
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert call() == "ok"
    policy = retry_policy.policy_for("budgets")
    assert len(sleeps) == 3
    assert all(0 <= slept <= min(policy.delay * 2**i, policy.max_delay) for i, slept in enumerate(sleeps))


def test_decorator_gives_up_after_the_policys_attempts(sleeps):
    calls = []

    @retry_policy.retry_decorator("service-quotas", attempts=3)
    def call():
        calls.append(1)
        raise error("TooManyRequestsException")

    with pytest.raises(ClientError):
        call()
    assert len(calls) == 3 and len(sleeps) == 2


def test_final_errors_raise_at_once(sleeps):
    @retry_policy.retry_decorator("budgets")
    def call():
        raise error("AccessDeniedException")

    with pytest.raises(ClientError):
        call()
    assert sleeps == []


def test_one_retry_class_per_service():
    assert retry_policy.retry_class("budgets") is retry_policy.retry_class("budgets")
    assert retry_policy.retry_class("service-quotas").__name__ == "ServiceQuotasRetry"
