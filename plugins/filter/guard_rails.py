# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Guard-rail filters (documented one per filter in the YAML files beside this one)."""

from ansible_collections.ticketflow.bedrock.plugins.module_utils import guard_rails


def principal_arn_errors(arns, allow_account_root=False, name="trusted principal"):
    return guard_rails.principal_arn_errors(arns, allow_account_root=bool(allow_account_root), name=name)


def account_root_principals(arns):
    return guard_rails.account_root_principals(arns)


def trust_policy_principals(document):
    return guard_rails.trust_policy_principals(document)


def temporary_admin_grant_errors(grants, max_days=guard_rails.DEFAULT_MAX_ADMIN_DAYS, now=None):
    return guard_rails.temporary_admin_grant_errors(grants, max_days=max_days, now=now)


def account_guard_errors(caller_account, configured_account, environment="the environment"):
    return guard_rails.account_guard_errors(caller_account, configured_account, environment)


def teardown_guard_errors(
    caller_account, environment, configured_account, endpoint_url="", confirm_account_id="", prod=False, confirm_prod=False, local_environment=False
):
    return guard_rails.teardown_guard_errors(
        environment,
        caller_account,
        configured_account,
        endpoint_url=endpoint_url,
        confirm_account_id=confirm_account_id,
        prod=bool(prod),
        confirm_prod=bool(confirm_prod),
        local_environment=bool(local_environment),
    )


class FilterModule:
    """Guard-rail filters: problems of dangerous inputs, checked before any AWS call."""

    def filters(self):
        return {
            "principal_arn_errors": principal_arn_errors,
            "account_root_principals": account_root_principals,
            "temporary_admin_grant_errors": temporary_admin_grant_errors,
            "trust_policy_principals": trust_policy_principals,
            "account_guard_errors": account_guard_errors,
            "teardown_guard_errors": teardown_guard_errors,
        }
