# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the roles read earlier in the same run that the readiness report may take instead of reading again.

A read is usable only when it is known to be what AWS holds now:

- ``access``: the models' status bedrock_model_access published (read after
  any change it made, or returned by it when it changed nothing), for the
  same model IDs as the report's;
- ``alarms``: the DescribeAlarms by prefix of bedrock_observability
  (``alarms_found``), when its alarm task then applied nothing
  (``alarms_applied`` is that task's registered result, with no item);
- ``endpoints``: the endpoint read bedrock_network published (after its
  changes), for the report's VPC;
- ``budget``: bedrock_observability's budget task, when it changed nothing
  (its diff is then what AWS holds, before == after) for the same budget
  name and limit.

Anything else (the playbook run alone, another model list, a changed alarm)
is ``None``: the report reads it.
"""


def _access(read, models):
    if not isinstance(read, dict) or not isinstance(read.get("models"), list) or read.get("failed") or read.get("skipped"):
        return None
    ids = [entry.get("id") for entry in read["models"] if isinstance(entry, dict)]
    return read if ids == list(models or []) and ids else None


def _alarms(found, applied):
    if not isinstance(found, dict) or not isinstance(found.get("metric_alarms"), list) or found.get("failed") or found.get("skipped"):
        return None
    if not isinstance(applied, dict) or applied.get("failed") or applied.get("results") != []:
        return None  # an alarm was created, updated or deleted after the read (or we cannot tell)
    return found


def _endpoints(read, vpc_id):
    if not vpc_id or not isinstance(read, dict) or read.get("vpc_id") != vpc_id or not isinstance(read.get("vpc_endpoints"), list):
        return None
    return {"vpc_endpoints": read["vpc_endpoints"]}


def _budget(result, name, limit):
    if not isinstance(result, dict) or result.get("failed") or result.get("skipped") or result.get("changed") is not False:
        return None
    before = (result.get("diff") or {}).get("before") or {}
    if not name or before.get("name") != name or before != (result.get("diff") or {}).get("after"):
        return None
    try:
        same_limit = float(before.get("limit_amount")) == float(limit)
    except (TypeError, ValueError):
        return None
    return result if same_limit else None


def usable_run_reads(run_reads, models=None, vpc_id="", budget_name="", budget_limit=None):
    """{access, alarms, endpoints, budget}: each the same-run read the report may use, or ``None`` (read it)."""
    reads = run_reads if isinstance(run_reads, dict) else {}
    return {
        "access": _access(reads.get("access"), models),
        "alarms": _alarms(reads.get("alarms_found"), reads.get("alarms_applied")),
        "endpoints": _endpoints(reads.get("endpoints"), vpc_id),
        "budget": _budget(reads.get("budget"), budget_name, budget_limit),
    }
