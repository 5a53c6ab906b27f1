# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Which VPC endpoints amazon.aws.ec2_vpc_endpoint would leave as they are.

For an existing endpoint, ``ec2_vpc_endpoint`` (state present, no
``vpc_endpoint_id``) takes the first endpoint of the VPC and service whose
route tables equal the requested ones (any state), and only brings its tags
to the requested ones (``purge_tags``); it never modifies subnets, security
groups, policy or private DNS (the role compares those itself and replaces a
drifted endpoint). So when that endpoint already has exactly the requested
tags, the module changes nothing and costs three DescribeVpcEndpoints and a
DescribeTags: the role can skip it, from the one ``ec2_vpc_endpoint_info``
read it makes anyway.
"""

LIVE_STATES = ("available", "pending", "pendingacceptance")


class VpcEndpointPlanError(ValueError):
    """The wanted endpoints or the read endpoints are not usable."""


def _tags(entry):
    """Tags of an ec2_vpc_endpoint_info entry (a Key/Value list, snake_cased or not, or a dict) as a dict."""
    tags = entry.get("tags") or {}
    if isinstance(tags, dict):
        items = tags.items()
    else:
        items = [(t.get("key", t.get("Key")), t.get("value", t.get("Value"))) for t in tags]
    return {str(k): "" if v is None else str(v) for k, v in items if not str(k).startswith("aws:")}


def wanted_endpoints(services, tags, name_tag_format, route_table_ids=None):
    """``[{key, service_name, route_table_ids, tags}]``: ``services`` key -> service name; each endpoint gets
    ``tags`` plus a ``Name`` tag from ``name_tag_format`` (``{key}`` replaced); ``route_table_ids``: key -> list
    (gateway endpoints)."""
    if "{key}" not in (name_tag_format or ""):
        raise VpcEndpointPlanError("name_tag_format must hold {key} (got %r)." % (name_tag_format,))
    routes = route_table_ids or {}
    return [
        {
            "key": key,
            "service_name": service_name,
            "route_table_ids": list(routes.get(key) or []),
            "tags": dict(tags or {}, Name=name_tag_format.replace("{key}", key)),
        }
        for key, service_name in (services or {}).items()
    ]


def endpoints_as_wanted(found, wanted, vpc_id, replaced=None):
    """{key: endpoint ID} of the ``wanted`` endpoints that ec2_vpc_endpoint would leave unchanged.

    ``found``: ec2_vpc_endpoint_info ``vpc_endpoints`` (filtered to the VPC and
    the services, in AWS's order); ``wanted``: ``{key, service_name,
    route_table_ids, tags}`` each; ``replaced``: IDs of endpoints the role
    deletes in this run (their service needs the module). An endpoint not
    live (deleting, failed, ...) is never as wanted.
    """
    if not vpc_id:
        raise VpcEndpointPlanError("vpc_id is required.")
    replaced = set(replaced or [])
    result = {}
    for want in wanted or []:
        if not isinstance(want, dict) or not want.get("key") or not want.get("service_name"):
            raise VpcEndpointPlanError("each wanted endpoint needs a key and a service_name (got %r)." % (want,))
        routes = sorted(want.get("route_table_ids") or [])
        match = None
        for entry in found or []:
            if entry.get("vpc_id") == vpc_id and entry.get("service_name") == want["service_name"] and sorted(entry.get("route_table_ids") or []) == routes:
                match = entry  # the module's match_endpoints: the first one, whatever its state
                break
        if match is None or match.get("vpc_endpoint_id") in replaced:
            continue
        if str(match.get("state", "")).lower() not in LIVE_STATES:
            continue
        wanted_tags = {str(k): "" if v is None else str(v) for k, v in (want.get("tags") or {}).items()}
        if _tags(match) == wanted_tags:
            result[want["key"]] = match["vpc_endpoint_id"]
    return result
