# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One amazon.aws ``AWSErrorHandler`` per AWS service this collection calls.

The functions that call AWS (in ``budgets``, ``service_quotas``,
``invocation_logging``, ...) are decorated with a handler's
``common_error_handler`` (any failure raised as the service's
``ServiceAWSError``), ``list_error_handler`` (a missing resource returns the
default) or ``deletion_error_handler`` (a missing resource returns False). A
module's ``main`` then catches the one exception, ``AnsibleAWSError``, and
hands it to ``fail_with_aws_error``, which keeps the diagnosis layer: the
diagnosis knows the service and the operation that failed, so its hint fits
them (a Budgets throttle is not advised to use an inference profile).
"""

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError

from ansible_collections.ticketflow.bedrock.plugins.module_utils.diagnosis import fail_with_diagnosis


class ServiceAWSError(AnsibleAWSError):
    """An AWS failure of one service; ``service`` names it (botocore's service name)."""

    service = None

    @property
    def operation(self):
        """The API operation that failed (botocore's ``operation_name``), when known."""
        return getattr(self.exception, "operation_name", None)


def _error_class(service):
    name = "%sError" % "".join(part.capitalize() for part in service.split("-"))
    return type(name, (ServiceAWSError,), {"service": service})


BedrockError = _error_class("bedrock")
BedrockRuntimeError = _error_class("bedrock-runtime")
BudgetsError = _error_class("budgets")
IAMError = _error_class("iam")
ServiceQuotasError = _error_class("service-quotas")
S3Error = _error_class("s3")
STSError = _error_class("sts")
CloudTrailError = _error_class("cloudtrail")
SecretsManagerError = _error_class("secretsmanager")


class BedrockErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = BedrockError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("ResourceNotFoundException")


class BedrockRuntimeErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = BedrockRuntimeError


class BudgetsErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = BudgetsError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("NotFoundException")


class IAMErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = IAMError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("NoSuchEntity")


class ServiceQuotasErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = ServiceQuotasError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("NoSuchResourceException")


class S3ErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = S3Error

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code(["NoSuchBucket", "NotFound", "404"])


class STSErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = STSError


class CloudTrailErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = CloudTrailError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("TrailNotFoundException")


class SecretsManagerErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = SecretsManagerError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("ResourceNotFoundException")


def fail_with_aws_error(module, error, msg, **context):
    """Fail the task for an ``AnsibleAWSError``: ``msg``, the handler's message, and a diagnosis.

    The service and operation of a ``ServiceAWSError`` join ``context`` (see
    ``diagnosis.diagnose``); the AWS error code and response metadata stay in
    the result.
    """
    cause = error.exception if error.exception is not None else error
    if isinstance(error, ServiceAWSError):
        context.setdefault("service", error.service)
        if error.operation:
            context.setdefault("operation", error.operation)
    message = msg if not error.message else "%s: %s" % (msg.rstrip(". "), error.message)
    fail_with_diagnosis(module, cause, message, **context)
