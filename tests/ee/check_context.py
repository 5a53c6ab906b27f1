# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Checks the execution environment's build context that `ansible-builder create` made.

usage: check_context.py CONTEXT REPO COLLECTIONS_TREE

What an image build would do is replayed as far as it can be without a container
engine: the galaxy stage's install of this collection from the context (same
working directory, same requirements file), then the builder stage's
introspection of the installed collections. The pins are compared with what
the tests run with (requirements/constraints.txt and the amazon.aws and
community.aws in COLLECTIONS_TREE). Prints one line per check and
"N passed, N failed"; exits 1 when a check fails.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import yaml
from packaging.specifiers import SpecifierSet

RESULTS = []


def check(name, ok, detail=""):
    RESULTS.append(bool(ok))
    print("%s  %s%s" % ("ok  " if ok else "FAIL", name, (": %s" % detail) if detail and not ok else ""))


def constraints(repo):
    pins = {}
    for line in (repo / "requirements" / "constraints.txt").read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)$", line.strip())
        if match:
            pins[match.group(1).lower().replace("_", "-")] = match.group(2)
    return pins


def pinned(lines):
    pins = {}
    for line in lines:
        match = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line.strip())
        if match:
            pins[match.group(1).lower().replace("_", "-")] = match.group(2)
    return pins


def manifest_version(collection_dir):
    return json.loads((collection_dir / "MANIFEST.json").read_text())["collection_info"]["version"]


def main(context, repo, tree):
    build = context / "_build"
    galaxy = yaml.safe_load((repo / "galaxy.yml").read_text())
    pins = constraints(repo)

    containerfile = (context / "Containerfile").read_text() if (context / "Containerfile").is_file() else ""
    check("Containerfile written", containerfile)
    refs = re.search(r'^ARG ANSIBLE_INSTALL_REFS="([^"]*)"', containerfile, re.M)
    refs = pinned(refs.group(1).split()) if refs else {}
    for package in ("ansible-core", "ansible-runner"):
        check("%s pinned to the tested %s" % (package, pins.get(package)), refs.get(package) == pins.get(package), "Containerfile has %s" % refs.get(package))
    check("galaxy stage installs requirements.yml", "ansible-galaxy collection install" in containerfile and "-r requirements.yml" in containerfile)
    check("builder stage introspects the collections", "introspect.py introspect" in containerfile)

    python_pins = pinned((build / "requirements.txt").read_text().splitlines()) if (build / "requirements.txt").is_file() else {}
    for package in ("boto3", "botocore"):
        check(
            "%s pinned to the tested %s" % (package, pins.get(package)),
            python_pins.get(package) == pins.get(package),
            "context has %s" % python_pins.get(package),
        )

    requirements = yaml.safe_load((build / "requirements.yml").read_text()) if (build / "requirements.yml").is_file() else {}
    entries = {(c.get("name") if isinstance(c, dict) else c): c for c in requirements.get("collections", [])}
    for name in ("amazon.aws", "community.aws"):
        tested = manifest_version(tree / "ansible_collections" / name.replace(".", "/"))
        wanted = str((entries.get(name) or {}).get("version", ""))
        check("%s pinned to the tested %s" % (name, tested), wanted == tested, "requirements.yml has %r" % wanted)
        allowed = SpecifierSet(galaxy["dependencies"][name].replace(" ", ""))
        check("%s %s within galaxy.yml's range %s" % (name, wanted, allowed), wanted in allowed)

    own = [c for c in entries.values() if isinstance(c, dict) and c.get("type") == "file"]
    check("this collection comes from a file in the context", len(own) == 1)
    tarball = build / own[0]["name"] if own else build / "missing"
    check("the collection tarball is in the context", tarball.is_file(), str(tarball))
    if not tarball.is_file():
        return
    with tarfile.open(tarball) as tar:
        names = tar.getnames()
        info = json.load(tar.extractfile("MANIFEST.json"))["collection_info"]
    check(
        "the tarball is ticketflow.bedrock %s" % galaxy["version"],
        (info["namespace"], info["name"], info["version"]) == ("ticketflow", "bedrock", galaxy["version"]),
        "%s.%s %s" % (info["namespace"], info["name"], info["version"]),
    )
    check("the tarball has the modules and runtime", "meta/runtime.yml" in names and any(n.startswith("plugins/modules/") for n in names))
    shipped = sorted({n.split("/")[0] for n in names if n.split("/")[0] in ("local_aws", "reports", "scripts", "requirements", "benchmarks", ".git")})
    check("the tarball ships no test tooling or run output", not shipped, ", ".join(shipped))

    # The galaxy stage, replayed: the same command in the same working directory,
    # for the entry of this collection (the others come from Galaxy).
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        local_requirements = tmp / "requirements-local.yml"
        local_requirements.write_text(yaml.safe_dump({"collections": own}))
        install = subprocess.run(
            [
                "ansible-galaxy",
                "collection",
                "install",
                "--offline",
                "--no-deps",
                "-r",
                str(local_requirements),
                "--collections-path",
                str(tmp / "collections"),
            ],
            cwd=build,
            # Only the image's empty collections path: a copy installed elsewhere on this machine must not count.
            env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(tmp / "collections"), HOME=str(tmp)),
            capture_output=True,
            text=True,
            check=False,
        )
        installed = tmp / "collections" / "ansible_collections" / "ticketflow" / "bedrock"
        check("the galaxy stage installs it from the context", install.returncode == 0 and installed.is_dir(), install.stderr.strip()[-400:])
        if not installed.is_dir():
            return
        for name in ("amazon", "community"):
            shutil.copytree(tree / "ansible_collections" / name, tmp / "collections" / "ansible_collections" / name, symlinks=False)
        modules = subprocess.run(
            ["ansible-doc", "--list", "--json", "ticketflow.bedrock", "-t", "module"],
            env={"ANSIBLE_COLLECTIONS_PATH": str(tmp / "collections"), "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=False,
        )
        listed = json.loads(modules.stdout or "{}")
        check("the installed collection's modules load (ansible-doc)", "ticketflow.bedrock.budget" in listed, modules.stderr.strip()[-400:])

        # The builder stage, replayed: introspection of the installed collections
        # plus the EE's own pins gives the pip requirements of the image.
        introspect = subprocess.run(
            [
                sys.executable,
                str(build / "scripts" / "introspect.py"),
                "introspect",
                str(tmp / "collections"),
                "--user-pip=%s" % (build / "requirements.txt"),
                "--write-pip=%s" % (tmp / "pip.txt"),
                "--write-bindep=%s" % (tmp / "bindep.txt"),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        pip_lines = (tmp / "pip.txt").read_text().splitlines() if (tmp / "pip.txt").is_file() else []
        check("the builder stage's introspection succeeds", introspect.returncode == 0, introspect.stderr.strip()[-400:])
        merged = "\n".join(pip_lines)
        for package in ("boto3", "botocore"):
            check(
                "the image's pip requirements pin %s==%s" % (package, pins.get(package)),
                re.search(r"^%s==%s\b" % (package, re.escape(pins.get(package, "?"))), merged, re.M),
                merged,
            )
        check("this collection's own requirements are introspected", "ticketflow.bedrock" in merged, merged)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
    passed = sum(RESULTS)
    print("ee: %d passed, %d failed" % (passed, len(RESULTS) - passed))
    sys.exit(0 if RESULTS and all(RESULTS) else 1)
