"""A page maps only rule codes the service raises: a mapping for a code nothing raises is dead, and hides drift."""

import re
from pathlib import Path

from app.web import actions, cases, response_form

APP = Path(__file__).resolve().parents[1] / "app"


def raised_rules() -> set[str]:
    found: set[str] = set()
    for path in APP.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'rule\s*=\s*"([a-z0-9_]+)"', text))
        found |= set(re.findall(r'ClockRuleError\(\s*"([a-z0-9_]+)"', text))
    return found


def test_every_rule_a_page_maps_is_raised_somewhere() -> None:
    raised = raised_rules()
    assert len(raised) > 100  # the scan finds the service's rules at all
    mappings = {
        "web/cases.py RULE_FIELDS": cases.RULE_FIELDS,
        "web/response_form.py RULE_FIELDS": response_form.RULE_FIELDS,
        "web/actions.py EVENT_RULE_FIELDS": actions.EVENT_RULE_FIELDS,
    }
    dead = {name: sorted(set(m) - raised) for name, m in mappings.items() if set(m) - raised}
    assert not dead, f"pages map rules nothing raises: {dead}"
