"""The requester's bundle made by a worker: asked for with a 202 and a status URL, made outside the request, on
both databases. Two presses get one build, two workers never make the same one, an abandoned build is taken up
again, and made bundles are forgotten after their time."""

import io
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from app.bundle import builds, prune, storage
from app.bundle.models import BundleBuild
from app.config import get_settings
from app.db import utcnow
from app.exemption.catalogue import load_catalogue
from tests.conftest import units_in
from tests.factories import bearer, make_request, make_user
from tests.web.helpers import sign_in, web_user


def work(session: Session) -> int:
    settings = get_settings()
    return builds.run_pending(load_catalogue(settings.exemptions_dir), settings, units_in(session))


def responded_case(client: TestClient, session: Session, today: Any) -> tuple[str, str]:
    today(date(2025, 4, 2))
    officer = make_user(session, "officer")[1]
    reviewer = make_user(session, "reviewer")[1]
    req = make_request(client, officer, received_on="2025-03-14")
    base = f"/api/v1/requests/{req['id']}"
    doc = client.post(f"{base}/documents", json={"item": "1", "title": "Minutes"}, headers=bearer(officer)).json()
    put = client.put(
        f"{base}/documents/{doc['id']}/content",
        content=b"Minutes of the library board.",
        headers={**bearer(officer), "Content-Type": "text/plain"},
    )
    assert put.status_code == 200, put.text
    decided = client.put(
        f"{base}/documents/{doc['id']}/decisions/initial",
        json={"outcome": "disclosed", "exemptions": [], "decided_on": "2025-04-01"},
        headers=bearer(reviewer),
    )
    assert decided.status_code in (200, 201), decided.text
    client.post(f"{base}/events", json={"type": "responded", "on": "2025-04-01"}, headers=bearer(officer))
    issued = client.post(f"{base}/letters/decision/issue", json={"issued_on": "2025-04-01"}, headers=bearer(officer))
    assert issued.status_code == 201, issued.text
    return base, officer


def test_asking_answers_202_at_once_and_a_worker_makes_the_bundle(
    client: TestClient, session: Session, today: Any
) -> None:
    base, officer = responded_case(client, session, today)
    asked = client.post(f"{base}/bundle/builds", json={"form": "zip"}, headers=bearer(officer))
    assert asked.status_code == 202, asked.text
    build = asked.json()
    assert build["state"] == "queued"
    assert asked.headers["Location"] == build["status_url"]
    assert asked.headers["Retry-After"] == "2"
    assert build["file_url"] is None
    # The same button pressed again while it waits: the same build.
    again = client.post(f"{base}/bundle/builds", json={}, headers=bearer(officer))
    assert again.json()["id"] == build["id"]
    early = client.get(f"{build['status_url']}/file", headers=bearer(officer))
    assert early.status_code == 409
    assert early.json()["rule"] == "bundle_not_ready"

    assert work(session) == 1
    status = client.get(build["status_url"], headers=bearer(officer))
    assert status.status_code == 200
    assert status.json()["state"] == "ready"
    assert "Retry-After" not in status.headers
    made = client.get(status.json()["file_url"], headers=bearer(officer))
    assert made.status_code == 200
    assert made.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(made.content)).namelist()
    direct = zipfile.ZipFile(io.BytesIO(client.get(f"{base}/bundle.zip", headers=bearer(officer)).content))
    assert names == direct.namelist()
    assert status.json()["size"] == len(made.content)
    # Once made, asking again makes a new snapshot.
    assert client.post(f"{base}/bundle/builds", json={}, headers=bearer(officer)).json()["id"] != build["id"]


def test_a_bundle_the_checks_stop_is_refused_with_why(client: TestClient, session: Session) -> None:
    officer = make_user(session, "officer")[1]
    req = make_request(client, officer, received_on="2025-03-14")
    base = f"/api/v1/requests/{req['id']}"
    asked = client.post(f"{base}/bundle/builds", json={"form": "pdf"}, headers=bearer(officer)).json()
    assert work(session) == 1
    status = client.get(asked["status_url"], headers=bearer(officer)).json()
    assert status["state"] == "refused"
    direct = client.get(f"{base}/bundle.pdf", headers=bearer(officer))
    assert status["problem"]["rule"] == direct.json()["rule"]  # the same refusal as asking in the request
    assert status["problem"]["detail"] == direct.json()["detail"]
    file = client.get(f"{asked['status_url']}/file", headers=bearer(officer))
    assert file.status_code == 409
    assert file.json()["rule"] == "bundle_refused"


def test_bad_asks_are_refused_and_change_nothing(client: TestClient, session: Session) -> None:
    officer = make_user(session, "officer")[1]
    req = make_request(client, officer, received_on="2025-03-14")
    base = f"/api/v1/requests/{req['id']}"
    wrong_form = client.post(f"{base}/bundle/builds", json={"form": "docx"}, headers=bearer(officer))
    assert wrong_form.status_code == 422
    assert client.get(f"{base}/bundle/builds/1", headers=bearer(officer)).status_code == 404
    assert session.query(BundleBuild).count() == 0
    other = make_request(client, officer, received_on="2025-03-14")
    build = client.post(f"{base}/bundle/builds", json={}, headers=bearer(officer)).json()
    # A build is reached only through its own case.
    elsewhere = client.get(f"/api/v1/requests/{other['id']}/bundle/builds/{build['id']}", headers=bearer(officer))
    assert elsewhere.status_code == 404


