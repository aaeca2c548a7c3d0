"""The statistics charts: pure functions from figures to a :class:`Chart` (SVG markup and its data table).

They take what ``service.compute`` and ``ageing.open_by_age`` return (or anything with the same attributes, such
as the API models), and never touch the database. In a Jinja page: ``{{ chart }}`` (or ``chart.svg|safe``), then
a table from ``chart.table.caption``, ``.headers`` and ``.rows``.
"""

from collections.abc import Mapping, Sequence
from typing import Protocol

from app.statistics.svg import BLUE, RED, Bar, Chart, DataTable, Reference, horizontal_bar_chart

# The ICO monitors authorities that answer fewer than 90% of requests in time.
ICO_THRESHOLD = 90.0


class TimelinessFigures(Protocol):
    @property
    def period(self) -> str: ...
    @property
    def in_time(self) -> int: ...
    @property
    def late(self) -> int: ...


class OutcomeFigures(Protocol):
    @property
    def granted_in_full(self) -> int: ...
    @property
    def partially_withheld(self) -> int: ...
    @property
    def withheld_in_full(self) -> int: ...
    @property
    def not_held(self) -> int: ...
    @property
    def ncnd(self) -> int: ...
    @property
    def refused_s12(self) -> int: ...
    @property
    def refused_s14(self) -> int: ...
    @property
    def advice_only(self) -> int: ...
    @property
    def withdrawn(self) -> int: ...
    @property
    def lapsed(self) -> int: ...


class ResolvableCounts(Protocol):
    @property
    def granted_in_full(self) -> int: ...
    @property
    def partially_withheld(self) -> int: ...
    @property
    def withheld_in_full_reasons(self) -> Mapping[str, int]: ...


class ResolvableFigures(Protocol):
    @property
    def resolvable(self) -> ResolvableCounts: ...


class StatusFigures(Protocol):
    @property
    def resolved(self) -> int: ...
    @property
    def withdrawn(self) -> int: ...
    @property
    def lapsed(self) -> int: ...
    @property
    def on_hold_clarification(self) -> int: ...
    @property
    def on_hold_fee(self) -> int: ...
    @property
    def not_yet_assessed(self) -> int: ...


class ExemptionFigures(Protocol):
    @property
    def exemptions(self) -> Mapping[str, int]: ...


