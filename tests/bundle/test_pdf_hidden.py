"""The release checks' reading of what a PDF carries beyond its pages (app.bundle.pdf_hidden): the requester's
details written anywhere in it are found, and PDF syntax or binary data that happens to spell a form is not."""

import io
from collections.abc import Callable

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.bundle.release_checks import Requester, find_requester, pdf_texts
from app.personal_data.forms import RequesterDetails, requester_forms

HIDDEN = "metadata, bookmarks, annotations and raw streams"
ANN = requester_forms(RequesterDetails("Ann Lee", email="ann.lee@example.net"))
# Each letter as plain ASCII or as a Latin-1 letter that folds to it: how a word turns up in binary data.
LATIN_1 = {"a": "aÀáÂ", "e": "eÉè", "i": "iÍï", "o": "oÖó", "u": "uÜú", "n": "nÑ", "c": "cÇ", "y": "yÝ"}
WORDS = st.text(alphabet="abcdefghijklmnoprstuvwyz", min_size=2, max_size=8).filter(lambda w: w != "minutes")


def hidden_places(pdf: pikepdf.Pdf, word: str, spelled: bytes) -> None:
    """The word as PDF syntax (names, operators' operands, a character map) and as bytes inside binary data."""
    font_program = pdf.make_stream(b"\x00\x01\x00\x00" + b"\x8e" + spelled + b"\x81" + bytes(range(256)))
    descriptor = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/" + word), FontFile2=font_program)
    )
    cmap = pdf.make_stream(f"/CIDInit /ProcSet findresource begin\n/CMapName /{word} def\nend\n".encode())
    page = pdf.pages[0]
    page.Resources.Font.F1.FontDescriptor = descriptor
    page.Resources.Font.F1.ToUnicode = cmap
    pdf.Root["/" + word.capitalize()] = pdf.make_stream(b"\x00\x02" + spelled + b"\x00")  # binary of no known kind
    signature = pikepdf.String(b"\x30\x82\x01" + spelled + b"\x00\x06")  # a signature's DER, a binary string
    pdf.Root.Sig = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Sig, Contents=signature))
    page.Resources[f"/{word}"] = pikepdf.Dictionary({f"/{word.capitalize()}": pikepdf.Name("/" + word)})
    page.Contents = pdf.make_stream(
        page.Contents.read_bytes() + f"\n/{word.capitalize()} BMC EMC /{word.upper()} /{word} DP".encode()
    )


def minutes_pdf(change: Callable[[pikepdf.Pdf], object] | None = None) -> bytes:
    """One page that reads "Minutes" in Helvetica; `change(pdf)` adds to it before it is saved."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    helvetica = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=pdf.make_indirect(helvetica)))
    page.Contents = pdf.make_stream(b"BT /F1 12 Tf 72 720 Td (Minutes) Tj ET")
    if change is not None:
        change(pdf)
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, fix_metadata_version=False)
    return out.getvalue()


def found(data: bytes, requester: Requester) -> list[str]:
    return [f.detail for f in find_requester("x.pdf", pdf_texts(data), requester)]


@settings(max_examples=25, deadline=None)
@given(word=WORDS, data=st.data())
def test_a_marked_word_written_as_pdf_syntax_or_binary_is_not_found(word: str, data: st.DataObject) -> None:
    """An officer marked a short passage ("AP" of "AP GWILYM, ANN"); the file holds it only as PDF names, an
    object stream's keys and bytes of a font program or other binary, which no one reads as text."""
    spelled = "".join(data.draw(st.sampled_from(LATIN_1.get(c, c))) for c in word).capitalize().encode("latin-1")
    requester = Requester(ANN.with_marked([word.capitalize()]))
    pdf = minutes_pdf(lambda pdf: hidden_places(pdf, word, spelled))
    assert found(pdf, requester) == []
    # Written as text where no reader of the pages looks, the same passage is found.

    def and_alt(pdf: pikepdf.Pdf) -> None:
        hidden_places(pdf, word, spelled)
        plant_alt(pdf, word.capitalize())

    alt = minutes_pdf(and_alt)
    assert found(alt, requester) == [f"The requester's marked by an officer is still in the file ({HIDDEN})."]


