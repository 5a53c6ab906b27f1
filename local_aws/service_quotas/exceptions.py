"""Service Quotas errors as AWS answers them, and their texts."""

from __future__ import annotations

from moto.core.exceptions import JsonRESTError


class NoSuchResource(JsonRESTError):
    def __init__(self, message: str) -> None:
        super().__init__("NoSuchResourceException", message)


class IllegalArgument(JsonRESTError):
    def __init__(self, message: str) -> None:
        super().__init__("IllegalArgumentException", message)


class ResourceAlreadyExists(JsonRESTError):
    def __init__(self, message: str) -> None:
        super().__init__("ResourceAlreadyExistsException", message)


class InvalidPaginationToken(JsonRESTError):
    def __init__(self) -> None:
        super().__init__("InvalidPaginationTokenException", "Invalid pagination token")


# Texts quoted from AWS answers in public threads (sources in local_aws/README.md):
# aws/aws-cli#4569 and #5925 (unknown service), hashicorp/terraform-provider-aws#19657
# (open request), cloud-custodian/cloud-custodian#8939 (value not above the current one).
UNKNOWN_SERVICE = "The request failed because the specified service does not exist."
# AWS answers a quota code unknown in the Region with an empty message (aws/aws-cli#5925,
# hashicorp/terraform-provider-aws#10928).
UNKNOWN_QUOTA = ""
UNKNOWN_REQUEST = "The request failed because the specified request ID does not exist."  # unverified
NOT_ABOVE_CURRENT = "You must provide a quota value greater than the current quota value"
ALREADY_OPEN = "Only one open service quota increase request is allowed per quota."
