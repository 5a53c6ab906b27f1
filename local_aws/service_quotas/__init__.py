"""Service Quotas for Amazon Bedrock: the catalog from the snapshot, applied values, increase requests.

moto's shape: ``catalog.py`` (the data), ``models.py`` (state per account and
Region), ``responses.py`` (the operations), ``exceptions.py`` (errors and texts).
"""

from __future__ import annotations

from local_aws.service_quotas.responses import install

__all__ = ["install"]
