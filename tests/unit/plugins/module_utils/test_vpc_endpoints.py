# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Which VPC endpoints ec2_vpc_endpoint would leave unchanged (the role skips it for them)."""

import pytest

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.ticketflow.bedrock.plugins.filter.vpc_endpoints_as_wanted import FilterModule
from ansible_collections.ticketflow.bedrock.plugins.module_utils.vpc_endpoints import VpcEndpointPlanError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.vpc_endpoints import endpoints_as_wanted
from ansible_collections.ticketflow.bedrock.plugins.module_utils.vpc_endpoints import wanted_endpoints

VPC = "vpc-0123456789abcdef0"
RUNTIME = "com.amazonaws.us-east-1.bedrock-runtime"
S3 = "com.amazonaws.us-east-1.s3"
TAGS = {"Application": "TicketFlow", "Environment": "staging", "Name": "ticketflow-bedrock-bedrock-runtime-staging"}
S3_TAGS = dict(TAGS, Name="ticketflow-bedrock-s3-staging")
WANTED = [
    {"key": "bedrock-runtime", "service_name": RUNTIME, "route_table_ids": [], "tags": TAGS},
    {"key": "s3", "service_name": S3, "route_table_ids": ["rtb-2", "rtb-1"], "tags": S3_TAGS},
]


def endpoint(endpoint_id, service, tags, state="available", routes=(), vpc=VPC):
    """A DescribeVpcEndpoints entry as ec2_vpc_endpoint_info returns it (camel_dict_to_snake_dict, tags a Key/Value list)."""
    return camel_dict_to_snake_dict(
        {
            "VpcEndpointId": endpoint_id,
            "VpcEndpointType": "Gateway" if routes else "Interface",
            "VpcId": vpc,
            "ServiceName": service,
            "State": state,
            "RouteTableIds": list(routes),
            "SubnetIds": [] if routes else ["subnet-1", "subnet-2"],
            "PrivateDnsEnabled": not routes,
            "Tags": [{"Key": k, "Value": v} for k, v in tags.items()],
        }
    )


def test_endpoints_with_the_wanted_tags_are_as_wanted():
    found = [endpoint("vpce-1", RUNTIME, TAGS), endpoint("vpce-2", S3, dict(S3_TAGS, **{"aws:cloudformation:stack-name": "x"}), routes=["rtb-1", "rtb-2"])]
    assert endpoints_as_wanted(found, WANTED, VPC) == {"bedrock-runtime": "vpce-1", "s3": "vpce-2"}


@pytest.mark.parametrize(
    "tags",
    [dict(TAGS, Environment="prod"), {k: v for k, v in TAGS.items() if k != "Name"}, dict(TAGS, Owner="someone")],
    ids=["changed", "removed", "added (purged by the module)"],
)
def test_tag_drift_needs_the_module(tags):
    assert endpoints_as_wanted([endpoint("vpce-1", RUNTIME, tags)], WANTED[:1], VPC) == {}


def test_missing_endpoint_needs_the_module():
    assert endpoints_as_wanted([], WANTED, VPC) == {}


def test_other_route_tables_are_another_endpoint_for_the_module():
    found = [endpoint("vpce-2", S3, S3_TAGS, routes=["rtb-1"])]
    assert endpoints_as_wanted(found, WANTED[1:], VPC) == {}


def test_the_modules_first_match_decides_even_when_not_live():
    found = [endpoint("vpce-old", RUNTIME, TAGS, state="deleted"), endpoint("vpce-1", RUNTIME, TAGS)]
    assert endpoints_as_wanted(found, WANTED[:1], VPC) == {}


def test_replaced_endpoint_needs_the_module():
    assert endpoints_as_wanted([endpoint("vpce-1", RUNTIME, TAGS)], WANTED[:1], VPC, replaced=["vpce-1"]) == {}


def test_endpoint_of_another_vpc_is_not_a_match():
    assert endpoints_as_wanted([endpoint("vpce-1", RUNTIME, TAGS, vpc="vpc-other")], WANTED[:1], VPC) == {}


def test_bad_input_is_a_clear_error():
    with pytest.raises(VpcEndpointPlanError, match="vpc_id"):
        endpoints_as_wanted([], WANTED, "")
    with pytest.raises(VpcEndpointPlanError, match="key and a service_name"):
        endpoints_as_wanted([], [{"service_name": RUNTIME}], VPC)
    with pytest.raises(VpcEndpointPlanError, match="name_tag_format"):
        wanted_endpoints({"s3": S3}, {}, "no placeholder")
    as_wanted = FilterModule().filters()["vpc_endpoints_as_wanted"]
    with pytest.raises(AnsibleFilterError, match="vpc_endpoints_as_wanted"):
        as_wanted([], VPC, {"bedrock-runtime": RUNTIME}, name_tag_format="x")


def test_the_filter_builds_the_wanted_tags_as_the_role_does():
    """The role's tasks: the common tags plus Name ticketflow-bedrock-<key>-<environment>, route tables for s3."""
    common = {k: v for k, v in TAGS.items() if k != "Name"}
    assert wanted_endpoints({"bedrock-runtime": RUNTIME, "s3": S3}, common, "ticketflow-bedrock-{key}-staging", {"s3": ["rtb-2", "rtb-1"]}) == WANTED
    as_wanted = FilterModule().filters()["vpc_endpoints_as_wanted"]
    found = [endpoint("vpce-1", RUNTIME, TAGS), endpoint("vpce-2", S3, S3_TAGS, routes=["rtb-1", "rtb-2"])]
    result = as_wanted(
        found,
        VPC,
        {"bedrock-runtime": RUNTIME, "s3": S3},
        name_tag_format="ticketflow-bedrock-{key}-staging",
        tags=common,
        route_table_ids={"s3": ["rtb-1", "rtb-2"]},
        replaced=["vpce-2"],
    )
    assert result == {"bedrock-runtime": "vpce-1"}