def plant_alt(pdf: pikepdf.Pdf, text: str) -> None:
    figure = pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Figure, Alt=pikepdf.String(text))
    root = pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=pdf.make_indirect(figure))
    pdf.Root.StructTreeRoot = pdf.make_indirect(root)


def test_the_failing_letter_s_font_bytes_are_not_the_marked_particle() -> None:
    """The bytes the random run found in the decision letter's embedded TrueType font: "\\x8eÀp\\x81" is "ap"."""
    requester = Requester(requester_forms(RequesterDetails("Ann ap Gwilym")).with_marked(["AP"]))

    def font(pdf: pikepdf.Pdf) -> None:
        stream = pdf.make_stream(b"\x00\x01\x00\x00GDEF" + b"\x8e\xc0p\x81\xde\xa2\\@t\xa1" + bytes(range(256)))
        pdf.pages[0].Resources.Font.F1.FontDescriptor = pikepdf.Dictionary(FontFile2=stream)

    assert found(minutes_pdf(font), requester) == []


def _xmp(pdf: pikepdf.Pdf, packet: str) -> None:
    pdf.Root.Metadata = pdf.make_stream(packet.encode(), Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)


def _annotation(pdf: pikepdf.Pdf, entries: dict[str, object]) -> None:
    annot = pikepdf.Dictionary({"/Type": pikepdf.Name.Annot, "/Rect": [0, 0, 10, 10], **entries})
    pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(annot)]))


def _content(pdf: pikepdf.Pdf, extra: bytes) -> None:
    pdf.pages[0].Contents = pdf.make_stream(pdf.pages[0].Contents.read_bytes() + b"\n" + extra)


def _undrawn_form(pdf: pikepdf.Pdf) -> None:
    resources = pikepdf.Dictionary(Font=pdf.pages[0].Resources.Font)
    form = pdf.make_stream(
        b"BT /F1 12 Tf 0 0 Td (Ann Lee) Tj ET", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
        BBox=[0, 0, 10, 10], Resources=resources,
    )  # fmt: skip
    pdf.pages[0].Resources.XObject = pikepdf.Dictionary(Fm1=form)  # never drawn: no reader of the page sees it


def _outline(pdf: pikepdf.Pdf) -> None:
    with pdf.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("Letter to Ann Lee", 0))


MAILTO = pikepdf.String("mailto:ann.lee@example.net")
PLANTED = {
    "the document information": lambda pdf: pdf.docinfo.__setitem__("/Keywords", pikepdf.String("Ann Lee")),
    "the XMP packet's text": lambda pdf: _xmp(pdf, '<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:title>Lee, Ann</dc:title>'
                                                   "</x:xmpmeta>"),
    "an XMP attribute": lambda pdf: _xmp(pdf, '<rdf:Description pdf:Keywords="Ann&#160;Lee"/>'),
    "an annotation": lambda pdf: _annotation(pdf, {"/Subtype": pikepdf.Name.Text, "/Contents": "Ms Lee"}),
    "a link's action, written inside it": lambda pdf: _annotation(
        pdf, {"/Subtype": pikepdf.Name.Link, "/A": pikepdf.Dictionary(S=pikepdf.Name.URI, URI=MAILTO)}
    ),
    "the structure tree's alternative text": lambda pdf: plant_alt(pdf, "Photograph of Ann Lee"),
    "a marked-content /ActualText in UTF-16": lambda pdf: _content(
        pdf, b"/Span <</ActualText <FEFF0041006E006E0020004C00650065>>> BDC EMC"
    ),
    "a form no page draws": _undrawn_form,
    "a bookmark": _outline,
    "an attached text file": lambda pdf: pdf.attachments.__setitem__(
        "note.txt", pikepdf.AttachedFileSpec(pdf, b"Spoke to Ann Lee today.")
    ),
}  # fmt: skip


@pytest.mark.parametrize("where", PLANTED)
def test_the_requester_written_where_no_page_reader_looks_is_found(where: str) -> None:
    data = minutes_pdf(PLANTED[where])
    texts = pdf_texts(data)
    assert not any(ANN.find(texts[reader], certain=True) for reader in ("pypdf", "pdfminer"))
    assert ANN.find(texts[HIDDEN], certain=True), texts[HIDDEN]
    assert found(data, Requester(ANN))
