"""One table of rule codes (app/rule_codes.toml), held to the code: every code raised is in it with the status it is
raised with, every code in it is raised, the API description lists them all, and a page maps only codes that are
raised (a mapping for a code nothing raises is dead, and hides drift)."""

import ast
from collections import defaultdict
from pathlib import Path

from fastapi.testclient import TestClient

from app import errors
from app.letter.not_ready import NotReady
from app.letter.render import LetterTemplateError
from app.main import create_app
from app.rule_codes import rule_codes
from app.web import actions, cases, response_form
from app.web.dependencies import CsrfFailed, SignInRequired

APP = Path(__file__).resolve().parents[1] / "app"
# Raised as rule=f"{field}_required" for each of these fields (app/foi_request/service.py).
BUILT_FROM_FIELDS = {"title_required", "request_text_required"}
CLASSES: dict[str, int] = {
    cls.__name__: cls.status_code
    for cls in (
        errors.AppError,
        errors.Unauthorised,
        errors.Forbidden,
        errors.NotFound,
        errors.Conflict,
        errors.PayloadTooLarge,
        errors.PreconditionRequired,
        errors.Unprocessable,
        errors.TooManyRequests,
        errors.ServiceUnavailable,
        SignInRequired,
        CsrfFailed,
        LetterTemplateError,
        NotReady,
    )
}
CLASSES["ClockRuleError"] = 422  # the clock's own error, answered as a 422 (app/foi_request/clock.py)
CLASSES["UnknownExemption"] = 422


def _called(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    return node.func.attr if isinstance(node.func, ast.Attribute) else None


def raised_rules() -> dict[str, set[tuple[str, int | None]]]:
    """Each rule code written in app/, with where it is raised and the status of what raises it."""
    found: dict[str, set[tuple[str, int | None]]] = defaultdict(set)
    for path in APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = _called(node)
            where = f"{path.relative_to(APP)}:{node.lineno}"
            status = CLASSES.get(name or "")
            if name == "ClockRuleError" and node.args and isinstance(node.args[0], ast.Constant):
                found[str(node.args[0].value)].add((where, status))
            for keyword in node.keywords:
                if keyword.arg == "rule" and isinstance(keyword.value, ast.Constant):
                    # A subclass's own __init__ passes its fixed code up (UnknownExemption): its status is the class's.
                    found[str(keyword.value.value)].add((where, status))
    return found


def test_every_code_raised_is_in_the_table_with_its_status() -> None:
    raised = raised_rules()
    assert len(raised) > 100  # the scan finds the service's rules at all
    table = rule_codes()
    unlisted = sorted(set(raised) - table.keys())
    assert not unlisted, f"codes raised but not in app/rule_codes.toml (add them): {unlisted}"
    wrong = {
        code: sorted(f"{where} raises {status}" for where, status in sites if status not in table[code].statuses)
        for code, sites in raised.items()
        if any(status is not None and status not in table[code].statuses for _, status in sites)
    }
    assert not wrong, f"codes raised with a status the table does not give: {wrong}"


def test_every_code_in_the_table_is_raised() -> None:
    source = (APP / "foi_request" / "service.py").read_text(encoding="utf-8")
    assert 'rule=f"{field}_required"' in source
    assert 'for field in ("title", "request_text")' in source
    dead = sorted(rule_codes().keys() - raised_rules().keys() - BUILT_FROM_FIELDS)
    assert not dead, f"codes in app/rule_codes.toml that nothing raises (remove them): {dead}"


def test_each_code_has_a_meaning_and_an_error_status() -> None:
    for code in rule_codes().values():
        assert code.code.isidentifier(), code.code
        assert code.code == code.code.lower(), code.code
        assert len(code.meaning) > 10, code.code
        assert code.meaning.endswith("."), code.code
        assert all(400 <= status < 600 for status in code.statuses), code.code


def test_the_api_description_lists_every_code() -> None:
    schema = TestClient(create_app(run_sweeper=False)).get("/openapi.json").json()
    description = schema["info"]["description"]
    missing = [code for code in rule_codes() if f"| `{code}` |" not in description]
    assert not missing, missing


def test_every_rule_a_page_maps_is_raised_somewhere() -> None:
    raised = raised_rules().keys() | BUILT_FROM_FIELDS
    mappings = {
        "web/cases.py RULE_FIELDS": cases.RULE_FIELDS,
        "web/response_form.py RULE_FIELDS": response_form.RULE_FIELDS,
        "web/actions.py EVENT_RULE_FIELDS": actions.EVENT_RULE_FIELDS,
    }
    dead = {name: sorted(set(m) - raised) for name, m in mappings.items() if set(m) - raised}
    assert not dead, f"pages map rules nothing raises: {dead}"
