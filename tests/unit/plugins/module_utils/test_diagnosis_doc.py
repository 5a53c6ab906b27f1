# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""docs/diagnosis.md documents exactly the codes of diagnosis.CODES."""

import pathlib
import re

import yaml

from ansible_collections.ticketflow.bedrock.plugins.module_utils.diagnosis import CODES

DOC = pathlib.Path(__file__).resolve().parents[4] / "docs" / "diagnosis.md"


def documented_codes():
    text = DOC.read_text(encoding="utf-8")
    section = text.split("\n## Codes\n", 1)[1].split("\n## ", 1)[0]
    return [m.group(1) for m in re.finditer(r"^\| `([a-z0-9_]+)` \|", section, re.M)]


def test_every_code_is_documented_once_and_nothing_else():
    codes = documented_codes()
    assert len(codes) == len(set(codes)), "a code is documented twice"
    assert set(codes) == set(CODES), "in the doc only: %s; in the code only: %s" % (sorted(set(codes) - set(CODES)), sorted(set(CODES) - set(codes)))


FRAGMENT = pathlib.Path(__file__).resolve().parents[4] / "plugins" / "doc_fragments" / "diagnosis.py"
MODULES = pathlib.Path(__file__).resolve().parents[4] / "plugins" / "modules"


def test_the_doc_fragment_lists_exactly_the_codes_in_their_order():
    from ansible_collections.ticketflow.bedrock.plugins.doc_fragments.diagnosis import ModuleDocFragment

    returned = yaml.safe_load(ModuleDocFragment.RETURN)
    text = " ".join(returned["diagnosis"]["contains"]["code"]["description"])
    assert re.findall(r"V\(([a-z0-9_]+)\)", text) == list(CODES)


def test_every_module_that_can_return_a_diagnosis_documents_it_with_the_fragment():
    users = []
    for path in sorted(MODULES.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        if not re.search(r"fail_with_diagnosis|fail_with_aws_error|diagnosis=", source):
            continue
        users.append(path.stem)
        returned = source.split('RETURN = r"""', 1)[1].split('"""', 1)[0]
        document = yaml.safe_load(returned)
        assert "ticketflow.bedrock.diagnosis" in (document.get("extends_documentation_fragment") or []), path.name
        assert "diagnosis" not in document, "%s documents diagnosis itself; the fragment does" % path.name
    assert "bedrock_invoke_test" in users and "bedrock_model_access" in users
