"""Exemption lists as a letter or annex writes them: "21, 31, 33 and 36(2)(b)(ii) and (c)"."""

from collections.abc import Iterable
from itertools import pairwise

from app.exemption.catalogue import Catalogue, ParsedCode, parse_code

NONE_CITED = "n/a"


def format_code(code: str) -> str:
    """A code without its "s"/"reg" prefix: "s36(2)(b)(ii)" -> "36(2)(b)(ii)", "reg12(5)(e)" -> "12(5)(e)".

    A condition suffix is spelt out: "s40(2)/second" -> "40(2) (second condition)".
    """
    parsed = parse_code(code)
    if parsed is None:
        return code.removeprefix("reg").removeprefix("s")
    return _display(parsed, len(parsed.parts))


def format_exemption_list(codes: Iterable[str], catalogue: Catalogue, regime: str | None = None) -> str:
    """Codes grouped by section in statute order, later codes in a section shortened after the common part.

    ["s33", "s36(2)(b)(i)", "s36(2)(b)(ii)", "s36(2)(c)"] -> "33, 36(2)(b)(i) and (ii) and (c)". `regime` is the
    catalogue regime the codes belong to (app.deadline.regimes.exemption_regime); None reads FOIA or EIR codes.
    """
    canonical = {catalogue.canonical(code, regime) for code in codes}
    groups: dict[str, list[ParsedCode]] = {}
    for code in sorted(canonical, key=lambda c: catalogue.sort_key(c, regime)):
        parsed = parse_code(code)
        if parsed is not None:
            groups.setdefault(catalogue.section_of(code, regime).code, []).append(parsed)
    texts = [_format_group(group) for group in groups.values()]
    if not texts:
        return NONE_CITED
    if len(texts) == 1:
        return texts[0]
    if len(texts) == 2:
        return texts[0] + (", " if any(" and " in t for t in texts) else " and ") + texts[1]
    return ", ".join(texts[:-1]) + " and " + texts[-1]


def _format_group(group: list[ParsedCode]) -> str:
    words = [_display(group[0], len(group[0].parts))]
    for previous, current in pairwise(group):
        common = 0
        while common < min(len(previous.parts), len(current.parts)) and previous.parts[common] == current.parts[common]:
            common += 1
        # Shorten only when a bracketed part is shared: "(b)(i) and (ii)", but "31(1)(g) and 31(2)". Never
        # after an enclosing code ("36(2)(b) and 36(2)(b)(i)"), nor down to a bare condition suffix.
        encloses = common == len(previous.parts) and previous.suffix is None
        if common >= 1 and not encloses and common < len(current.parts):
            words.append(_display(current, len(current.parts) - common, with_head=False))
        else:
            words.append(_display(current, len(current.parts)))
    return " and ".join(words)


def _display(parsed: ParsedCode, last_parts: int, *, with_head: bool = True) -> str:
    """The code without its prefix; with_head=False keeps only its last `last_parts` bracketed parts."""
    parts = parsed.parts[len(parsed.parts) - last_parts :]
    text = (parsed.head if with_head else "") + "".join(f"({p})" for p in parts)
    return text + (f" ({parsed.suffix} condition)" if parsed.suffix else "")
