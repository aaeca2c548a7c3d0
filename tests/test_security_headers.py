"""Security headers on every kind of response, and pages that need no more than the policy allows."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.auth.sign_in import set_password
from app.config import get_settings
from app.db import get_session
from app.main import create_app
from app.security_headers import DOCS_POLICY, GOVUK_JS_ENABLED, HSTS, POLICY, script_hash
from app.web.dependencies import COOKIE
from tests.conftest import unit_of_work_in
from tests.factories import bearer, make_request, make_user
from tests.web.helpers import PASSWORD, hidden, sign_in

ALWAYS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL)


@dataclass(frozen=True)
class Case:
    officer_token: str
    csrf: str
    case_id: int
    reference: str
    issued_pdf: str
    published_pdf: str


@pytest.fixture
def published(client: TestClient, session: Session) -> Case:
    """A case answered, its decision letter issued and published; the officer signed in on the web too."""
    user, token = make_user(session, "officer")
    set_password(session, user, PASSWORD, actor=None)
    session.commit()
    req = make_request(client, token, received_on="2025-03-14")
    responded = client.post(
        f"/api/v1/requests/{req['id']}/events",
        json={"type": "responded", "on": "2025-04-01", "details": {"outcome": "not_held"}},
        headers=bearer(token),
    )
    assert responded.status_code == 201, responded.text
    issued = client.post(
        f"/api/v1/requests/{req['id']}/letters/decision/issue", json={"issued_on": "2025-04-01"}, headers=bearer(token)
    )
    assert issued.status_code == 201, issued.text
    publication = client.post(f"/api/v1/requests/{req['id']}/publish", headers=bearer(token))
    assert publication.status_code == 200, publication.text
    csrf = sign_in(client, user)
    return Case(
        token, csrf, req["id"], req["reference"], issued.json()["letter"]["pdf"], publication.json()["letters"][0]
    )


def assert_secured(response: httpx.Response, policy: str = POLICY) -> None:
    where = f"{response.request.method} {response.request.url.path} ({response.status_code})"
    for name, value in ALWAYS.items():
        assert response.headers.get(name) == value, f"{name} on {where}"
    assert response.headers.get("content-security-policy") == policy, where
    assert "camera=()" in response.headers.get("permissions-policy", ""), where
    assert "strict-transport-security" not in response.headers, f"HSTS over plain HTTP on {where}"


def test_every_kind_of_response_carries_the_headers(client: TestClient, published: Case) -> None:
    api = bearer(published.officer_token)
    responses = {
        "API JSON": client.get(f"/api/v1/requests/{published.case_id}", headers=api),
        "API 401": client.get("/api/v1/me"),
        "API 404": client.get("/api/v1/requests/999999", headers=api),
        "API 422": client.post("/api/v1/requests", json={}, headers=api),
        "OpenAPI": client.get("/openapi.json"),
        "web page": client.get(f"/cases/{published.case_id}"),
        "web 404": client.get("/no-such-page"),
        "web redirect": client.get("/", follow_redirects=False),
        "static file": client.get("/static/govuk/govuk-frontend.min.css"),
        "static 404": client.get("/static/no-such-file.js"),
        "disclosure log": client.get("/disclosure-log"),
        "disclosure-log entry": client.get(f"/disclosure-log/{published.reference}"),
        "disclosure-log 422": client.get("/disclosure-log", params={"page": 0}),
        "disclosure-log feed": client.get("/disclosure-log/feed.atom"),
        "published PDF": client.get(published.published_pdf),
        "issued PDF": client.get(published.issued_pdf, headers=api),
    }
    expected = {"API 401": 401, "API 404": 404, "API 422": 422, "web 404": 404, "static 404": 404}
    expected |= {"web redirect": 303, "disclosure-log 422": 422}
    for kind, response in responses.items():
        assert response.status_code == expected.get(kind, 200), f"{kind}: {response.text[:300]}"
        assert_secured(response)
    assert responses["published PDF"].headers["content-type"] == "application/pdf"


def test_the_one_click_forms_cannot_be_framed(client: TestClient, published: Case) -> None:
    # The letters page issues and publishes with one button each; every signed-in page has a sign-out button.
    for path in (f"/cases/{published.case_id}/letters", "/dashboard", "/sign-in"):
        response = client.get(path)
        assert 'method="post"' in response.text, path
        assert response.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"].split("; ")


def test_pages_carry_no_inline_code_the_policy_would_block(client: TestClient, published: Case) -> None:
    """Every inline script is one the policy allows by hash; no inline style (style-src is 'self' only), no event
    handler attributes. The browser scenario (tests/browser) proves the same in Chromium."""
    allowed_scripts = POLICY.split("; ")[1].split()
    assert script_hash(GOVUK_JS_ENABLED) in allowed_scripts
    assert "'unsafe-inline'" not in POLICY
    assert "'unsafe-eval'" not in POLICY
    case = f"/cases/{published.case_id}"
    paths = (
        "/dashboard",
        case,
        f"{case}/letters",
        f"{case}/letters/decision/preview",
        f"{case}/documents/new",
        "/statistics",
        "/no-such-page",
        "/disclosure-log",
        f"/disclosure-log/{published.reference}",
        "/docs",
    )
    for path in paths:
        response = client.get(path)
        assert response.headers["content-type"].startswith("text/html"), path
        html = response.text
        for script in INLINE_SCRIPT.findall(html):
            assert script_hash(script) in allowed_scripts, f"inline script on {path} not allowed: {script[:200]}"
        assert "<style" not in html, f"inline stylesheet on {path}"
        assert not re.search(r"\sstyle=", html), f"style attribute on {path}"
        assert not re.search(r"\son[a-z]+=", html), f"event-handler attribute on {path}"
    client.post("/sign-out", data={"csrf_token": published.csrf})
    assert INLINE_SCRIPT.findall(client.get("/sign-in").text) == [GOVUK_JS_ENABLED]


def test_the_letter_preview_stylesheet_is_served_as_css(client: TestClient, published: Case) -> None:
    # With nosniff the browser applies a stylesheet only if it says it is one; the preview links it relatively.
    preview = client.get(f"/cases/{published.case_id}/letters/decision/preview")
    assert 'href="letter.css"' in preview.text
    css = client.get(f"/cases/{published.case_id}/letters/decision/letter.css")
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert "@page" in css.text


def test_api_docs_have_their_own_policy_and_nothing_from_a_cdn(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert_secured(docs, DOCS_POLICY)
    assert "img-src 'self' data:" in DOCS_POLICY.split("; ")
    assert "data:" not in POLICY
    assert INLINE_SCRIPT.findall(docs.text) == []
    sources = re.findall(r'(?:src|href)="([^"]+)"', docs.text)
    assert sources
    assert all(s.startswith("/static/") for s in sources), sources
    for source in sources:
        assert client.get(source).status_code == 200, source
    # The policy is chosen by exact path: nothing under /docs/... inherits the looser one.
    assert client.get("/docs/other").headers["content-security-policy"] == POLICY


@pytest.fixture
def https_client(monkeypatch: pytest.MonkeyPatch, session: Session) -> Iterator[TestClient]:
    """The app as deployed behind https://: FOI_PUBLIC_BASE_URL says so."""
    monkeypatch.setattr(get_settings(), "public_base_url", "https://foi.example.org")
    app = create_app(run_sweeper=False)
    app.dependency_overrides[get_session] = unit_of_work_in(session)
    with TestClient(app, base_url="https://foi.example.org") as client:
        yield client


