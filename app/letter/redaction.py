"""The published copy: the requester's personal data taken out of a letter's context before it is rendered.

Redacting at source means the text never reaches the PDF; nothing is drawn over anything.
"""

import json
import re

from app.foi_request.models import FoiRequest
from app.letter import context as ctx
from app.letter.builder import lines


def _pattern(needle: str) -> str:
    start = r"\b" if needle[0].isalnum() else ""
    end = r"\b" if needle[-1].isalnum() else ""
    return start + re.escape(needle) + end


def redact_text(text: str, req: FoiRequest) -> str:
    """Take the requester's own details out of free text (a signed request, a note that names them)."""
    r = req.requester
    needles = [r.name, r.email, r.organisation, *lines(r.postal_address)]
    needles += [part for part in (r.name or "").split() if len(part) >= 3]
    for needle in sorted({n.strip() for n in needles if n and n.strip()}, key=len, reverse=True):
        text = re.sub(_pattern(needle), "[redacted]", text, flags=re.IGNORECASE)
    return text


def redacted(context: ctx.LetterContext, req: FoiRequest) -> ctx.LetterContext:
    """The published copy's context: rendered from this, the requester's data never reaches the PDF.

    No address block and no salutation line: the copy is for the world, not for the requester."""
    anonymous = ctx.Recipient(
        name=None, email=None, postal_address_lines=[], organisation=None, salutation="", redacted=True
    )
    data = context.model_copy(update={"recipient": anonymous}).model_dump(mode="json")
    data.pop("authority")  # the authority's own details are published as they are
    body = redact_text(json.dumps(data, ensure_ascii=False), req)
    return ctx.LetterContext.model_validate_json(_reinsert_authority(body, context.authority.model_dump_json()))


def _reinsert_authority(body: str, authority_json: str) -> str:
    return body[:-1] + ', "authority": ' + authority_json + "}"
