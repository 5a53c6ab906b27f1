# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from ansible_collections.ticketflow.bedrock.plugins.filter.bedrock_regions import FilterModule
from ansible_collections.ticketflow.bedrock.plugins.module_utils import bedrock_ids

regions = FilterModule().filters()["bedrock_regions"]


def test_the_filter_agrees_with_the_modules_region_check():
    everywhere = regions(None)
    assert "us-east-1" in everywhere and "eu-central-1" in everywhere
    assert all(bedrock_ids.region_error(region) is None for region in everywhere)
    assert bedrock_ids.region_error("us-east-7") is not None and "us-east-7" not in everywhere


def test_partition_filter():
    assert all(not region.startswith("us-gov-") for region in regions("aws"))
    assert regions("no-such-partition") == []
