"""Recording the response on the web: each refusal asks what its notice needs, and the letter then states it."""

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.pdf import flat, pdf_text
from tests.web.helpers import assert_forms_carry_csrf, hidden, sign_in, web_user
from tests.web.test_casework import log_request


def _post(client: TestClient, case_id: int, csrf: str, **fields: str):  # type: ignore[no-untyped-def]
    page = client.get(f"/cases/{case_id}/events/new?type=responded")
    assert page.status_code == 200, page.text
    return client.post(
        f"/cases/{case_id}/events/new?type=responded",
        data={"csrf_token": csrf, "version": hidden(page.text, "version")}
        | {"on-day": "1", "on-month": "4", "on-year": "2025"}
        | fields,
        follow_redirects=False,
    )


def test_the_case_page_offers_to_record_the_response(client: TestClient, session: Session, today) -> None:  # type: ignore[no-untyped-def]
    today(date(2025, 4, 1))
    csrf = sign_in(client, web_user(session))
    case_id, _ = log_request(client, csrf)
    case = client.get(f"/cases/{case_id}").text
    assert f'href="/cases/{case_id}/events/new?type=responded"' in case
    form = client.get(f"/cases/{case_id}/events/new?type=responded").text
    assert_forms_carry_csrf(form)
    for name in ("refused_s12__estimate_hours", "refused_s14__provision", "ncnd__exemptions", "not_held__other_holder"):
        assert f'name="{name}"' in form
    assert "more than 18 hours (£450 at £25 an hour)" in form


def test_a_s14_refusal_without_its_subsection_is_sent_back_with_the_answers_kept(
    client: TestClient,
    session: Session,
    today,  # type: ignore[no-untyped-def]
) -> None:
    today(date(2025, 4, 1))
    csrf = sign_in(client, web_user(session))
    case_id, _ = log_request(client, csrf)
    refused = _post(client, case_id, csrf, outcome="refused_s14", refused_s14__reasons="Fortieth request this year.")
    assert refused.status_code == 422
    assert "s14(1)" in refused.text
    assert 'href="#refused_s14__provision"' in refused.text
    assert "Fortieth request this year." in refused.text
    # The ncnd fields of the same page were not sent as part of this outcome.
    ok = _post(
        client,
        case_id,
        csrf,
        outcome="refused_s14",
        refused_s14__provision="s14(1)",
        refused_s14__reasons="Fortieth request this year.",
        ncnd__exemptions="s31(3)",
    )
    assert ok.status_code == 303, ok.text
    letter = client.get(f"/cases/{case_id}/letters/decision.pdf")
    assert letter.status_code == 200
    text = flat(pdf_text(letter.content))
    assert "section 14(1) of the FOI Act" in text
    assert "Fortieth request this year." in text


def test_an_ncnd_response_on_the_web_names_its_provisions(client: TestClient, session: Session, today) -> None:  # type: ignore[no-untyped-def]
    today(date(2025, 4, 1))
    csrf = sign_in(client, web_user(session))
    case_id, _ = log_request(client, csrf)
    wrong = _post(client, case_id, csrf, outcome="ncnd", ncnd__exemptions="s31(1)(a)")
    assert wrong.status_code == 422
    assert 'href="#ncnd__exemptions"' in wrong.text
    assert "cite s31(3)" in wrong.text
    no_pi = _post(client, case_id, csrf, outcome="ncnd", ncnd__exemptions="s31(3)")
    assert 'href="#ncnd__conclusion"' in no_pi.text
    ok = _post(
        client,
        case_id,
        csrf,
        outcome="ncnd",
        ncnd__exemptions="s31(3), s40(5B)",
        ncnd__conclusion="The balance favours neither confirming nor denying.",
    )
    assert ok.status_code == 303, ok.text
    text = flat(pdf_text(client.get(f"/cases/{case_id}/letters/decision.pdf").content))
    assert "section 31(3) of the FOI Act" in text
    assert "section 40(5B) of the FOI Act" in text
    assert "The balance favours neither confirming nor denying." in text


def test_an_event_error_is_shown_at_its_field_by_the_errors_own_field(
    client: TestClient,
    session: Session,
    today,  # type: ignore[no-untyped-def]
) -> None:
    today(date(2025, 4, 1))
    csrf = sign_in(client, web_user(session))
    case_id, _ = log_request(client, csrf)
    page = client.get(f"/cases/{case_id}/events/new?type=fee_notice_issued")
    refused = client.post(
        f"/cases/{case_id}/events/new?type=fee_notice_issued",
        data={"csrf_token": csrf, "version": hidden(page.text, "version")}
        | {"on-day": "1", "on-month": "4", "on-year": "2025", "amount": "-5"},
        follow_redirects=False,
    )
    assert refused.status_code == 422
    assert 'href="#amount"' in refused.text


def test_the_api_names_the_field_an_error_concerns(client: TestClient, session: Session) -> None:
    from tests.factories import bearer, make_request, make_user

    officer = make_user(session, "officer")[1]
    req = make_request(client, officer)
    r = client.post(
        f"/api/v1/requests/{req['id']}/events",
        json={"type": "fee_notice_issued", "on": "2025-03-20", "details": {"amount": "-5"}},
        headers=bearer(officer),
    )
    assert r.status_code == 422
    assert r.json()["field"] == "details.amount"
