"""The text a PDF carries where a reader of its pages does not look, for the release checks.

Document information, the XMP packet, bookmarks, annotations, form fields and the structure tree's alternative
text; the strings inside content streams (a marked-content /ActualText, a form that no page draws); an attached
file that is text. PDF syntax and binary are never read as text: a font program, an image, an ICC profile or a
cross-reference stream decoded byte by byte holds "Àp" somewhere, and the names and operators of the PDF itself
("/Title", "/Span", "Identity") are nobody's name. Object streams are read as the objects they hold.
"""

import html
import re

import pikepdf

# Entries whose value is text a person wrote: titles, bookmarks, annotation and form-field text, alternative text.
TEXT_ENTRIES = frozenset(
    {"/Title", "/Contents", "/URI", "/T", "/TU", "/V", "/Alt", "/ActualText", "/E", "/Subject", "/RC", "/Opt"}
)
SHOWS_TEXT = frozenset({"Tj", "TJ", "'", '"'})
NOT_TEXT = ("/FontFile", "/FontFile2", "/FontFile3", "/ToUnicode", "/Encoding")  # programs and maps readers use
CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
TAG = re.compile(r"<[^>]*>")
ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
XML_SYNTAX = frozenset({"xml:lang", "rdf:about", "rdf:parseType"})  # and every xmlns: a namespace is a URI

Objgen = tuple[int, int]


def hidden_text(pdf: pikepdf.Pdf) -> list[str]:
    objects = list(pdf.objects)
    content, binary = _streams_by_kind(pdf, objects)
    parts = [text for v in pdf.docinfo.values() if isinstance(v, pikepdf.String) for text in _text(v)]
    for obj in objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            parts += _text_entries(obj)
        if not isinstance(obj, pikepdf.Stream) or obj.objgen in binary:
            continue
        if obj.get("/Type") in ("/ObjStm", "/XRef") or obj.get("/Subtype") == "/Image":
            continue
        try:
            raw = obj.read_bytes()
        except pikepdf.PdfError:
            continue  # a filter pikepdf cannot decode: no reader sees text in it either
        if obj.objgen in content:
            parts += _content_strings(obj)
        elif obj.get("/Type") == "/Metadata" or obj.get("/Subtype") == "/XML":
            parts.append(_packet_text(raw.decode("utf-8", errors="replace")))
        else:
            parts += _as_text(raw)
    return parts


def _streams_by_kind(pdf: pikepdf.Pdf, objects: list[pikepdf.Object]) -> tuple[set[Objgen], set[Objgen]]:
    """The streams of drawing operators (pages, forms, patterns, Type 3 glyphs), and the font programs and
    character maps, which are binary or PostScript."""
    content: set[Objgen] = set()
    binary: set[Objgen] = set()

    def add(into: set[Objgen], value: object) -> None:
        if isinstance(value, pikepdf.Stream):
            into.add(value.objgen)
        elif isinstance(value, pikepdf.Array):
            into.update(v.objgen for v in value if isinstance(v, pikepdf.Stream))

    for page in pdf.pages:
        add(content, page.obj.get("/Contents"))
    for obj in objects:
        if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            continue
        if obj.get("/Subtype") == "/Form" or obj.get("/PatternType") == 1:
            add(content, obj)
        for key in NOT_TEXT:
            add(binary, obj.get(key))
        procs = obj.get("/CharProcs")
        if isinstance(procs, pikepdf.Dictionary):
            for proc in procs.values():
                add(content, proc)
    return content, binary


def _text_entries(obj: pikepdf.Object) -> list[str]:
    """The strings under TEXT_ENTRIES in one object and in the dictionaries written inside it (an annotation's
    /A action with its /URI); an indirect object inside is read as one of the file's own objects."""
    found: list[str] = []
    pending = [obj]
    while pending:
        item = pending.pop()
        if isinstance(item, pikepdf.Dictionary | pikepdf.Stream):
            for key, value in item.items():
                if key in TEXT_ENTRIES:
                    found += _strings(value)
                elif isinstance(value, pikepdf.Dictionary | pikepdf.Array) and not value.is_indirect:
                    pending.append(value)
        elif isinstance(item, pikepdf.Array):
            pending += [v for v in item if isinstance(v, pikepdf.Dictionary | pikepdf.Array) and not v.is_indirect]
    return found


def _strings(value: object) -> list[str]:
    """The text strings of a value, of an array or of a direct dictionary (the /ActualText of a marked-content
    property list)."""
    found: list[str] = []
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, pikepdf.String):
            found += _text(item)
        elif isinstance(item, pikepdf.Array | pikepdf.Dictionary) and (item is value or not item.is_indirect):
            pending += list(item) if isinstance(item, pikepdf.Array) else list(item.values())
    return found


def _content_strings(stream: pikepdf.Stream) -> list[str]:
    """The text strings in a content stream, never its operators and names. A string shown with a two-byte font
    is glyph numbers (the readers map them to text), not text; one shown with a simple font is, so the text of a
    form that no page draws is still read."""
    try:
        instructions = pikepdf.parse_content_stream(stream)
    except pikepdf.PdfError:
        return _as_text(stream.read_bytes())  # not operators after all: read it as any other stream
    found: list[str] = []
    for instruction in instructions:
        if not isinstance(instruction, pikepdf.ContentStreamInstruction):
            continue  # an inline image
        shown = str(instruction.operator) in SHOWS_TEXT
        for operand in instruction.operands:
            if not shown:
                found += _strings(operand)
                continue
            items = list(operand) if isinstance(operand, pikepdf.Array) else [operand]
            found += [text for s in items if isinstance(s, pikepdf.String) for text in _text(s)]
    return found


def _text(string: pikepdf.String) -> list[str]:
    """A string written as text (UTF-16 or UTF-8 after its byte-order mark, or PDFDocEncoding without control
    bytes); never binary: glyph numbers, a signature's /Contents, an /ID."""
    raw = bytes(string)
    if raw.startswith((b"\xfe\xff", b"\xff\xfe", b"\xef\xbb\xbf")) or not CONTROL.search(raw):
        return [str(string)]
    return []


def _packet_text(packet: str) -> str:
    """An XML packet's text and attribute values, without its element names (dc:title, rdf:li)."""

    def values(tag: re.Match[str]) -> str:
        if tag.group(0).startswith(("<?", "<!")):
            return " "  # the xpacket wrapper, a declaration
        found = ATTRIBUTE.findall(tag.group(0))
        return " " + " ".join(a or b for name, a, b in found if name not in XML_SYNTAX and name[:5] != "xmlns") + " "

    return html.unescape(TAG.sub(values, packet))


def _as_text(raw: bytes) -> list[str]:
    """A stream of no known kind (an attached file, a script) as text when it is text: UTF-8 throughout with no
    control bytes, never binary; XML as its text."""
    if CONTROL.search(raw):
        return []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return []
    return [_packet_text(text) if text.lstrip().startswith("<") else text]
