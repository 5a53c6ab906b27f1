# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Tag changes, on amazon.aws's ``compare_aws_tags``: wanted values as strings (AWS tags are
strings; module options may hold numbers) and the keys to remove sorted, so calls are stable."""

from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags


def tag_changes(current, wanted, purge):
    """(tags to set, keys to remove) that turn ``current`` into ``wanted``."""
    to_set, to_remove = compare_aws_tags(current, {str(k): str(v) for k, v in (wanted or {}).items()}, purge_tags=purge)
    return to_set, sorted(to_remove)
