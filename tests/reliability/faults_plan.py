"""The short bursts every service gets during the tier's full site.yml run (converge_interrupted.py).

Per service the collection calls: one answer of its own throttling code, then one 5xx of its
own (both as AWS answers them), then two answers delayed by ``LATENCY_MS``. A run that
survives has absorbed them all (the endpoint's pending fault list is empty afterwards).
"""

from __future__ import annotations

# service: (throttling code, status, 5xx code, status), as each service's API reference names them
SERVICES = {
    "sts": ("Throttling", 400, "InternalFailure", 500),
    "bedrock": ("ThrottlingException", 429, "InternalServerException", 500),
    "bedrock-runtime": ("ThrottlingException", 429, "ServiceUnavailableException", 503),
    "iam": ("Throttling", 400, "ServiceFailure", 500),
    "ec2": ("RequestLimitExceeded", 503, "InternalError", 500),
    "s3": ("SlowDown", 503, "InternalError", 500),
    "secretsmanager": ("ThrottlingException", 400, "InternalServiceError", 500),
    "cloudtrail": ("ThrottlingException", 400, "InternalFailure", 500),
    "cloudwatch": ("Throttling", 400, "InternalServiceError", 500),
    "logs": ("ThrottlingException", 400, "ServiceUnavailableException", 503),
    "sns": ("Throttled", 429, "InternalError", 500),
    "budgets": ("ThrottlingException", 400, "InternalErrorException", 500),
    "service-quotas": ("TooManyRequestsException", 400, "ServiceException", 500),
}
LATENCY_MS = 1500


def faults() -> list[dict]:
    plan = []
    for service, (throttle, throttle_status, error, error_status) in SERVICES.items():
        plan.append({"service": service, "count": 1, "error_code": throttle, "status": throttle_status, "message": "Rate exceeded"})
        plan.append(
            {"service": service, "count": 1, "error_code": error, "status": error_status, "message": "We encountered an internal error. Please try again."}
        )
        plan.append({"service": service, "count": 2, "latency_ms": LATENCY_MS})
    return plan
