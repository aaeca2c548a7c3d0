"""Clock events over the API: the due date follows the whole history, in any entry order."""

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import bearer, make_request, make_user


@pytest.fixture
def officer(session: Session) -> str:
    return make_user(session, "officer")[1]


def post_event(client: TestClient, token: str, request_id: int, type_: str, on: str, **details: object):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/requests/{request_id}/events",
        json={"type": type_, "on": on, "details": details},
        headers=bearer(token),
    )


def test_fee_notice_pauses_the_clock(client: TestClient, officer: str) -> None:
    # law.md example 15: received Mon 3 Mar 2025, notice Mon 10 Mar, paid Fri 14 Mar -> due Tue 8 Apr 2025.
    req = make_request(client, officer, received_on="2025-03-03")
    assert req["due_on"] == "2025-04-01"
    notice = post_event(client, officer, req["id"], "fee_notice_issued", "2025-03-10", amount="25.00")
    assert notice.status_code == 201, notice.text
    assert notice.json()["request"]["status"] == "on_hold_fee"
    assert notice.json()["request"]["due_on"] is None
    paid = post_event(client, officer, req["id"], "fee_paid", "2025-03-14")
    assert paid.json()["request"]["due_on"] == "2025-04-08"
    assert paid.json()["request"]["status"] == "open"


def test_clarification_restarts_the_clock(client: TestClient, officer: str) -> None:
    # law.md example 16: received Mon 3 Feb 2025, clarification received Thu 20 Feb -> Fri 21 Mar 2025.
    req = make_request(client, officer, received_on="2025-02-03")
    assert req["due_on"] == "2025-03-03"
    asked = post_event(client, officer, req["id"], "clarification_requested", "2025-02-05")
    assert asked.json()["request"]["status"] == "on_hold_clarification"
    got = post_event(client, officer, req["id"], "clarification_received", "2025-02-20")
    assert got.json()["request"]["due_on"] == "2025-03-21"
    clock = client.get(f"/api/v1/requests/{req['id']}/clock", headers=bearer(officer)).json()
    assert clock["date_of_receipt"] == "2025-02-20"
    assert "2025-03-03" in clock["superseded_due_on"]


def test_events_entered_out_of_date_order_give_the_same_date(client: TestClient, officer: str) -> None:
    a = make_request(client, officer, received_on="2025-06-02")
    b = make_request(client, officer, received_on="2025-06-02")
    # law.md example 15, second case: notice Mon 16 Jun, paid Tue 1 Jul -> Thu 17 Jul 2025.
    post_event(client, officer, a["id"], "fee_notice_issued", "2025-06-16", amount="25.00")
    final_a = post_event(client, officer, a["id"], "fee_paid", "2025-07-01").json()["request"]
    post_event(client, officer, b["id"], "fee_notice_issued", "2025-06-16", amount="25.00")
    post_event(client, officer, b["id"], "fee_paid", "2025-07-01")
    assert final_a["due_on"] == "2025-07-17"
    got_b = client.get(f"/api/v1/requests/{b['id']}", headers=bearer(officer)).json()
    assert got_b["due_on"] == final_a["due_on"]


def test_fee_paid_before_notice_is_rejected_and_changes_nothing(client: TestClient, officer: str) -> None:
    req = make_request(client, officer, received_on="2025-03-03")
    response = post_event(client, officer, req["id"], "fee_paid", "2025-03-05")
    assert response.status_code == 422
    assert response.json()["rule"]
    assert "fee" in response.json()["detail"].lower()
    after = client.get(f"/api/v1/requests/{req['id']}", headers=bearer(officer)).json()
    assert after["version"] == req["version"]
    assert client.get(f"/api/v1/requests/{req['id']}/events", headers=bearer(officer)).json() == []


def test_backdated_notice_makes_later_payment_valid(client: TestClient, officer: str) -> None:
    req = make_request(client, officer, received_on="2025-03-03")
    assert post_event(client, officer, req["id"], "fee_paid", "2025-03-14").status_code == 422
    post_event(client, officer, req["id"], "fee_notice_issued", "2025-03-10", amount="25.00")
    assert post_event(client, officer, req["id"], "fee_paid", "2025-03-14").json()["request"]["due_on"] == "2025-04-08"


