"""The officer's and reviewer's pages end to end through the real app (no browser): forms, errors, safeguards."""

import re
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.document.models import Decision
from app.foi_request.models import FoiRequest
from tests.web.helpers import assert_forms_carry_csrf, hidden, sign_in, web_user

REQUEST_FORM = {
    "requester_name": "Alex Requester",
    "requester_email": "alex@example.net",
    "requester_address": "",
    "requester_organisation": "",
    "received-day": "14",
    "received-month": "3",
    "received-year": "2025",
    "regime": "foia",
    "title": "Board papers, private session",
    "request_text": "Please send the papers for the private session of the September board.",
}


def log_request(client: TestClient, csrf: str, **overrides: str) -> tuple[int, str]:
    page = client.get("/cases/new")
    form = REQUEST_FORM | {"csrf_token": csrf, "form_key": hidden(page.text, "form_key")} | overrides
    response = client.post("/cases/new", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    case_id = int(re.search(r"/cases/(\d+)", location).group(1))  # type: ignore[union-attr]
    return case_id, location


def test_logging_a_request_shows_its_reference_and_due_date(client: TestClient, session: Session, today) -> None:  # type: ignore[no-untyped-def]
    today(date(2025, 3, 20))
    officer = web_user(session)
    csrf = sign_in(client, officer)
    page = client.get("/cases/new")
    assert 'value="20"' in page.text
    assert 'value="2025"' in page.text
    _case_id, location = log_request(client, csrf)
    case = client.get(location)
    assert case.status_code == 200
    # Received Fri 14 Mar 2025: the 20th working day after, skipping St Patrick's Day (a bank holiday in
    # Northern Ireland, so not a working day anywhere for FOIA s10(6)), is Mon 14 Apr 2025.
    assert re.search(r"Its reference is FOI-2025-\d{6}\. It is due on 14 April 2025\.", case.text)
    assert "Show how the due date was worked out" in case.text
    assert "Alex Requester" in case.text


def clock_row(html: str, key: str) -> str | None:
    found = re.search(
        rf'<dt class="govuk-summary-list__key">\s*{re.escape(key)}\s*</dt>\s*<dd class="govuk-summary-list__value">'
        r"\s*(.*?)\s*</dd>",
        html,
    )
    return found.group(1) if found else None


def test_the_clock_shows_days_left_while_it_runs_and_days_used_once_it_stops(  # type: ignore[no-untyped-def]
    client: TestClient, session: Session, today
) -> None:
    today(date(2025, 3, 20))
    csrf = sign_in(client, web_user(session))
    case_id, location = log_request(client, csrf)
    # Received Fri 14 Mar 2025, due Mon 14 Apr; from Thu 20 Mar: 21, 24-28, 31 Mar and 1-4, 7-11, 14 Apr.
    running = client.get(location).text
    assert clock_row(running, "Working days left") == "17"
    assert clock_row(running, "Working days used before the clock stopped") is None

    page = client.get(f"/cases/{case_id}/events/new?type=clarification_requested")
    asked = client.post(
        f"/cases/{case_id}/events/new?type=clarification_requested",
        data={"csrf_token": csrf, "version": hidden(page.text, "version")}
        | {"on-day": "20", "on-month": "3", "on-year": "2025", "note": "Which board?"},
        follow_redirects=False,
    )
    assert asked.status_code == 303, asked.text
    stopped = client.get(f"/cases/{case_id}").text
    # FOIA s1(3): the clock stops on the day clarification is sought; 18 and 19 Mar were used (St Patrick's Day,
    # 17 Mar, is not a working day).
    assert clock_row(stopped, "Working days used before the clock stopped") == "2 of 20"
    assert clock_row(stopped, "Working days left") is None

    today(date(2025, 4, 16))
    page = client.get(f"/cases/{case_id}/events/new?type=clarification_received")
    answered = client.post(
        f"/cases/{case_id}/events/new?type=clarification_received",
        data={"csrf_token": csrf, "version": hidden(page.text, "version")}
        | {"on-day": "1", "on-month": "4", "on-year": "2025"},
        follow_redirects=False,
    )
    assert answered.status_code == 303, answered.text
    # Clarification received Tue 1 Apr restarts the clock afresh (s1(3), s10(6)): the 20th working day after it,
    # skipping Good Friday 18 Apr and Easter Monday 21 Apr, is Thu 1 May; from 16 Apr: 17, 22-25, 28-30 Apr, 1 May.
    restarted = client.get(f"/cases/{case_id}").text
    assert clock_row(restarted, "Due (FOIA 2000 s1 and s10)") == "1 May 2025"
    assert clock_row(restarted, "Working days left") == "9"

    today(date(2025, 5, 1))
    assert clock_row(client.get(f"/cases/{case_id}").text, "Working days left") == "0 (due today)"
    # Fri 2 May, then Tue 6 May (the early May bank holiday, Mon 5 May, skipped).
    today(date(2025, 5, 6))
    assert clock_row(client.get(f"/cases/{case_id}").text, "Working days left") == "Overdue by 2 working days"


def test_the_dashboard_counts_days_left_in_each_case_s_own_working_days(  # type: ignore[no-untyped-def]
    client: TestClient, session: Session, today
) -> None:
    today(date(2025, 3, 10))
    csrf = sign_in(client, web_user(session))
    fields = {"received-day": "3", "received-month": "3", "received-year": "2025"}
    _, foisa = log_request(client, csrf, regime="foisa", title="Scottish request", **fields)
    _, foia = log_request(client, csrf, regime="foia", title="English request", **fields)
    # From Mon 10 Mar, FOISA s73 counts St Patrick's Day (17 Mar, a holiday in Northern Ireland only) as a working
    # day and FOIA s10(6) does not: due Mon 31 Mar with 15 working days left, and Tue 1 Apr with 15 left.
    assert clock_row(client.get(foisa).text, "Working days left") == "15"
    assert clock_row(client.get(foia).text, "Working days left") == "15"
    rows = client.get("/dashboard?view=open").text
    for title, due in (("Scottish request", "31 Mar 2025"), ("English request", "1 Apr 2025")):
        row = re.search(rf"{title}.*?</tr>", rows, re.S)
        assert row is not None, title
        assert due in row.group(0), (title, row.group(0))
        assert "15 working days left" in row.group(0), (title, row.group(0))


def test_bad_input_is_shown_beside_the_fields_and_kept(client: TestClient, session: Session) -> None:
    officer = web_user(session)
    csrf = sign_in(client, officer)
    page = client.get("/cases/new")
    form = REQUEST_FORM | {
        "csrf_token": csrf,
        "form_key": hidden(page.text, "form_key"),
        "requester_name": "",
        "requester_email": "not an email",
        "received-day": "31",
        "received-month": "2",
        "title": "Kept title",
    }
    before = session.scalar(select(func.count()).select_from(FoiRequest))
    response = client.post("/cases/new", data=form)
    assert response.status_code == 422
    assert "There is a problem" in response.text
    assert 'href="#requester_name"' in response.text
    assert "Enter the requester&#39;s name" in response.text
    assert "must be a real date" in response.text
    assert "in the correct format" in response.text
    assert 'value="Kept title"' in response.text
    assert 'value="not an email"' in response.text
    assert response.text.startswith("<!DOCTYPE html>")
    assert "<title>Error: " in response.text
    assert session.scalar(select(func.count()).select_from(FoiRequest)) == before


def test_a_double_submit_creates_one_request(client: TestClient, session: Session) -> None:
    officer = web_user(session)
    csrf = sign_in(client, officer)
    page = client.get("/cases/new")
    form = REQUEST_FORM | {"csrf_token": csrf, "form_key": hidden(page.text, "form_key"), "title": "Only once"}
    first = client.post("/cases/new", data=form, follow_redirects=False)
    second = client.post("/cases/new", data=form, follow_redirects=False)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert session.scalar(select(func.count()).where(FoiRequest.title == "Only once")) == 1


def test_full_case_through_the_pages(client: TestClient, session: Session, today) -> None:  # type: ignore[no-untyped-def]
    today(date(2025, 4, 1))
    officer = web_user(session, "officer", "Olive Officer")
    reviewer = web_user(session, "reviewer", "Rita Reviewer")
    csrf = sign_in(client, officer)
    case_id, _ = log_request(client, csrf)
    for item, title in (("1", "Minutes"), ("2", "Options paper"), ("3", "Enforcement plan")):
        response = client.post(
            f"/cases/{case_id}/documents/new",
            data={"csrf_token": csrf, "item": item, "title": title, "action": "done"},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
    duplicate = client.post(f"/cases/{case_id}/documents/new", data={"csrf_token": csrf, "item": "1", "title": "Again"})
    assert duplicate.status_code == 409
    assert "already has an item" in duplicate.text
    # The officer records the qualified person's opinion given on paper.
    response = client.post(
        f"/cases/{case_id}/opinions/new",
        data={
            "csrf_token": csrf,
            "limbs": "s36(2)(b)(ii)",
            "opinion_on-day": "25",
            "opinion_on-month": "3",
            "opinion_on-year": "2025",
            "name": "Quinn Qualified",
            "role": "Chief Executive",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    client.post("/sign-out", data={"csrf_token": csrf})

    csrf = sign_in(client, reviewer)
    case = client.get(f"/cases/{case_id}")
    doc_ids = [int(m) for m in re.findall(rf"/cases/{case_id}/documents/(\d+)/decision/initial", case.text)]
    assert len(doc_ids) == 3
    base = {"csrf_token": csrf, "decided-day": "1", "decided-month": "4", "decided-year": "2025", "version": ""}
    disclosed = client.post(
        f"/cases/{case_id}/documents/{doc_ids[0]}/decision/initial",
        data=base | {"outcome": "disclosed", "code-0": "", "action": "save"},
        follow_redirects=False,
    )
    assert disclosed.status_code == 303, disclosed.text
    # Choosing s36(2)(b)(ii) without the opinion or the public interest test: both are asked for, by field.
    missing = client.post(
        f"/cases/{case_id}/documents/{doc_ids[1]}/decision/initial",
        data=base | {"outcome": "withheld", "code-0": "s36(2)(b)(ii)", "action": "save"},
    )
    assert missing.status_code == 422
    assert 'href="#pi_conclusion-0"' in missing.text
    assert 'href="#opinion-0"' in missing.text
    assert "Quinn Qualified" in missing.text  # the recorded opinion is offered
    assert_forms_carry_csrf(missing.text)
    opinion_id = re.search(r'<option value="(\d+)"[^>]*>Quinn Qualified', missing.text).group(1)  # type: ignore[union-attr]
    withheld = client.post(
        f"/cases/{case_id}/documents/{doc_ids[1]}/decision/initial",
        data=base
        | {
            "outcome": "withheld",
            "code-0": "s36(2)(b)(ii)",
            "opinion-0": opinion_id,
            "pi_for-0": "Transparency.",
            "pi_against-0": "Safe space.",
            "pi_conclusion-0": "The public interest favours withholding while the options are live.",
            "action": "save",
        },
        follow_redirects=False,
    )
    assert withheld.status_code == 303, withheld.text
    # s31(1)(g) needs its s31(2) purpose.
    no_purpose = client.post(
        f"/cases/{case_id}/documents/{doc_ids[2]}/decision/initial",
        data=base
        | {"outcome": "withheld_in_part", "code-0": "s31(1)(g)", "pi_conclusion-0": "Withhold.", "action": "save"},
    )
    assert no_purpose.status_code == 422
    assert 'href="#purposes-0"' in no_purpose.text
    partly = client.post(
        f"/cases/{case_id}/documents/{doc_ids[2]}/decision/initial",
        data=base
        | {
            "outcome": "withheld_in_part",
            "code-0": "s31(1)(g)",
            "purposes-0": "s31(2)(c)",
            "pi_conclusion-0": "Withhold the enforcement tactics.",
            "action": "save",
        },
        follow_redirects=False,
    )
    assert partly.status_code == 303, partly.text
    assert session.scalar(select(func.count()).select_from(Decision).where(Decision.request_id == case_id)) == 3
    client.post("/sign-out", data={"csrf_token": csrf})

    csrf = sign_in(client, officer)
    letters = client.get(f"/cases/{case_id}/letters")
    assert f'action="/cases/{case_id}/letters/decision/issue"' in letters.text
    assert_forms_carry_csrf(letters.text)
    assert_forms_carry_csrf(client.get("/cases/new").text)
    version = hidden(letters.text, "version")
    issued = client.post(
        f"/cases/{case_id}/letters/decision/issue",
        data={"csrf_token": csrf, "version": version},
        follow_redirects=False,
    )
    assert issued.status_code == 303, issued.text
    page = client.get(f"/cases/{case_id}/letters")
    pdf_link = re.search(rf'href="(/cases/{case_id}/letters/issued/\d+\.pdf)"', page.text).group(1)  # type: ignore[union-attr]
    pdf = client.get(pdf_link)
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    published = client.post(f"/cases/{case_id}/publish", data={"csrf_token": csrf}, follow_redirects=False)
    assert published.status_code == 303, published.text
    reference = session.get(FoiRequest, case_id).reference  # type: ignore[union-attr]
    public = client.get(f"/disclosure-log/{reference}")
    assert public.status_code == 200
    assert "Alex Requester" not in public.text
    assert "alex@example.net" not in public.text


def test_a_stale_form_says_so_and_keeps_what_was_typed(client: TestClient, session: Session, today) -> None:  # type: ignore[no-untyped-def]
    today(date(2025, 4, 1))
    officer = web_user(session)
    csrf = sign_in(client, officer)
    case_id, _ = log_request(client, csrf)
    form_page = client.get(f"/cases/{case_id}/events/new?type=clarification_requested")
    stale_version = hidden(form_page.text, "version")
    # Someone else records an event first.
    first = client.post(
        f"/cases/{case_id}/events/new?type=withdrawn",
        data={"csrf_token": csrf, "version": stale_version, "on-day": "20", "on-month": "3", "on-year": "2025"},
        follow_redirects=False,
    )
    assert first.status_code == 303, first.text
    response = client.post(
        f"/cases/{case_id}/events/new?type=clarification_requested",
        data={
            "csrf_token": csrf,
            "version": stale_version,
            "on-day": "21",
            "on-month": "3",
            "on-year": "2025",
            "note": "Asked which meeting they meant",
        },
    )
    assert response.status_code == 409
    assert "Someone else changed this case" in response.text
    assert "Asked which meeting they meant" in response.text
    assert hidden(response.text, "version") != stale_version


def test_pages_that_do_not_exist_are_gov_uk_404s(client: TestClient, session: Session) -> None:
    officer = web_user(session)
    sign_in(client, officer)
    for path in ("/cases/999999", "/cases/abc", "/no-such-page", "/cases/999999/letters"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "govuk-heading-l" in response.text


def test_admin_adds_a_user_who_can_then_sign_in(client: TestClient, session: Session) -> None:
    admin = web_user(session, "admin")
    csrf = sign_in(client, admin)
    short = client.post(
        "/admin/users/new",
        data={
            "csrf_token": csrf,
            "name": "New Person",
            "email": "new.person@example.org",
            "role": "reviewer",
            "password": "short",
        },
    )
    assert short.status_code == 422
    assert "at least 12 characters" in short.text
    added = client.post(
        "/admin/users/new",
        data={
            "csrf_token": csrf,
            "name": "New Person",
            "email": "new.person@example.org",
            "role": "reviewer",
            "team": "Corporate",
            "password": "purple otter lantern",
        },
        follow_redirects=False,
    )
    assert added.status_code == 303
    listing = client.get("/admin/users")
    assert "New Person" in listing.text
    assert "Corporate" in listing.text
    client.post("/sign-out", data={"csrf_token": csrf})
    page = client.get("/sign-in")
    response = client.post(
        "/sign-in",
        data={
            "email": "new.person@example.org",
            "password": "purple otter lantern",
            "sign_in_token": hidden(page.text, "sign_in_token"),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303


def test_changing_the_case_details_recomputes_and_guards_against_stale_edits(  # type: ignore[no-untyped-def]
    client: TestClient, session: Session, today
) -> None:
    today(date(2025, 4, 1))
    officer = web_user(session)
    other = web_user(session, "officer", "Other Officer")
    csrf = sign_in(client, officer)
    case_id, _ = log_request(client, csrf)
    page = client.get(f"/cases/{case_id}/edit")
    assert_forms_carry_csrf(page.text)
    version = hidden(page.text, "version")
    form = REQUEST_FORM | {
        "csrf_token": csrf,
        "version": version,
        "received-day": "19",  # corrected to Wednesday 19 March 2025
        "assigned_to": str(other.id),
        "title": "Board papers (corrected)",
    }
    saved = client.post(f"/cases/{case_id}/edit", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    req = session.get(FoiRequest, case_id)
    assert req is not None
    session.refresh(req)
    assert req.title == "Board papers (corrected)"
    assert req.assigned_to_id == other.id
    assert req.due_on == date(2025, 4, 16)  # the clock is worked out again: 20 working days after 19 March
    # The same form again, with the version it was opened at: someone (this officer) has since saved it.
    stale = client.post(f"/cases/{case_id}/edit", data=form | {"title": "Lost update?"})
    assert stale.status_code == 409
    assert "Someone else changed this case" in stale.text
    assert 'value="Lost update?"' in stale.text
    session.refresh(req)
    assert req.title == "Board papers (corrected)"
    missing = client.post(f"/cases/{case_id}/edit", data=form | {"version": str(req.version), "requester_name": ""})
    assert missing.status_code == 422
    assert "Enter the requester&#39;s name" in missing.text


def test_a_value_the_database_cannot_store_is_a_page_not_json(client: TestClient, session: Session) -> None:
    csrf = sign_in(client, web_user(session))
    page = client.get("/cases/new")
    form = REQUEST_FORM | {"csrf_token": csrf, "form_key": hidden(page.text, "form_key"), "title": "Board\u0000papers"}
    response = client.post("/cases/new", data=form, follow_redirects=False)
    if session.get_bind().dialect.name == "postgresql":  # PostgreSQL text cannot hold a NUL; SQLite stores it
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("text/html")
        assert "cannot be stored" in response.text
    else:
        assert response.status_code == 303, response.text


def test_an_edit_that_does_not_say_which_version_it_read_saves_nothing(  # type: ignore[no-untyped-def]
    client: TestClient, session: Session, today
) -> None:
    today(date(2025, 4, 1))
    csrf = sign_in(client, web_user(session))
    case_id, _ = log_request(client, csrf)
    page = client.get(f"/cases/{case_id}/edit")
    assert hidden(page.text, "version") == "1"  # the form carries the version it shows
    form = REQUEST_FORM | {"csrf_token": csrf, "title": "Overwrite unseen?"}
    response = client.post(f"/cases/{case_id}/edit", data=form)
    assert response.status_code == 428
    assert "did not say which version" in response.text
    assert hidden(response.text, "version") == "1"
    req = session.get(FoiRequest, case_id)
    assert req is not None
    session.refresh(req)
    assert (req.title, req.version) == (REQUEST_FORM["title"], 1)


def test_a_foisa_case_offers_foisa_exemptions_and_no_extension(client: TestClient, session: Session, today) -> None:  # type: ignore[no-untyped-def]
    today(date(2025, 4, 1))
    csrf = sign_in(client, web_user(session, "officer", "Fiona Officer"))
    case_id, location = log_request(client, csrf, regime="foisa", title="Scottish request")
    page = client.get(location).text
    assert "Extend the deadline" not in page  # FOISA has no extension (law.md section 10)
    response = client.post(
        f"/cases/{case_id}/documents/new",
        data={"csrf_token": csrf, "item": "1", "title": "Enforcement plan", "action": "done"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    client.post("/sign-out", data={"csrf_token": csrf})
    csrf = sign_in(client, web_user(session, "reviewer", "Rory Reviewer"))
    doc_id = int(re.findall(rf"/cases/{case_id}/documents/(\d+)/decision/initial", client.get(location).text)[0])
    form = client.get(f"/cases/{case_id}/documents/{doc_id}/decision/initial").text
    assert "s30(b)(i)" in form
    assert "s36(2)(b)(ii)" not in form  # FOIA's s36 limbs are not offered on a FOISA case
    base = {"csrf_token": csrf, "decided-day": "1", "decided-month": "4", "decided-year": "2025", "version": ""}
    no_purpose = client.post(
        f"/cases/{case_id}/documents/{doc_id}/decision/initial",
        data=base | {"outcome": "withheld", "code-0": "s35(1)(g)", "pi_conclusion-0": "Withhold.", "action": "save"},
    )
    assert no_purpose.status_code == 422
    assert "For which s35(2) purpose does the function exist?" in no_purpose.text
    saved = client.post(
        f"/cases/{case_id}/documents/{doc_id}/decision/initial",
        data=base
        | {
            "outcome": "withheld",
            "code-0": "s35(1)(g)",
            "purposes-0": "s35(2)(c)",
            "pi_conclusion-0": "Withhold the enforcement tactics.",
            "action": "save",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
