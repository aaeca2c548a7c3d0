"""Candidate redactions of personal data, for a reviewer to accept or ignore. Nothing here redacts anything.

FOIA s40(1): the requester's own personal data, in every form app.personal_data knows them by; s40(2):
anyone else's (subject to the conditions in s40(3A)), by pattern (app.personal_data.third_party).
"""

from collections import Counter
from dataclasses import dataclass

from app.personal_data import third_party
from app.personal_data.folding import squash
from app.personal_data.forms import RequesterForms


@dataclass(frozen=True)
class Suggestion:
    kind: str
    text: str
    occurrences: int
    suggested_exemption: str
    reason: str


def suggest(text: str, forms: RequesterForms, already: set[str]) -> list[Suggestion]:
    found: dict[str, Suggestion] = {}
    own = forms.find(text)
    for value, hits in Counter(m.text for m in own).items():
        kind = next(m.form.kind for m in own if m.text == value)
        found[value] = Suggestion(
            "requester", value, hits, "s40(1)", f"The requester's own details ({kind}; FOIA s40(1))."
        )
    own_keys = {m.key for m in own}
    hits_of = list(third_party.find(text))
    for value, hits in Counter(h.text for h in hits_of).items():
        if value in found or any(squash(value) in k for k in own_keys):
            continue
        kind = next(h.kind for h in hits_of if h.text == value)
        found[value] = Suggestion(
            kind, value, hits, "s40(2)", f"Looks like a personal {kind}; third-party personal data (FOIA s40(2))."
        )
    return [s for s in found.values() if s.text not in already]