def test_of_two_workers_that_read_the_same_build_only_one_takes_it(client: TestClient, session: Session) -> None:
    officer = make_user(session, "officer")[1]
    req = make_request(client, officer, received_on="2025-03-14")
    client.post(f"/api/v1/requests/{req['id']}/bundle/builds", json={}, headers=bearer(officer))
    now = utcnow()
    first = builds.next_waiting(session, now, get_settings())
    second = builds.next_waiting(session, now, get_settings())
    assert first is not None
    assert first == second
    assert builds.take(session, first, now) is not None
    assert builds.take(session, second, now) is None
    assert builds.claim_next(session, now, get_settings()) is None  # being made, within its lease


def test_an_abandoned_build_is_taken_up_again_and_the_first_worker_cannot_overwrite_it(
    client: TestClient, session: Session, today: Any
) -> None:
    base, officer = responded_case(client, session, today)
    build_id = client.post(f"{base}/bundle/builds", json={}, headers=bearer(officer)).json()["id"]
    settings = get_settings()
    now = utcnow()
    lost = builds.claim_next(session, now, settings)
    assert lost is not None
    later = now + timedelta(seconds=settings.bundle_build_lease_seconds + 1)
    retaken = builds.claim_next(session, later, settings)
    assert retaken is not None
    assert retaken.attempt == lost.attempt + 1
    # The worker that died wakes up and reports: too late, it changes nothing.
    assert not builds._finish(session, lost, later, problem={"rule": "x", "detail": "stale"})
    assert session.get(BundleBuild, build_id).state == "building"  # type: ignore[union-attr]
    # Given up after MAX_ATTEMPTS, with a reason.
    session.execute(update(BundleBuild).where(BundleBuild.id == build_id).values(attempts=builds.MAX_ATTEMPTS))
    assert (
        builds.claim_next(session, later + timedelta(seconds=settings.bundle_build_lease_seconds + 1), settings) is None
    )
    session.expire_all()
    gone = session.get(BundleBuild, build_id)
    assert gone is not None
    assert gone.state == "refused"
    assert gone.problem is not None
    assert gone.problem["rule"] == "bundle_abandoned"


def test_made_bundles_are_forgotten_after_their_time_and_their_files_pruned(
    client: TestClient, session: Session, today: Any
) -> None:
    base, officer = responded_case(client, session, today)
    client.post(f"{base}/bundle/builds", json={}, headers=bearer(officer))
    assert work(session) == 1
    build = session.query(BundleBuild).one()
    assert build.storage_key in prune.referenced_keys(session)
    settings = get_settings()
    assert builds.forget_old(session, utcnow(), settings) == 0
    later = utcnow() + timedelta(hours=settings.bundle_build_keep_hours, minutes=1)
    assert builds.forget_old(session, later, settings) == 1
    assert build.storage_key not in prune.referenced_keys(session)
    assert storage.get_storage(settings).get(str(build.storage_key))  # still stored until prune's grace passes


def test_the_page_refreshes_until_the_bundle_is_made_then_offers_it(
    client: TestClient, session: Session, today: Any
) -> None:
    base, _ = responded_case(client, session, today)
    case_id = base.rsplit("/", 1)[1]
    user = web_user(session, "officer")
    csrf = sign_in(client, user)
    letters = client.get(f"/cases/{case_id}/letters")
    assert "Make the bundle" in letters.text
    asked = client.post(f"/cases/{case_id}/bundle", data={"csrf_token": csrf, "form": "pdf"}, follow_redirects=False)
    assert asked.status_code == 303
    page = client.get(asked.headers["location"])
    assert page.status_code == 200
    assert '<meta http-equiv="refresh" content="3">' in page.text
    assert "Download" not in page.text
    assert work(session) == 1
    done = client.get(asked.headers["location"])
    assert 'http-equiv="refresh"' not in done.text
    assert "Download" in done.text
    file = client.get(f"{asked.headers['location']}/file")
    assert file.status_code == 200
    assert file.content.startswith(b"%PDF")
    assert "ready to download" in client.get(f"/cases/{case_id}/letters").text
    forged = client.post(f"/cases/{case_id}/bundle", data={"csrf_token": "wrong"}, follow_redirects=False)
    assert forged.status_code in (403, 422)
    assert session.query(BundleBuild).count() == 1


def test_the_runner_thread_makes_what_is_asked_for(client: TestClient, session: Session, today: Any) -> None:
    base, officer = responded_case(client, session, today)
    asked = client.post(f"{base}/bundle/builds", json={}, headers=bearer(officer)).json()
    settings = get_settings().model_copy(update={"bundle_build_poll_seconds": 0.05})
    # The runner's units and this test's looks share one session, so they take turns: a session is not for two
    # threads at once.
    turn, unit = threading.Lock(), units_in(session)

    @contextmanager
    def taking_turns(*, read_only: bool = False) -> Iterator[Session]:
        with turn, unit(read_only=read_only) as scoped:
            yield scoped

    def state() -> str:
        with turn:
            session.expire_all()
            build = session.get(BundleBuild, asked["id"])
            return build.state if build is not None else "gone"

    runner = builds.BuildRunner(settings, taking_turns)
    runner.start()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and state() != "ready":
            time.sleep(0.1)
    finally:
        runner.close()
    assert client.get(asked["status_url"], headers=bearer(officer)).json()["state"] == "ready"
