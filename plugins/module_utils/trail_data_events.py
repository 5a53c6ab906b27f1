# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""CloudTrail data events for Bedrock resources (guardrails, agents, knowledge bases) on a trail.

Bedrock records ApplyGuardrail and the guardrail evaluations of invocations as
CloudTrail data events, which a trail logs only with an advanced event selector
(``eventCategory`` = ``Data``, ``resources.type`` = ``AWS::Bedrock::Guardrail``).
Advanced selectors replace a trail's selectors, so the management events the
trail logged by default are kept with a selector of their own.
"""

from ansible_collections.ticketflow.bedrock.plugins.module_utils.error_handlers import CloudTrailErrorHandler

MANAGEMENT_SELECTOR = {"Name": "Management events", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]}
RESOURCE_TYPES = ("AWS::Bedrock::Guardrail", "AWS::Bedrock::AgentAlias", "AWS::Bedrock::KnowledgeBase", "AWS::Bedrock::FlowAlias")


class DataEventsInputError(ValueError):
    """Module input that cannot make the selectors."""


def desired_selectors(resource_types):
    """The advanced event selectors: management events, then one data selector per resource type."""
    unknown = sorted(set(resource_types) - set(RESOURCE_TYPES))
    if unknown:
        raise DataEventsInputError("resource_types %s unknown; choose from %s." % (", ".join(unknown), ", ".join(RESOURCE_TYPES)))
    selectors = [MANAGEMENT_SELECTOR]
    for kind in sorted(set(resource_types)):
        selectors.append(
            {
                "Name": "Data events of %s" % kind,
                "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": [kind]}],
            }
        )
    return selectors


def _canonical(selectors):
    """Selectors compared without their names and order (AWS may answer extra empty operators)."""
    canonical = []
    for selector in selectors or []:
        fields = []
        for field in selector.get("FieldSelectors") or []:
            fields.append((field.get("Field"), tuple(sorted(field.get("Equals") or []))))
        canonical.append(tuple(sorted(fields)))
    return sorted(canonical)


def same_selectors(desired, current):
    return _canonical(desired) == _canonical(current)


@CloudTrailErrorHandler.common_error_handler("read the event selectors of the trail")
def get_selectors(client, trail_name):
    """The trail's advanced selectors, or None when it uses basic selectors (or none)."""
    response = client.get_event_selectors(TrailName=trail_name, aws_retry=True)
    return response.get("AdvancedEventSelectors") or None


@CloudTrailErrorHandler.common_error_handler("put the event selectors of the trail")
def put_selectors(client, trail_name, selectors):
    client.put_event_selectors(TrailName=trail_name, AdvancedEventSelectors=selectors, aws_retry=True)
