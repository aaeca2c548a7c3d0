"""Real fixture files built in the tests: a PDF with text, a DOCX with tracked changes and comments, an XLSX with
a hidden sheet and a named range. Each holds the same secret sentence, which the tests redact."""

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader

SECRET = "The chief executive is leaving in March and the board has not agreed a successor."
DELETED = "Draft wording the author deleted about the Eastbank closure."
COMMENT = "Comment: check with legal before this goes anywhere."
HIDDEN = "Hidden sheet note: staff redundancy list."
NAMED = "Named range constant 42 confidential."


def pdf_with_text(extra: str = "") -> bytes:
    from weasyprint import HTML

    html = f"""<html lang="en"><head><title>Board paper with a secret title</title>
    <meta name="author" content="Pat Author"><meta name="keywords" content="internal"></head>
    <body style="font-family: 'DejaVu Sans'; font-size: 11pt">
    <h1>Chair's report</h1>
    <p>When I took up the post of Interim Chair in July, I wrote to the Board outlining my objectives for the
    next few months. {SECRET} This report provides an update on each of these objectives.</p>
    <p>Preparing for winter is the focus of the regional teams. {extra}</p>
    <p style="margin-top: 200pt">Figures for the second quarter follow in the appendix.</p>
    </body></html>"""
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def docx_with_changes_and_comments() -> bytes:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.core_properties.author = "Pat Author"
    document.core_properties.last_modified_by = "Lee Editor"
    document.add_heading("Chief executive's report", level=1)
    para = document.add_paragraph("The board met in private. ")
    para.add_run(SECRET)
    para.add_run(" Papers were circulated in advance.")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    tracked = document.add_paragraph("Financial discipline remains a priority.")
    tracked._p.append(
        parse_xml(
            f'<w:del {w} w:id="1" w:author="Lee Editor" w:date="2017-09-20T10:00:00Z">'
            f"<w:r><w:delText>{DELETED}</w:delText></w:r></w:del>"
        )
    )
    tracked._p.append(
        parse_xml(
            f'<w:ins {w} w:id="2" w:author="Lee Editor" w:date="2017-09-20T10:00:00Z">'
            '<w:r><w:t xml:space="preserve"> Inserted sentence that stands.</w:t></w:r></w:ins>'
        )
    )
    commented = document.add_paragraph("Winter planning is on track.")
    document.add_comment(commented.runs, text=COMMENT, author="Lee Editor", initials="LE")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Risk"
    table.rows[0].cells[1].text = "Staffing"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_with_hidden_sheet_and_name() -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.workbook.defined_name import DefinedName

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Summary"
    ws.append(["Item", "Note"])
    ws.append(["11", SECRET])
    ws.append(["12", "Released note"])
    ws["B3"].comment = Comment("Reviewer comment in the workbook", "Lee Editor")
    ws.row_dimensions[3].hidden = True
    ws.column_dimensions["C"].hidden = True
    hidden = wb.create_sheet("Workings")
    hidden.append([HIDDEN])
    hidden.sheet_state = "hidden"
    wb.defined_names["Secret_Constant"] = DefinedName("Secret_Constant", attr_text=f'"{NAMED}"')
    wb.properties.creator = "Pat Author"
    wb.properties.lastModifiedBy = "Lee Editor"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def pypdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def pdftotext(data: bytes) -> str:
    binary = shutil.which("pdftotext")
    assert binary, "poppler-utils (pdftotext) is needed for the leak tests"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.pdf"
        path.write_bytes(data)
        return subprocess.run([binary, str(path), "-"], capture_output=True, check=True).stdout.decode()


def flat(text: str) -> str:
    return " ".join(text.split())


def both(data: bytes) -> list[str]:
    """The text as two independent extractors see it, whitespace folded."""
    return [flat(pypdf_text(data)), flat(pdftotext(data))]
