"""Fixes of moto 5.2.5 behaviour that differs from AWS, one module per service.

``install()`` applies them all (see ``local_aws/extensions.py``).
"""

from __future__ import annotations

from local_aws.moto_fixes import cloudtrail, ec2, kms_use


def install() -> None:
    ec2.install()
    cloudtrail.install()
    kms_use.install()
