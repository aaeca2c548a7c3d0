"""Candidate redactions of personal data, for a reviewer to accept or ignore. Nothing here redacts anything.

FOIA s40(1): the requester's own personal data; s40(2): anyone else's (subject to the conditions in s40(3A)).
"""

import re
from collections import Counter
from dataclasses import dataclass

from app.foi_request.models import FoiRequest

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|0)\d(?:[\s-]?\d){8,9}(?!\d)")
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2}\b")


@dataclass(frozen=True)
class Suggestion:
    kind: str
    text: str
    occurrences: int
    suggested_exemption: str
    reason: str


def requester_needles(req: FoiRequest) -> list[str]:
    """The requester's name, email, organisation and address (line by line and comma by comma)."""
    r = req.requester
    values = [r.name, r.email, r.organisation]
    for line in (r.postal_address or "").replace("\\n", "\n").splitlines():
        values += [line, *line.split(",")]
        values += POSTCODE.findall(line.upper())
    return sorted({v.strip() for v in values if v and len(v.strip()) >= 3}, key=len, reverse=True)


def suggest(text: str, req: FoiRequest, already: set[str]) -> list[Suggestion]:
    found: dict[str, Suggestion] = {}
    own = {n.casefold() for n in requester_needles(req)}
    for needle in requester_needles(req):
        hits = len(re.findall(re.escape(needle), text))
        if hits:
            found[needle] = Suggestion(
                "requester", needle, hits, "s40(1)", "The requester's own details (FOIA s40(1))."
            )
    for kind, regex in (("email", EMAIL), ("phone", PHONE), ("postcode", POSTCODE)):
        # Whitespace folded: a number wrapped across two lines is still one number (and matches as one).
        for value, hits in Counter(" ".join(m.group(0).split()) for m in regex.finditer(text)).items():
            if value in found or value.casefold() in own:
                continue
            found[value] = Suggestion(
                kind, value, hits, "s40(2)", f"Looks like a personal {kind}; third-party personal data (FOIA s40(2))."
            )
    return [s for s in found.values() if s.text not in already]
