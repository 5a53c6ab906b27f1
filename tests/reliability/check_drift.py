"""Drift: check mode shows every drift and changes nothing; a normal run repairs all of it.

Four kinds of drift are made by hand on the converged environment, with the account's root
key as a person in the console would: the budget's limit raised, the invoke policy detached
from the runtime role, one CloudWatch alarm deleted, the Region's invocation logging turned
off. Then ``site.yml --check --diff`` on the steps that own them (tags iam, observability)
must report each as a change and make no mutating AWS call (the endpoint's call log), and a
normal run of the same steps must put each back. This check owns the drift proof of the
tiers (e2e keeps only a light one).
Figures: drifts, drifts_shown, check_mode_mutating_calls (goal 0), drifts_repaired.
"""

from __future__ import annotations

import common

TAGS = ["--tags", "iam,observability"]
BUDGET = "TicketFlowBedrock-local"
ROLE = "TicketFlowBedrockRuntime-local"
POLICY = "TicketFlowBedrockInvoke-local"
ALARM_PREFIX = "TicketFlowBedrock-local"


def budget_limit() -> float:
    budget = common.client("budgets").describe_budget(AccountId=common.ACCOUNT, BudgetName=BUDGET)["Budget"]
    return float(budget["BudgetLimit"]["Amount"])


def attached() -> list[str]:
    return [p["PolicyName"] for p in common.client("iam").list_attached_role_policies(RoleName=ROLE)["AttachedPolicies"]]


def alarms() -> list[str]:
    return sorted(a["AlarmName"] for a in common.client("cloudwatch").describe_alarms(AlarmNamePrefix=ALARM_PREFIX)["MetricAlarms"])


def logging_on() -> bool:
    return bool(common.client("bedrock").get_model_invocation_logging_configuration().get("loggingConfig"))


def drift() -> dict:
    """Make the four drifts; what the converged state was."""
    before = {"limit": budget_limit(), "attached": attached(), "alarms": alarms(), "logging": logging_on()}
    if not (before["attached"] and before["alarms"] and before["logging"]):
        raise common.CheckFailed(f"the environment is not converged: {before}")
    budgets = common.client("budgets")
    budget = budgets.describe_budget(AccountId=common.ACCOUNT, BudgetName=BUDGET)["Budget"]
    budget["BudgetLimit"]["Amount"] = "999"
    budget.pop("CalculatedSpend", None)
    budgets.update_budget(AccountId=common.ACCOUNT, NewBudget=budget)
    iam = common.client("iam")
    for name in before["attached"]:
        arn = f"arn:aws:iam::{common.ACCOUNT}:policy/{name}"
        arn = next(p["PolicyArn"] for p in iam.list_attached_role_policies(RoleName=ROLE)["AttachedPolicies"] if p["PolicyName"] == name) or arn
        iam.detach_role_policy(RoleName=ROLE, PolicyArn=arn)
    common.client("cloudwatch").delete_alarms(AlarmNames=[before["alarms"][0]])
    common.client("bedrock").delete_model_invocation_logging_configuration()
    return before


# drift: (what check mode must report: a word of a changed task's name, the state is back)
def check() -> None:
    before = drift()
    shown_by = {
        "budget limit": lambda tasks: any("budget" in t.lower() for t in tasks),
        "invoke policy detached": lambda tasks: any("runtime role" in t.lower() for t in tasks),
        "alarm deleted": lambda tasks: any("alarm" in t.lower() for t in tasks),
        "invocation logging off": lambda tasks: any("invocation logging" in t.lower() for t in tasks),
    }
    common.figure("drifts", len(shown_by))
    common.clear_calls()
    checked = common.site("drift-check", "--check", "--diff", *TAGS)
    mutating = common.mutating_calls()
    if checked.rc != 0:
        raise common.CheckFailed(f"check mode on the drifted environment failed ({checked.log}):\n{checked.tail()}")
    tasks = checked.changed_tasks
    shown = [name for name, test in shown_by.items() if test(tasks)]
    common.figure("drifts_shown", len(shown))
    common.figure("check_mode_mutating_calls", len(mutating))
    if "limit_amount: '999'" not in checked.output and "limit_amount: 999" not in checked.output:
        shown_diff = False
    else:
        shown_diff = True
    common.say(f"changed in check mode: {tasks}")
    repaired_run = common.site("drift-repair", *TAGS)
    if repaired_run.rc != 0:
        raise common.CheckFailed(f"the repair run failed ({repaired_run.log}):\n{repaired_run.tail()}")
    after = {"limit": budget_limit(), "attached": attached(), "alarms": alarms(), "logging": logging_on()}
    repaired = sum(1 for key in ("limit", "attached", "alarms", "logging") if after[key] == before[key])
    common.figure("drifts_repaired", repaired)
    if len(shown) < len(shown_by):
        raise common.CheckFailed(f"check mode showed {shown} of {list(shown_by)} (changed tasks: {tasks})")
    if not shown_diff:
        raise common.CheckFailed("the --diff output does not show the drifted budget limit")
    if mutating:
        raise common.CheckFailed(f"check mode made mutating calls: {mutating}")
    if repaired < len(shown_by):
        raise common.CheckFailed(f"the repair run left drift: before {before}, after {after}")


if __name__ == "__main__":
    common.main(check)
