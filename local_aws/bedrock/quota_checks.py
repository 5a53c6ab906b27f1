"""Runtime quota checks of bedrock-runtime calls (off unless ``daily_token_quota_enforcement`` is on).

The account-wide daily token quota ("Cross-Model Max Tokens Per Day", applied
value from Service Quotas in the calling Region) is compared with the tokens
the account used on the current calendar day (:func:`settings.calendar_now`,
input + output tokens of every successful call in the Region). A zero quota,
or one used up, answers 429 ThrottlingException "Too many tokens per day,
please wait before trying again." as AWS does. Enough to prove a diagnosis;
per-minute quotas are not enforced (fault injection covers throttling).
"""

from __future__ import annotations

from local_aws import settings
from local_aws.bedrock import access
from local_aws.bedrock.errors import TOKENS_PER_DAY_EXCEEDED, ThrottlingException


def check_daily_tokens(account_id: str, region: str) -> None:
    if not settings.get("daily_token_quota_enforcement"):
        return
    from local_aws.service_quotas.catalog import DAILY_TOKENS_QUOTA_NAME, quota_named
    from local_aws.service_quotas.models import applied_value

    quota = quota_named(region, DAILY_TOKENS_QUOTA_NAME)
    if quota is None:
        return
    if access.regional(account_id, region).tokens_today() >= applied_value(account_id, region, quota):
        raise ThrottlingException(TOKENS_PER_DAY_EXCEEDED)
