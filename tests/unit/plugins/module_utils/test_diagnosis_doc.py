# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""docs/diagnosis.md documents exactly the codes of diagnosis.CODES."""

import pathlib
import re

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
