"""The fields, kinds and severities an advert rule may have."""
from __future__ import annotations

import re

SEVERITIES = ("barrier", "caution", "note")
SEVERITY_RANK = {"barrier": 3, "caution": 2, "note": 1}
KINDS = ("pattern", "list", "absent", "gender-word", "gender-balance", "long-sentence", "reading-ease",
         "essential-count")
PATTERN_KINDS = ("pattern", "absent")  # kinds whose `patterns` are required
METRIC_KINDS = ("long-sentence", "reading-ease", "essential-count")
SCOPES = ("sentence", "section", "document")
TEMPLATE_FIELDS = ("{matched}", "{plain}", "{value}", "{limit}")
RULE_FIELDS = frozenset("id category kind label severity match patterns exceptions context only_when only_if unless merge list threshold why "
                        "source suggestion example intervention show_in_text not_evidence".split())
LIST_ENTRY_FIELDS = frozenset(("term", "plain", "meaning", "severity", "exceptions"))
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