class AgeBandFigures(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def low(self) -> int: ...
    @property
    def total(self) -> int: ...
    @property
    def on_hold(self) -> int: ...
    @property
    def past_deadline(self) -> int: ...


def _percent(value: float) -> str:
    return f"{value:.1f}%"


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def on_time_chart(
    periods: Sequence[TimelinessFigures],
    *,
    title: str = "Requests answered in time",
    chart_id: str = "chart-on-time",
) -> Chart:
    """Percentage answered in time (including permitted extensions) per period, against the ICO's 90%."""
    bars: list[Bar] = []
    rows: list[tuple[str, ...]] = []
    below: list[str] = []
    for p in periods:
        answered = p.in_time + p.late
        if answered == 0:
            bars.append(Bar(p.period, None, "none answered"))
            rows.append((p.period, "0", "0", "none answered"))
            continue
        percent = round(100 * p.in_time / answered, 1)
        if percent < ICO_THRESHOLD:
            below.append(p.period)
        bars.append(Bar(p.period, percent, _percent(percent), BLUE if percent >= ICO_THRESHOLD else RED))
        rows.append((p.period, str(p.in_time), str(p.late), _percent(percent)))
    if not periods:
        description = "No requests were received in the period chosen."
    else:
        measured = sum(1 for b in bars if b.value is not None)
        description = (
            f"Percentage of answered requests answered in time (including permitted extensions) for "
            f"{_plural(len(bars), 'period', 'periods')}, from {bars[0].label} to {bars[-1].label}, with a line at "
            f"the 90% below which the ICO monitors authorities. "
            f"{_plural(len(below), 'period', 'periods')} of {measured} with answers fell below 90%"
            + (f": {', '.join(below)}." if below else ".")
        )
    svg = horizontal_bar_chart(
        chart_id=chart_id,
        title=title,
        description=description,
        bars=bars,
        scale_max=100.0,
        reference=Reference(ICO_THRESHOLD, "90% (ICO)"),
        axis=("0%", "100%"),
    )
    table = DataTable(title, ("Period", "Answered in time", "Answered late", "In time"), tuple(rows))
    return Chart(svg, table)


def outcome_counts(periods: Sequence[OutcomeFigures]) -> list[tuple[str, int]]:
    """Outcomes summed over the periods, in the Cabinet Office's order; the rarely used two only when used."""
    counts = [
        ("Granted in full", sum(p.granted_in_full for p in periods)),
        ("Partly withheld", sum(p.partially_withheld for p in periods)),
        ("Withheld in full", sum(p.withheld_in_full for p in periods)),
        ("Information not held", sum(p.not_held for p in periods)),
        ("Over the cost limit (s12)", sum(p.refused_s12 for p in periods)),
        ("Vexatious or repeated (s14)", sum(p.refused_s14 for p in periods)),
        ("Withdrawn or lapsed", sum(p.withdrawn + p.lapsed for p in periods)),
    ]
    extra = [
        ("Neither confirmed nor denied", sum(p.ncnd for p in periods)),
        ("Advice and assistance only", sum(p.advice_only for p in periods)),
    ]
    return counts + [(label, n) for label, n in extra if n]


def outcomes_chart(
    periods: Sequence[OutcomeFigures],
    *,
    title: str = "Outcomes of requests",
    chart_id: str = "chart-outcomes",
) -> Chart:
    """How requests were answered (or closed without an answer), summed over the periods given."""
    counts = outcome_counts(periods)
    total = sum(n for _, n in counts)
    bars = [Bar(label, n, str(n)) for label, n in counts] if total else []
    if total:
        top = max(counts, key=lambda c: c[1])
        description = (
            f"Outcomes of {_plural(total, 'request', 'requests')} answered or closed, one bar per outcome. "
            f"The most common was {top[0].lower()} ({top[1]})."
        )
    else:
        description = "No request was answered or closed in the period chosen."
    svg = horizontal_bar_chart(chart_id=chart_id, title=title, description=description, bars=bars)
    rows = tuple((label, str(n)) for label, n in counts) if total else ()
    return Chart(svg, DataTable(title, ("Outcome", "Requests"), rows))


WITHHELD_LABELS = {
    "exemption": "Withheld: exemptions",
    "ncnd": "Withheld: NCND",
    "cost_limit": "Withheld: cost limit (s12)",
    "vexatious_or_repeated": "Withheld: vexatious (s14)",
}


def resolvable_counts(periods: Sequence[ResolvableFigures]) -> list[tuple[str, int]]:
    """Resolvable requests by outcome, summed over the periods; withheld in full split by its reasons."""
    reasons = {key: sum(p.resolvable.withheld_in_full_reasons.get(key, 0) for p in periods) for key in WITHHELD_LABELS}
    return [
        ("Granted in full", sum(p.resolvable.granted_in_full for p in periods)),
        ("Partly withheld", sum(p.resolvable.partially_withheld for p in periods)),
        *[(label, reasons[key]) for key, label in WITHHELD_LABELS.items()],
    ]


def resolvable_chart(
    periods: Sequence[ResolvableFigures],
    *,
    title: str = "Outcomes of resolvable requests",
    chart_id: str = "chart-resolvable",
) -> Chart:
    """Requests on which a decision on release was possible (law.md 11.1), and the share granted in full."""
    counts = resolvable_counts(periods)
    total = sum(n for _, n in counts)
    bars = [Bar(label, n, str(n)) for label, n in counts] if total else []
    if total:
        granted = counts[0][1]
        percent = round(100 * granted / total, 1)
        description = (
            f"Outcomes of {_plural(total, 'resolvable request', 'resolvable requests')}, one bar per outcome, "
            f"requests withheld in full split by the reason. {_percent(percent)} were granted in full."
        )
        rows = (
            *((label, str(n), _percent(100 * n / total)) for label, n in counts),
            ("All resolvable requests", str(total), "100.0%"),
        )
    else:
        description = "No resolvable request was answered in the period chosen."
        rows = ()
    svg = horizontal_bar_chart(
        chart_id=chart_id, title=title, description=description, bars=bars, empty_text="No resolvable requests."
    )
    return Chart(svg, DataTable(title, ("Outcome", "Requests", "Share"), tuple(rows)))


def status_counts(periods: Sequence[StatusFigures]) -> list[tuple[str, int]]:
    """Where the requests received stand now: each is in exactly one of these."""
    return [
        ("Answered", sum(p.resolved for p in periods)),
        ("Withdrawn", sum(p.withdrawn for p in periods)),
        ("Lapsed", sum(p.lapsed for p in periods)),
        ("On hold: clarification", sum(p.on_hold_clarification for p in periods)),
        ("On hold: fee", sum(p.on_hold_fee for p in periods)),
        ("Not yet assessed", sum(p.not_yet_assessed for p in periods)),
    ]


def status_chart(
    periods: Sequence[StatusFigures],
    *,
    title: str = "Where the requests received stand",
    chart_id: str = "chart-status",
) -> Chart:
    """Requests received in the periods by their status now (Cabinet Office Table 1: status at monitoring)."""
    counts = status_counts(periods)
    total = sum(n for _, n in counts)
    bars = [Bar(label, n, str(n)) for label, n in counts] if total else []
    if total:
        waiting = sum(n for label, n in counts if label.startswith(("On hold", "Not yet")))
        description = (
            f"{_plural(total, 'request', 'requests')} received, one bar per status now. "
            f"{waiting} {'is' if waiting == 1 else 'are'} on hold or not yet assessed."
        )
    else:
        description = "No request was received in the period chosen."
    svg = horizontal_bar_chart(
        chart_id=chart_id, title=title, description=description, bars=bars, empty_text="No requests received."
    )
    rows = tuple((label, str(n)) for label, n in counts) if total else ()
    return Chart(svg, DataTable(title, ("Status", "Requests"), rows))


def exemption_counts(periods: Sequence[ExemptionFigures]) -> list[tuple[str, int]]:
    """Requests citing each exemption, summed over the periods: most used first, then by code."""
    totals: dict[str, int] = {}
    for p in periods:
        for code, n in p.exemptions.items():
            totals[code] = totals.get(code, 0) + n
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))


