"""A PDF with nothing in it but its pages: no metadata, bookmarks, annotations, forms, scripts or attachments.

Used on every PDF the service releases. A tagged PDF we rendered ourselves keeps its structure tree (it is
built from released text only) and gets a minimal XMP packet naming its title and PDF/UA conformance.
"""

import io
from typing import Any
from xml.sax.saxutils import escape

ROOT_KEYS = (
    "/Outlines", "/Names", "/OpenAction", "/AA", "/AcroForm", "/Metadata", "/PieceInfo", "/Threads", "/SpiderInfo",
    "/Perms", "/Collection", "/OCProperties", "/Dests", "/URI", "/Legal", "/AF", "/PageLabels",
)  # fmt: skip
STRUCTURE_KEYS = ("/StructTreeRoot", "/MarkInfo")
PAGE_KEYS = ("/Annots", "/Metadata", "/PieceInfo", "/Thumb", "/AA", "/B", "/AF")

XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"><pdfuaid:part>1</pdfuaid:part>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title></rdf:Description>
</rdf:RDF></x:xmpmeta><?xpacket end="w"?>"""


def clean(pdf: Any, title: str, *, keep_structure: bool = False, keep_outlines: bool = False) -> bytes:
    """Strip `pdf` (an open pikepdf.Pdf) in place and return the saved bytes."""
    import pikepdf

    root = pdf.Root
    for key in ROOT_KEYS + (() if keep_structure else STRUCTURE_KEYS):
        if key == "/Outlines" and keep_outlines:
            continue
        if key in root:
            del root[key]
    for page in pdf.pages:
        for key in PAGE_KEYS + (() if keep_structure else ("/StructParents",)):
            if key in page.obj:
                del page.obj[key]
    pdf.trailer.Info = pdf.make_indirect(pikepdf.Dictionary(Title=pikepdf.String(title)))
    if keep_structure:
        packet = XMP.format(title=escape(title)).encode()
        root.Metadata = pdf.make_stream(packet, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
    pdf.remove_unreferenced_resources()
    out = io.BytesIO()
    # Saving rewrites the file from the catalogue down: earlier revisions and orphaned objects are not copied.
    pdf.save(out, compress_streams=True, deterministic_id=True, fix_metadata_version=False)
    return out.getvalue()


def clean_bytes(data: bytes, title: str, *, keep_structure: bool = False) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return clean(pdf, title, keep_structure=keep_structure)
