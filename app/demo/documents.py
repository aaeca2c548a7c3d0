"""The demo case's papers with real content: the chair's report released in part, with labelled boxes.

Invented wording in the shape of a real board paper (see the seed text of released board papers).
"""

from sqlalchemy.orm import Session

from app.auth.models import User
from app.bundle import content, locate, redaction
from app.bundle.schemas import RedactionIn
from app.config import Settings
from app.document import service as documents
from app.document.models import Stage
from app.exemption.catalogue import Catalogue
from app.foi_request.models import FoiRequest

WITHHELD_SENTENCE = (
    "I have asked the executive team to prepare options for merging the two northern regional offices, "
    "which staff have not yet been told about."
)
WITHHELD_AREA = "Candidates discussed for the permanent chief executive role: shortlist and panel notes."

CHAIRS_REPORT = f"""<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>Chair's report (draft 3, tracked)</title><meta name="author" content="Board Secretary">
<style>@page {{ size: A4; margin: 22mm 20mm; }} body {{ font-family: "DejaVu Sans"; font-size: 10.5pt;
line-height: 1.45; }} h1 {{ font-size: 16pt; }} h2 {{ font-size: 12pt; margin-top: 6mm; }}
table {{ border-collapse: collapse; }} td {{ border: 1px solid #444; padding: 1.5mm 3mm; }}</style></head><body>
<table><tr><td>To</td><td>The Board</td></tr><tr><td>For meeting on</td><td>28 September 2017</td></tr>
<tr><td>Agenda item</td><td>11</td></tr><tr><td>Report by</td><td>Interim Chair</td></tr>
<tr><td>Reference</td><td>BD/17/41(C)</td></tr></table>
<h1>Chair's report</h1>
<p>1. When I took up the post of Interim Chair in July, I wrote to the Board setting out my objectives for the
months ahead. This report gives an update on each of them.</p>
<h2>Getting to know the organisation</h2>
<p>2. I have spent time meeting teams across the organisation to hear directly what it is like to work here.
I have been impressed by the commitment of our staff and by the breadth of their skills. {WITHHELD_SENTENCE}
We must keep our attention on leadership within the organisation as well as across the local system.</p>
<h2>Appointing a permanent chief executive</h2>
<p>3. I have met senior officials and our recruitment advisers to add urgency to the appointment of a
permanent chief executive. The timetable depends on the approval process, but I am confident we will attract a
strong field.</p>
<p style="margin: 4mm 0; padding: 3mm; border: 1px solid #999">{WITHHELD_AREA} Ranked list of four external
and two internal candidates, with the panel's notes on each interview.</p>
<h2>Preparing for winter</h2>
<p>4. The whole organisation, and in particular the regional teams, is supporting local services to prepare for
winter. I meet the chief executive and regional directors regularly to follow this work.</p>
</body></html>"""

INCIDENT_PAPER = """Incident response and emergency preparedness (BD/17/45(C))

1. The organisation's business continuity framework was reviewed by the Audit and Risk Committee this month.

2. Work since the summer means we are better prepared for a major incident, whether to support local services or
one that affects our own staff. Further work to refine the procedures is planned for the autumn.
"""


def chairs_report_pdf() -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=CHAIRS_REPORT).write_pdf()
    return pdf


def attach_papers(
    session: Session,
    req: FoiRequest,
    docs: dict[str, int],
    officer: User,
    reviewer: User,
    catalogue: Catalogue,
    settings: Settings,
) -> None:
    """Item 11 (withheld in part at review) gets a PDF and two redactions; item 15 (disclosed) its text."""
    paper = documents.get_document(session, req, docs["11"])
    data = chairs_report_pdf()
    content.upload_bytes(session, req, paper, data, "application/pdf", "BD-17-41-chairs-report.pdf", officer, settings)
    passage = RedactionIn(stage=Stage.internal_review, exemptions=["s36(2)(b)(ii)"], text=WITHHELD_SENTENCE)
    redaction.add(session, req, paper, passage, reviewer, catalogue, settings)
    page = locate.read_pages(data)[0]
    (rects,) = page.find(WITHHELD_AREA)
    top, bottom = min(r[1] for r in rects) - 4, max(r[3] for r in rects) + 18
    area = RedactionIn(stage=Stage.internal_review, exemptions=["s36(2)(c)"], page=1, rect=[60, top, 535, bottom])
    redaction.add(session, req, paper, area, reviewer, catalogue, settings)
    incident = documents.get_document(session, req, docs["15"])
    content.upload_bytes(
        session, req, incident, INCIDENT_PAPER.encode(), "text/plain", "BD-17-45.txt", officer, settings
    )