def exemptions_chart(
    periods: Sequence[ExemptionFigures],
    *,
    title: str = "Exemptions used",
    chart_id: str = "chart-exemptions",
    limit: int | None = None,
) -> Chart:
    """Requests citing each exemption (a request counts once per code), most used first; ``limit`` keeps the top
    of the list in the chart, while the table keeps every code."""
    counts = exemption_counts(periods)
    shown = counts[:limit] if limit is not None else counts
    bars = [Bar(code, n, str(n)) for code, n in shown]
    if counts:
        description = (
            f"Number of requests citing each of {_plural(len(counts), 'exemption', 'exemptions')}, most used first"
            + (f" (the top {len(shown)} shown)" if len(shown) < len(counts) else "")
            + f". The most used was {counts[0][0]} ({counts[0][1]})."
        )
    else:
        description = "No exemption was cited in the period chosen."
    svg = horizontal_bar_chart(
        chart_id=chart_id,
        title=title,
        description=description,
        bars=bars,
        empty_text="No exemptions cited in this period.",
    )
    return Chart(svg, DataTable(title, ("Exemption", "Requests citing it"), tuple((c, str(n)) for c, n in counts)))


def open_by_age_chart(
    bands: Sequence[AgeBandFigures],
    *,
    title: str = "Open cases by working days since receipt",
    chart_id: str = "chart-open-by-age",
) -> Chart:
    """Open and on-hold cases per age band; bands past the statutory 20 working days are drawn in red."""
    total = sum(b.total for b in bands)
    bars = [Bar(f"{b.label} days", b.total, str(b.total), RED if b.low > 20 else BLUE) for b in bands] if total else []
    if total:
        over = sum(b.total for b in bands if b.low > 20)
        description = (
            f"{_plural(total, 'open case', 'open cases')} by working days since the date of receipt, one bar per "
            f"band. {over} {'is' if over == 1 else 'are'} more than 20 working days old."
        )
    else:
        description = "There are no open cases."
    svg = horizontal_bar_chart(
        chart_id=chart_id, title=title, description=description, bars=bars, empty_text="No open cases."
    )
    rows = tuple((b.label, str(b.total), str(b.on_hold), str(b.past_deadline)) for b in bands) if total else ()
    headers = ("Working days since receipt", "Open cases", "Of which on hold", "Of which past their deadline")
    return Chart(svg, DataTable(title, headers, rows))