def test_event_in_future_and_unknown_type(client: TestClient, officer: str, today) -> None:
    today(date(2025, 3, 20))
    req = make_request(client, officer, received_on="2025-03-03")
    future = post_event(client, officer, req["id"], "withdrawn", "2025-03-21")
    assert future.status_code == 422
    assert future.json()["rule"] == "event_in_future"
    assert post_event(client, officer, req["id"], "teleported", "2025-03-05").status_code == 422
    assert post_event(client, officer, req["id"], "withdrawn", "2025-02-30").status_code == 422


def test_pit_extension_only_for_qualified_exemptions(client: TestClient, officer: str) -> None:
    req = make_request(client, officer, received_on="2025-03-14")
    absolute = post_event(
        client,
        officer,
        req["id"],
        "pit_extension",
        "2025-04-10",
        extended_to="2025-05-12",
        exemptions=["s21"],
    )
    assert absolute.status_code == 422
    assert absolute.json()["rule"] == "pit_extension_absolute"
    ok = post_event(
        client,
        officer,
        req["id"],
        "pit_extension",
        "2025-04-10",
        extended_to="2025-05-12",
        exemptions=["s36(2)(b)(ii)"],
    )
    assert ok.status_code == 201, ok.text
    body = ok.json()["request"]
    assert body["due_on"] == "2025-04-14"  # the s17(2) notice is still due on the original date
    assert body["extended_due_on"] == "2025-05-12"


def test_pit_extension_not_available_under_foisa(client: TestClient, officer: str) -> None:
    req = make_request(client, officer, received_on="2025-03-14", regime="foisa")
    assert req["due_on"] == "2025-04-11"  # FOISA s73: St Patrick's Day is a working day in Scotland
    response = post_event(
        client,
        officer,
        req["id"],
        "pit_extension",
        "2025-04-01",
        extended_to="2025-05-01",
        exemptions=["s36(2)(b)(ii)"],
    )
    assert response.status_code == 422


def test_responded_records_outcome_and_timeliness(client: TestClient, officer: str) -> None:
    req = make_request(client, officer, received_on="2025-03-14")
    missing = post_event(client, officer, req["id"], "responded", "2025-04-11")
    assert missing.status_code == 422
    assert missing.json()["rule"] == "outcome_required"
    done = post_event(client, officer, req["id"], "responded", "2025-04-15", outcome="granted_in_full")
    body = done.json()["request"]
    assert body["status"] == "responded"
    assert body["responded_on"] == "2025-04-15"
    assert body["timeliness"] == "late"
    assert body["outcome"] == "granted_in_full"
    after = post_event(client, officer, req["id"], "withdrawn", "2025-04-16")
    assert after.status_code == 422


def test_clock_shows_its_working(client: TestClient, officer: str) -> None:
    req = make_request(client, officer, received_on="2025-03-14")
    clock = client.get(f"/api/v1/requests/{req['id']}/clock", headers=bearer(officer)).json()
    assert clock["due_on"] == "2025-04-14"
    assert clock["day_one"] == "2025-03-18"
    holidays = [s for s in clock["steps"] if s["kind"] == "holiday"]
    assert holidays[0]["on"] == "2025-03-17"
    assert "Northern Ireland" in holidays[0]["nations"] or "NIR" in holidays[0]["nations"]
    numbered = [s for s in clock["steps"] if s["kind"] == "working_day"]
    assert [s["working_day"] for s in numbered] == list(range(1, 21))
    assert numbered[-1]["on"] == "2025-04-14"
    assert any("St Patrick" in line or "Saint Patrick" in line for line in clock["explanation"])


def test_delete_event_recomputes(client: TestClient, officer: str) -> None:
    req = make_request(client, officer, received_on="2025-03-03")
    event = post_event(client, officer, req["id"], "clarification_requested", "2025-03-04").json()["event"]
    response = client.delete(f"/api/v1/requests/{req['id']}/events/{event['id']}", headers=bearer(officer))
    assert response.status_code == 200
    assert response.json()["due_on"] == "2025-04-01"
    assert response.json()["status"] == "open"


def test_api_event_types_are_the_engines() -> None:
    from typing import get_args

    from app.deadline import EVENT_TYPES
    from app.foi_request.schemas import EventType

    assert set(get_args(EventType)) == set(EVENT_TYPES)


def test_fee_notice_states_its_amount(client: TestClient, officer: str) -> None:
    req = make_request(client, officer, received_on="2025-03-03")
    response = client.post(
        f"/api/v1/requests/{req['id']}/events",
        json={"type": "fee_notice_issued", "on": "2025-03-10"},
        headers=bearer(officer),
    )
    assert response.status_code == 422
    assert "amount" in response.json()["detail"]
