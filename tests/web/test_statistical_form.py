"""The decision form: FOIA s36(4) statistical information is recorded without a qualified person's opinion."""

import re

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.document.models import DecisionCitation
from tests.factories import bearer, make_request, make_user
from tests.web.helpers import sign_in, web_user


def test_statistical_s36_needs_no_opinion_on_the_form(client: TestClient, session: Session) -> None:
    _, officer = make_user(session, "officer")
    req = make_request(client, officer, received_on="2025-03-03")
    doc = client.post(
        f"/api/v1/requests/{req['id']}/documents", json={"item": "1", "title": "Figures"}, headers=bearer(officer)
    ).json()
    csrf = sign_in(client, web_user(session, "reviewer"))
    url = f"/cases/{req['id']}/documents/{doc['id']}/decision/initial"
    base = {"csrf_token": csrf, "decided-day": "4", "decided-month": "3", "decided-year": "2025", "version": ""}
    shown = client.post(url, data=base | {"outcome": "withheld", "code-0": "s36(2)(c)", "action": "update"})
    assert shown.status_code == 200
    assert 'name="statistical-0"' in shown.text
    assert "Is the information statistical?" in shown.text
    s43 = client.post(url, data=base | {"outcome": "withheld", "code-0": "s43(2)", "action": "update"})
    assert 'name="statistical-0"' not in s43.text

    missing = client.post(url, data=base | {"outcome": "withheld", "code-0": "s36(2)(c)", "action": "save"})
    assert missing.status_code == 422
    assert "or say that the information is statistical" in missing.text

    # Posted on an exemption that is not s36 (the form never offers it): the service names the rule.
    wrong = client.post(
        url,
        data=base
        | {"outcome": "withheld", "code-0": "s43(2)", "statistical-0": "yes", "pi_conclusion-0": "Withhold."}
        | {"action": "save"},
    )
    assert wrong.status_code == 422
    assert "FOIA s36(4)" in wrong.text

    saved = client.post(
        url,
        data=base
        | {"outcome": "withheld", "code-0": "s36(2)(c)", "statistical-0": "yes", "pi_conclusion-0": "Withhold."}
        | {"action": "save"},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    citation = session.scalars(select(DecisionCitation).where(DecisionCitation.code == "s36(2)(c)")).one()
    assert citation.statistical is True
    assert citation.opinion_id is None
    again = client.get(url)
    assert re.search(r'name="statistical-0"[^>]*value="yes"[^>]*checked', again.text)
