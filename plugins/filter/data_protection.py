# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Data protection key filters (documented one per filter in the YAML files beside this one)."""

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.ticketflow.bedrock.plugins.module_utils.data_protection import DataKeyError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.data_protection import data_key_input_errors
from ansible_collections.ticketflow.bedrock.plugins.module_utils.data_protection import data_key_policy as build_policy
from ansible_collections.ticketflow.bedrock.plugins.module_utils.data_protection import deploy_principal
from ansible_collections.ticketflow.bedrock.plugins.module_utils.data_protection import keys_owned_by
from ansible_collections.ticketflow.bedrock.plugins.module_utils.data_protection import same_key


def data_key_policy(account_id, region, admin_arns, trail_name=None, log_group_names=None, bedrock_s3=False):
    try:
        return build_policy(account_id, region, admin_arns, trail_name=trail_name, log_group_names=log_group_names, bedrock_s3=bool(bedrock_s3))
    except DataKeyError as e:
        raise AnsibleFilterError("ticketflow.bedrock.data_key_policy: %s" % to_native(e)) from e


def data_key_deploy_principal(caller_arn):
    try:
        return deploy_principal(caller_arn)
    except DataKeyError as e:
        raise AnsibleFilterError("ticketflow.bedrock.data_key_deploy_principal: %s" % to_native(e)) from e


def data_key_errors(key_arn, **kwargs):
    return data_key_input_errors(key_arn=key_arn or "", **kwargs)


def data_keys_owned_by(keys, environment, owned=True):
    mine, others = keys_owned_by(keys, environment)
    return mine if owned else others


def data_key_matches(found, expected):
    return same_key(found, expected)


class FilterModule:
    """Data protection key filters."""

    def filters(self):
        return {
            "data_key_policy": data_key_policy,
            "data_key_deploy_principal": data_key_deploy_principal,
            "data_key_errors": data_key_errors,
            "data_keys_owned_by": data_keys_owned_by,
            "data_key_matches": data_key_matches,
        }
