"""IAM on the local endpoint: one evaluator, and everything that feeds it.

- ``evaluator``: AWS's policy evaluation logic (identity, boundary, session,
  resource and trust policies; every condition operator);
- ``principals``: who a key belongs to, and the policies that apply to them;
- ``context``: the request context keys AWS sets;
- ``authentication`` / ``authorization``: the two front-door decisions;
- ``actions`` (+ ``resources``): operation -> IAM action and resource ARN, as data;
- ``gate``: the front door's IAM step for every request;
- ``trust``: STS AssumeRole's trust evaluation and session data;
- ``validation``: IAM document size and principal checks;
- ``boundaries``: user permissions boundaries (moto keeps only roles');
- ``simulate``: SimulatePrincipalPolicy from the same evaluator;
- ``service_credentials``: service-specific credentials (Bedrock long-term API keys among them).
"""

from __future__ import annotations

from local_aws.iam import boundaries, gate, principals, service_credentials, simulate, trust


def install() -> None:
    gate.assert_single_evaluator()
    principals.install()
    boundaries.install()
    trust.install()
    simulate.install()
    service_credentials.install()
