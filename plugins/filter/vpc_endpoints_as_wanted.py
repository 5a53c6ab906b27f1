# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
name: vpc_endpoints_as_wanted
short_description: The VPC endpoints amazon.aws.ec2_vpc_endpoint would leave unchanged
version_added: 0.2.0
author:
  - TicketFlow platform team (@ticketflow)
description:
  - For an existing endpoint, M(amazon.aws.ec2_vpc_endpoint) takes the first endpoint of the VPC and service with the
    requested route tables and only brings its tags to the requested ones. This filter finds, from one
    M(amazon.aws.ec2_vpc_endpoint_info) read, the wanted endpoints whose match is live, not being replaced, and already
    has exactly the requested tags (tags starting with C(aws:) ignored), so the module task can be skipped for them.
options:
  _input:
    description: The C(vpc_endpoints) of M(amazon.aws.ec2_vpc_endpoint_info) for the VPC and the services.
    type: list
    elements: dict
    required: true
  vpc_id:
    description: The VPC.
    type: str
    required: true
  services:
    description: The wanted endpoints, key (the name the result uses, such as V(bedrock-runtime) or V(s3)) -> service
      name.
    type: dict
    required: true
  tags:
    description: The tags every endpoint has (the module purges others), besides its C(Name) tag.
    type: dict
    default: {}
  name_tag_format:
    description: The C(Name) tag of each endpoint, C({key}) replaced by its key.
    type: str
    required: true
  route_table_ids:
    description: Key -> the route tables of a gateway endpoint.
    type: dict
    default: {}
  replaced:
    description: IDs of the endpoints deleted in this run (their service needs the module).
    type: list
    elements: str
    default: []
"""

EXAMPLES = r"""
- name: Endpoints with nothing to change
  ansible.builtin.set_fact:
    unchanged: >-
      {{ read.vpc_endpoints | ticketflow.bedrock.vpc_endpoints_as_wanted(vpc_id='vpc-0abc',
         services={'bedrock-runtime': 'com.amazonaws.us-east-1.bedrock-runtime'},
         tags={'Environment': 'staging'}, name_tag_format='ticketflow-bedrock-{key}-staging') }}
"""

RETURN = r"""
_value:
  description: Key -> endpoint ID of every wanted endpoint that is already as wanted.
  type: dict
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.ticketflow.bedrock.plugins.module_utils.vpc_endpoints import VpcEndpointPlanError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.vpc_endpoints import endpoints_as_wanted
from ansible_collections.ticketflow.bedrock.plugins.module_utils.vpc_endpoints import wanted_endpoints


def vpc_endpoints_as_wanted(found, vpc_id, services, name_tag_format, tags=None, route_table_ids=None, replaced=None):
    """See DOCUMENTATION."""
    try:
        wanted = wanted_endpoints(services, tags, name_tag_format, route_table_ids=route_table_ids)
        return endpoints_as_wanted(found, wanted, vpc_id, replaced=replaced)
    except (VpcEndpointPlanError, AttributeError, TypeError) as e:
        raise AnsibleFilterError("vpc_endpoints_as_wanted: %s" % e) from e


class FilterModule:
    """VPC endpoint comparison filter."""

    def filters(self):
        return {"vpc_endpoints_as_wanted": vpc_endpoints_as_wanted}
