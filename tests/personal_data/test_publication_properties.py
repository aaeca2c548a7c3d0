"""For generated requesters written in generated forms: what the public can read never contains them, and
publishing never answers 5xx. Both databases, through the API, with an oracle of this file's own."""

import os
import re
import unicodedata
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from tests.factories import bearer, make_request, make_user
from tests.pdf import flat, pdf_text

GIVEN = ["Ann", "Siân", "Seán", "Zoë", "Gwenllïan", "Ngozi", "Jo", "Li", "Will", "Pat", "Kim", "Null", "True", "Rhodri"]
SURNAMES = [
    "Lee", "O'Brien", "D’Arcy", "Smith-Jones", "van der Berg", "Ó Súilleabháin", "Reference", "False", "Bank",
    "Null", "Title", "Kind", "Ng", "ap Gwilym", "MacDonald", "Ní Bhriain",
]  # fmt: skip
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéïôñ", min_size=2, max_size=14).map(str.capitalize)
SEPARATORS = st.sampled_from([" ", "\n", "\t", "  ", " \n "])
CASES = st.sampled_from([str, str.upper, str.lower, str.title])


def fold(text: str) -> str:
    """This test's own folding: accents off, case folded, curly apostrophes straight."""
    stripped = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return stripped.casefold().replace("’", "'")


def tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def occurs(form: str, text: str) -> bool:
    """The form's words in order, nothing but punctuation and spaces between them, whole words."""
    words = tokens(form)
    return bool(words) and re.search(r"(?<![a-z0-9])" + r"[^a-z0-9]*".join(words) + r"(?![a-z0-9])", fold(text))


@st.composite
def requesters(draw: st.DrawFn) -> dict[str, Any]:
    first = draw(st.one_of(st.sampled_from(GIVEN), WORD))
    last = draw(st.one_of(st.sampled_from(SURNAMES), WORD))
    street = draw(st.one_of(st.sampled_from(["Acacia", "Heol y Bont", "Bank", "Null"]), WORD))
    number = draw(st.integers(1, 999))
    return {
        "name": f"{first} {last}",
        "email": f"{'.'.join(tokens(first + ' ' + last)) or 'x'}@example.net",
        "postal_address": f"{number} {street} Road\nLlanfair\nLL{draw(st.integers(1, 99))} {draw(st.integers(1, 9))}AB",
        "first": first,
        "last": last,
        "street": f"{number} {street}",
    }


@st.composite
def written(draw: st.DrawFn, who: dict[str, Any]) -> list[str]:
    """Certain forms of the requester, each spaced and capitalised as the draw decides."""
    sep, case = draw(SEPARATORS), draw(CASES)
    first, last = who["first"], who["last"]
    forms = [
        f"{first}{sep}{last}",
        f"{last},{sep}{first}",
        f"Ms{sep}{last}",
        f"Dr {first[0]}.{sep}{last}",
        who["email"].upper(),
        f"{who['street']} Rd",
    ]
    return [case(f) if not f.startswith(("Dr ", "Ms")) else f for f in forms]


@settings(
    max_examples=int(os.environ.get("FOI_PUBLICATION_EXAMPLES", "6")),  # CI's bound; set it higher to search longer
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_generated_requesters_never_reach_the_disclosure_log(
    client: TestClient, session: Session, data: st.DataObject
) -> None:
    who = data.draw(requesters())
    publish_and_read(client, session, who, data.draw(written(who)))


def test_a_name_particle_redacted_alone_is_not_found_in_the_letter_s_font_program(
    client: TestClient, session: Session
) -> None:
    """Found by a random run: "AP" of "AP GWILYM, ANN" is redacted alone, and the letter's embedded font, read
    byte by byte, holds "\x8eÀp\x81", which folds to "ap": publishing was refused for nothing in the letter."""
    who = {
        "name": "Ann ap Gwilym",
        "email": "ann.ap.gwilym@example.net",
        "postal_address": "1 Acacia Road\nLlanfair\nLL1 1AB",
        "first": "Ann",
        "last": "ap Gwilym",
        "street": "1 Acacia",
    }
    forms = ["ANN AP GWILYM", "AP GWILYM, ANN", "Ms ap Gwilym", "Dr A. ap Gwilym", "ANN.AP.GWILYM@EXAMPLE.NET"]
    publish_and_read(client, session, who, [*forms, "1 ACACIA RD"])


def publish_and_read(client: TestClient, session: Session, who: dict[str, Any], forms: list[str]) -> None:
    """Publish a case written with these forms (redacting every finding) and read all the public can read."""
    officer = make_user(session, "officer")[1]
    reviewer = make_user(session, "reviewer")[1]
    requester = {k: who[k] for k in ("name", "email", "postal_address")}
    body = "Please send the minutes.\n" + "\n".join(f"({form})" for form in forms) + "\nThank you."
    title = f"Minutes for {forms[0]}"[:300]
    req = make_request(client, officer, received_on="2025-03-14", requester=requester, title=title, request_text=body)
    base = f"/api/v1/requests/{req['id']}"
    doc = client.post(f"{base}/documents", json={"item": "1", "title": "File note"}, headers=bearer(officer))
    assert doc.status_code == 201, doc.text
    doc_id = doc.json()["id"]
    note = "File note.\n" + "\n".join(f"Spoke to {form} today." for form in forms)
    up = client.put(
        f"{base}/documents/{doc_id}/content",
        content=note.encode(),
        params={"filename": "note.txt"},
        headers={**bearer(officer), "Content-Type": "text/plain"},
    )
    assert up.status_code == 200, up.text
    decided = client.put(
        f"{base}/documents/{doc_id}/decisions/initial",
        json={"outcome": "disclosed", "exemptions": [], "decided_on": "2025-04-01"},
        headers=bearer(reviewer),
    )
    assert decided.status_code in (200, 201), decided.text
    assert client.post(f"{base}/events", json={"type": "responded", "on": "2025-04-01"}, headers=bearer(officer))
    issued = client.post(f"{base}/letters/decision/issue", json={"issued_on": "2025-04-01"}, headers=bearer(officer))
    assert issued.status_code == 201, issued.text

    first = client.post(f"{base}/publish", headers=bearer(officer))
    assert first.status_code in (200, 409), first.text
    if first.status_code == 409:
        assert first.json()["rule"] == "personal_data_findings", first.text
        done = client.post(f"{base}/personal-data/redact-all", json={}, headers=bearer(reviewer))
        assert done.status_code == 200, done.text
        first = client.post(f"{base}/publish", headers=bearer(officer))
    assert first.status_code == 200, first.text

    result = first.json()
    texts = [client.get(result["url"]).text, client.get("/disclosure-log").text]
    texts.append(client.get("/disclosure-log/feed.atom").text)
    texts.append(client.get("/disclosure-log", params={"q": "minutes"}).text)
    texts += [flat(pdf_text(client.get(url).content)) for url in result["letters"] + result["documents"]]
    for text in texts:
        for form in [*forms, who["name"], who["postal_address"].splitlines()[-1]]:
            assert not occurs(form, text), (form, text[:300])
