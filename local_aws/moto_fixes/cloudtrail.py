"""CloudTrail behaviour moto 5.2.5 gets wrong and the collection's modules depend on.

DeleteTrail: AWS accepts the trail's name or its ARN ("Name: Specifies the
name or the CloudTrail ARN of the trail to be deleted"); moto matches the name
only and silently ignores an ARN, so ``amazon.aws.cloudtrail`` (which deletes
by ARN) leaves the trail behind. An unknown trail answers TrailNotFoundException.
"""

from __future__ import annotations

from typing import Any

from moto.cloudtrail.models import CloudTrailBackend

from local_aws.patching import replace_operation


def delete_trail(self: Any, name: str) -> None:
    trail = self.get_trail(name)  # name or ARN; raises TrailNotFoundException
    del self.trails[trail.trail_name]


def install() -> None:
    replace_operation(CloudTrailBackend, "delete_trail", delete_trail, reason="moto ignores a trail ARN")
