"""The demo case: its partly withheld chair's report is published with labelled boxes and no withheld words."""

import io
import re

from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy.orm import Session

from app.demo.case import load_demo
from app.demo.documents import WITHHELD_AREA, WITHHELD_SENTENCE
from tests.bundle.files import both


def test_demo_paper_is_released_in_part_with_labelled_boxes(client: TestClient, session: Session) -> None:
    load_demo(session)
    session.commit()
    page = client.get("/disclosure-log/FOI-2017-000001").text
    links = dict(re.findall(r'href="(/disclosure-log/FOI-2017-000001/documents/\d+)">([^<]+)<', page))
    chair = next(url for url, label in links.items() if "Chair" in label)
    released = client.get(chair)
    assert released.status_code == 200
    assert PdfReader(io.BytesIO(released.content)).metadata == {"/Title": "FOI-2017-000001 item 11: Chair's report"}
    for text in both(released.content):
        assert "s36(2)(b)(ii)" in text
        assert "s36(2)(c)" in text
        assert "Preparing for winter" in text
        for withheld in ("northern regional offices", "not yet been told", "shortlist", "panel's notes"):
            assert withheld not in text
        assert WITHHELD_SENTENCE not in text
        assert WITHHELD_AREA not in text
        for secret in ("Jordan", "Avery", "Orchard Row"):
            assert secret not in text
