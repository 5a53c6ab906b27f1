# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The regions where Bedrock is offered, as the modules know them (documented in bedrock_regions.yml)."""

from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_ids import bedrock_regions as _bedrock_regions


def bedrock_regions(partition=None):
    """The Bedrock regions of ``partition`` (every partition's when None), sorted."""
    regions = _bedrock_regions()
    if partition:
        return list(regions.get(partition, ()))
    return sorted({region for names in regions.values() for region in names})


class FilterModule:
    """Bedrock region filters."""

    def filters(self):
        return {"bedrock_regions": bedrock_regions}