def _cookie(response: httpx.Response, name: str) -> str:
    (cookie,) = [c for c in response.headers.get_list("set-cookie") if c.startswith(f"{name}=")]
    return cookie.lower()


def _sign_in_response(client: TestClient, session: Session) -> tuple[httpx.Response, httpx.Response]:
    user, _ = make_user(session, "officer")
    set_password(session, user, PASSWORD, actor=None)
    session.commit()
    form = client.get("/sign-in")
    signed_in = client.post(
        "/sign-in",
        data={"email": user.email, "password": PASSWORD, "sign_in_token": hidden(form.text, "sign_in_token")},
        follow_redirects=False,
    )
    assert signed_in.status_code == 303, signed_in.text
    return form, signed_in


def test_hsts_and_secure_cookies_under_an_https_public_url(https_client: TestClient, session: Session) -> None:
    form, signed_in = _sign_in_response(https_client, session)
    for response in (form, signed_in, https_client.get("/api/v1/exemptions"), https_client.get("/no-such-page")):
        assert response.headers["strict-transport-security"] == HSTS
        assert response.headers["x-frame-options"] == "DENY"
    assert "; secure" in _cookie(form, "foi_sign_in_csrf")
    assert "; secure" in _cookie(signed_in, COOKIE)


def test_no_hsts_and_no_secure_cookies_over_plain_http(client: TestClient, session: Session) -> None:
    form, signed_in = _sign_in_response(client, session)
    for response in (form, signed_in, client.get("/api/v1/exemptions")):
        assert "strict-transport-security" not in response.headers
    assert "; secure" not in _cookie(form, "foi_sign_in_csrf")
    assert "; secure" not in _cookie(signed_in, COOKIE)
