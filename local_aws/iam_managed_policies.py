"""AWS managed policies in every account, as on AWS, without moto's cost.

Every AWS account can attach AWS managed policies such as
AmazonBedrockFullAccess (the seed plan's temporary admin access). moto loads
none by default, and all 1,582 when MOTO_IAM_LOAD_MANAGED_POLICIES is set,
which makes each state reset several times slower. This extension loads the
subset a Bedrock setup uses: every policy whose name mentions Bedrock, plus a
few general ones. Attaching any other AWS managed policy answers
NoSuchEntity, as for a policy that does not exist (documented in README.md).
"""

from __future__ import annotations

import functools
import json
from typing import Any

from moto.iam.aws_managed_policies import aws_managed_policies_data
from moto.iam.models import AWSManagedPolicy, IAMBackend

from local_aws.patching import replace_operation

GENERAL_POLICIES = frozenset(
    {
        "AdministratorAccess",
        "PowerUserAccess",
        "ReadOnlyAccess",
        "IAMReadOnlyAccess",
        "AmazonSSMManagedInstanceCore",
        "CloudWatchAgentServerPolicy",
        "AWSMarketplaceManageSubscriptions",
        "AWSMarketplaceRead-only",
    }
)


def is_loaded(name: str) -> bool:
    return "Bedrock" in name or name in GENERAL_POLICIES


@functools.lru_cache(maxsize=1)
def _loaded_policy_data() -> tuple[tuple[str, dict[str, Any]], ...]:
    return tuple((name, data) for name, data in json.loads(aws_managed_policies_data).items() if is_loaded(name))


def init_aws_policies(self: Any) -> list[AWSManagedPolicy]:
    return [AWSManagedPolicy.from_data(name, self.account_id, self.region_name, data) for name, data in _loaded_policy_data()]


def install() -> None:
    replace_operation(IAMBackend, "_init_aws_policies", init_aws_policies, reason="AWS accounts have AWS managed policies")
