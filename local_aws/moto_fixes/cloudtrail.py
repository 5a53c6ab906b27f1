"""CloudTrail behaviour moto 5.2.5 gets wrong and the collection's modules depend on.

DescribeTrails: AWS honours ``trailNameList``: a name matches only a trail of
the current Region and account; a trail of another Region must be named by its
ARN; names that match nothing are left out (no error). An empty or absent list
means every trail (with ``includeShadowTrails``). moto ignored the list, so a
teardown that asked for one trail saw (and deleted) others.

DeleteTrail: AWS accepts the trail's name or its ARN ("Name: Specifies the
name or the CloudTrail ARN of the trail to be deleted"); moto matches the name
only and silently ignores an ARN, so ``amazon.aws.cloudtrail`` (which deletes
by ARN) leaves the trail behind. An unknown trail answers TrailNotFoundException.
"""

from __future__ import annotations

import json
from typing import Any

from moto.cloudtrail.models import CloudTrailBackend
from moto.cloudtrail.responses import CloudTrailResponse

from local_aws.patching import replace_operation


def delete_trail(self: Any, name: str) -> None:
    trail = self.get_trail(name)  # name or ARN; raises TrailNotFoundException
    del self.trails[trail.trail_name]


def describe_trails(self: Any) -> str:
    include_shadow_trails = self._get_bool_param("includeShadowTrails", True)
    trails = list(self.cloudtrail_backend.describe_trails(include_shadow_trails))
    wanted = self._get_param("trailNameList") or []
    if wanted:
        region = self.cloudtrail_backend.region_name
        trails = [t for t in trails if t.arn in wanted or (t.trail_name in wanted and t.region_name == region)]
    return json.dumps({"trailList": [t.description(include_region=True) for t in trails]})


def install() -> None:
    replace_operation(CloudTrailBackend, "delete_trail", delete_trail, reason="moto ignores a trail ARN")
    replace_operation(CloudTrailResponse, "describe_trails", describe_trails, reason="moto ignores trailNameList")
