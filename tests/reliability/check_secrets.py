"""Secrets: no secret access key and no session token anywhere a run leaves text.

On the converged environment (dev-user path on, so a real IAM key exists and its secret key
sits in Secrets Manager), the dev user's key is rotated by a run of the iam, validate and app
steps at ``-vvvv`` with ``ANSIBLE_DEBUG=1`` (the validate step assumes the runtime role, so
session tokens are issued too). The secret access keys before and after the rotation are read
from the endpoint; then the run's whole output, the output directory (readiness reports, app
hosts' files) and the endpoint's call log are searched for them and for any session token
(the endpoint's STS token prefix, and AWS's).

The one file allowed to hold the key is the app host's environment file of the dev-user path
(its purpose), and only with mode 0600; any other copy (a backup, a report, a log) counts.
Figures: secrets_searched_bytes, secrets_found (goal 0).
"""

from __future__ import annotations

import json
import os
import stat

import common

SECRET = "ticketflow/bedrock/local/dev-user-access-key"
TOKEN_PREFIXES = ("FQoGZXIvYXdzEBYaD", "IQoJb3JpZ2lu", "FwoGZXIvYXdz")  # the endpoint's STS, AWS's two


def secret_key() -> str:
    value = common.client("secretsmanager").get_secret_value(SecretId=SECRET)["SecretString"]
    return json.loads(value)["SecretAccessKey"]


def check() -> None:
    before = secret_key()
    env = {"ANSIBLE_DEBUG": "1"}
    run = common.site("secrets-vvvv", "--tags", "iam,validate,app", "-vvvv", "-e", "bedrock_iam_dev_user_key_max_age_days=0", env=env)
    if run.rc != 0:
        raise common.CheckFailed(f"the -vvvv run failed ({run.log}):\n{run.tail()}")
    after = secret_key()
    if after == before:
        raise common.CheckFailed("the key was not rotated: the -vvvv run never handled a new secret key")
    needles = [before, after, *TOKEN_PREFIXES]
    output_dir = common.WORK / "output"
    env_files = set(output_dir.rglob("bedrock.env"))
    found: list[str] = []
    searched = 0
    texts = [(str(run.log), run.output), ("call log", json.dumps(common.calls()))]
    for path in sorted(p for p in output_dir.rglob("*") if p.is_file()):
        texts.append((str(path), path.read_text(encoding="utf-8", errors="replace")))
    for where, text in texts:
        searched += len(text)
        for needle in needles:
            if needle not in text:
                continue
            if where in {str(p) for p in env_files} and needle == after:
                mode = stat.S_IMODE(os.stat(where).st_mode)
                if mode == 0o600:
                    continue  # the dev-user path's credentials file, as designed
                found.append(f"{where} (mode {mode:o})")
                continue
            found.append(f"{where}: {'secret access key' if needle in (before, after) else 'session token'}")
    if not env_files:
        raise common.CheckFailed(f"no app environment file under {output_dir}: the app step did not run")
    common.figure("secrets_searched_bytes", searched)
    common.figure("secrets_found", len(found))
    if found:
        raise common.CheckFailed(f"secrets found: {found}")


if __name__ == "__main__":
    common.main(check)
