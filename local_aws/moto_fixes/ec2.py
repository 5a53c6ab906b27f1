"""EC2 behaviour moto 5.2.5 gets wrong and the collection's modules depend on.

ReplaceIamInstanceProfileAssociation: moto swaps the profile on the
association record only, so DescribeInstances keeps showing the old profile
and a second ``ec2_instance`` run replaces it again (never idempotent). On AWS
the replacement gets a new association ID, and the instance then reports the
new profile.

Instance ``IamInstanceProfile.Id``: AWS reports the instance profile's ID
(``AIPA...``); moto reports the association ID. Both AssociateIamInstanceProfile
(also used by RunInstances) and the replacement set the profile's ID here.
"""

from __future__ import annotations

from typing import Any

from moto.ec2.exceptions import InvalidAssociationIDIamProfileAssociationError
from moto.ec2.models.iam_instance_profile import (
    IamInstanceProfileAssociation,
    IamInstanceProfileAssociationBackend,
)
from moto.ec2.utils import filter_iam_instance_profiles, random_iam_instance_profile_association_id

from local_aws.patching import replace_operation


def replace_iam_instance_profile_association(
    self: Any,
    association_id: str,
    iam_instance_profile_name: str | None = None,
    iam_instance_profile_arn: str | None = None,
) -> IamInstanceProfileAssociation:
    instance_profile = filter_iam_instance_profiles(
        self.account_id,
        partition=self.partition,
        iam_instance_profile_arn=iam_instance_profile_arn,
        iam_instance_profile_name=iam_instance_profile_name,
    )
    found = next(
        (
            (instance_id, association)
            for instance_id, association in self.iam_instance_profile_associations.items()
            if association.association_id == association_id
        ),
        None,
    )
    if found is None:
        raise InvalidAssociationIDIamProfileAssociationError(association_id)
    instance_id, association = found

    association.association_id = random_iam_instance_profile_association_id()
    association.iam_instance_profile = instance_profile
    association.state = "associated"
    self.modify_instance_attribute(
        instance_id,
        "iam_instance_profile",
        {"Arn": instance_profile.arn, "Id": instance_profile.id},
    )
    return association


_MOTO_ASSOCIATE = IamInstanceProfileAssociationBackend.associate_iam_instance_profile


def associate_iam_instance_profile(
    self: Any,
    instance_id: str,
    iam_instance_profile_name: str | None = None,
    iam_instance_profile_arn: str | None = None,
) -> IamInstanceProfileAssociation:
    association = _MOTO_ASSOCIATE(self, instance_id, iam_instance_profile_name, iam_instance_profile_arn)
    profile = association.iam_instance_profile
    self.modify_instance_attribute(instance_id, "iam_instance_profile", {"Arn": profile.arn, "Id": profile.id})
    return association


def install() -> None:
    replace_operation(
        IamInstanceProfileAssociationBackend,
        "associate_iam_instance_profile",
        associate_iam_instance_profile,
        "moto 5.2.5 reports the association ID as the instance's instance profile ID",
    )
    replace_operation(
        IamInstanceProfileAssociationBackend,
        "replace_iam_instance_profile_association",
        replace_iam_instance_profile_association,
        "moto 5.2.5 leaves the instance showing the old profile after a replacement",
    )
