"""The SVG charts, parsed as XML: structure, labels, the 90% line, empty data and the tables behind them."""

import xml.etree.ElementTree as ET
from collections.abc import Sequence

import pytest

from app.statistics.ageing import BANDS, AgeBand, band_label
from app.statistics.charts import (
    exemptions_chart,
    on_time_chart,
    open_by_age_chart,
    outcomes_chart,
    resolvable_chart,
    status_chart,
)
from app.statistics.service import Period, Resolvable
from app.statistics.svg import BLUE, RED, Bar, Chart, horizontal_bar_chart

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(chart: Chart | str) -> ET.Element:
    root = ET.fromstring(chart.svg if isinstance(chart, Chart) else chart)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root


def accessible(root: ET.Element) -> tuple[str, str]:
    """The role, and a title and desc named by aria-labelledby, as the first two children."""
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert root.get("viewBox", "").startswith("0 0 640 ")
    title, desc = list(root)[:2]
    assert title.tag.endswith("title")
    assert desc.tag.endswith("desc")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert int(root.get("font-size", "0")) >= 14
    return title.text or "", desc.text or ""


def rows(root: ET.Element) -> list[tuple[str, float, str]]:
    """(label, bar width, value text) of each bar."""
    out = []
    for g in root.findall("svg:g", NS):
        label = g.find("svg:text[@class='label']", NS)
        rect = g.find("svg:rect[@class='bar']", NS)
        value = g.find("svg:text[@class='value']", NS)
        assert label is not None
        assert rect is not None
        assert value is not None
        tooltip = label.find("svg:title", NS)
        visible = label.text if tooltip is None else tooltip.tail
        out.append((visible or "", float(rect.get("width", "0")), value.text or ""))
    return out


def months(*figures: tuple[str, int, int]) -> list[Period]:
    return [Period(period=p, in_time=i, late=late) for p, i, late in figures]


def test_on_time_chart() -> None:
    # Jan: 10 of 10 (100%); Feb: 17 of 20 (85%, below 90); Mar: nothing answered; Apr: 9 of 10 (exactly 90%).
    chart = on_time_chart(months(("2025-01", 10, 0), ("2025-02", 17, 3), ("2025-03", 0, 0), ("2025-04", 9, 1)))
    root = parse(chart)
    title, desc = accessible(root)
    assert title == "Requests answered in time"
    assert "1 period of 3 with answers fell below 90%: 2025-02." in desc
    bars = rows(root)
    assert [(label, value) for label, _, value in bars] == [
        ("2025-01", "100.0%"),
        ("2025-02", "85.0%"),
        ("2025-03", "none answered"),
        ("2025-04", "90.0%"),
    ]
    full = bars[0][1]
    assert bars[1][1] == pytest.approx(full * 0.85, abs=0.01)
    assert bars[2][1] == 0
    # The 90% line sits at nine tenths of the 0-100% scale, measured from the axis, and is labelled.
    rect = root.find("svg:g/svg:rect", NS)
    line = root.find("svg:line[@class='reference']", NS)
    assert rect is not None
    assert line is not None
    x0 = float(rect.get("x", "0"))
    assert float(line.get("x1", "0")) == pytest.approx(x0 + 0.9 * full, abs=0.01)
    assert line.get("x1") == line.get("x2")
    assert line.get("stroke-dasharray")  # dashed, not only a colour
    assert root.find("svg:text[@class='reference-label']", NS).text == "90% (ICO)"  # type: ignore[union-attr]
    assert [t.text for t in root.findall("svg:text[@class='axis-label']", NS)] == ["0%", "100%"]
    fills = [r.get("fill") for r in root.findall("svg:g/svg:rect", NS)]
    assert fills == [BLUE, RED, BLUE, BLUE]
    assert chart.table.headers == ("Period", "Answered in time", "Answered late", "In time")
    assert chart.table.rows == (
        ("2025-01", "10", "0", "100.0%"),
        ("2025-02", "17", "3", "85.0%"),
        ("2025-03", "0", "0", "none answered"),
        ("2025-04", "9", "1", "90.0%"),
    )


def test_single_point_and_empty() -> None:
    single = parse(on_time_chart(months(("2025-Q1", 2, 1))))
    assert [(label, value) for label, _, value in rows(single)] == [("2025-Q1", "66.7%")]
    empty = on_time_chart([])
    root = parse(empty)
    _, desc = accessible(root)
    assert desc == "No requests were received in the period chosen."
    assert rows(root) == []
    assert root.find("svg:line[@class='reference']", NS) is None
    assert "No figures" in "".join(root.itertext())
    assert empty.table.rows == ()
    # Nothing answered at all: no division by zero, bars of no length.
    idle = parse(on_time_chart(months(("2025-01", 0, 0), ("2025-02", 0, 0))))
    assert [w for _, w, _ in rows(idle)] == [0, 0]


def test_outcomes_chart() -> None:
    q1 = Period(period="2025-Q1", granted_in_full=5, partially_withheld=2, refused_s12=1, withdrawn=1, lapsed=1)
    q2 = Period(period="2025-Q2", granted_in_full=3, not_held=2, ncnd=1)
    chart = outcomes_chart([q1, q2])
    root = parse(chart)
    accessible(root)
    expected = [
        ("Granted in full", "8"),
        ("Partly withheld", "2"),
        ("Withheld in full", "0"),
        ("Information not held", "2"),
        ("Over the cost limit (s12)", "1"),
        ("Vexatious or repeated (s14)", "0"),
        ("Withdrawn or lapsed", "2"),
        ("Neither confirmed nor denied", "1"),  # shown because it was used; advice only was not
    ]
    assert [(label, value) for label, _, value in rows(root)] == expected
    assert chart.table.rows == tuple(expected)
    widths = [w for _, w, _ in rows(root)]
    assert widths[2] == 0
    assert widths[1] == pytest.approx(widths[0] / 4, abs=0.01)  # 2 against the longest, 8
    nothing = outcomes_chart([Period(period="2025-Q3")])
    assert rows(parse(nothing)) == []
    assert nothing.table.rows == ()


def test_resolvable_chart_splits_withheld_in_full_by_reason() -> None:
    reasons = {"exemption": 2, "ncnd": 1, "cost_limit": 1, "vexatious_or_repeated": 0}
    q1 = Period(
        period="2025-Q1",
        resolvable=Resolvable(
            total=8, granted_in_full=3, partially_withheld=1, withheld_in_full=4, withheld_in_full_reasons=reasons
        ),
    )
    q2 = Period(period="2025-Q2", resolvable=Resolvable(total=2, granted_in_full=2))
    chart = resolvable_chart([q1, q2])
    root = parse(chart)
    _, desc = accessible(root)
    # 10 resolvable: 5 granted in full (50.0%), 1 partly, 4 withheld in full by reason.
    assert "10 resolvable requests" in desc
    assert "50.0% were granted in full" in desc
    assert [(label, value) for label, _, value in rows(root)] == [
        ("Granted in full", "5"),
        ("Partly withheld", "1"),
        ("Withheld: exemptions", "2"),
        ("Withheld: NCND", "1"),
        ("Withheld: cost limit (s12)", "1"),
        ("Withheld: vexatious (s14)", "0"),
    ]
    assert chart.table.rows[0] == ("Granted in full", "5", "50.0%")
    assert chart.table.rows[-1] == ("All resolvable requests", "10", "100.0%")
    nothing = resolvable_chart([Period(period="2025-Q3")])
    assert rows(parse(nothing)) == []
    assert nothing.table.rows == ()


def test_status_chart_every_request_once() -> None:
    q1 = Period(
        period="2025-Q1",
        received=9,
        resolved=4,
        withdrawn=1,
        lapsed=1,
        on_hold_clarification=1,
        on_hold_fee=1,
        not_yet_assessed=1,
    )
    chart = status_chart([q1])
    root = parse(chart)
    _, desc = accessible(root)
    assert desc.startswith("9 requests received")
    assert "3 are on hold or not yet assessed" in desc
    assert [(label, value) for label, _, value in rows(root)] == [
        ("Answered", "4"),
        ("Withdrawn", "1"),
        ("Lapsed", "1"),
        ("On hold: clarification", "1"),
        ("On hold: fee", "1"),
        ("Not yet assessed", "1"),
    ]
    assert status_chart([]).table.rows == ()


def test_exemptions_chart_most_used_first_and_escaped() -> None:
    q1 = Period(period="2025-Q1", exemptions={"s43(2)": 2, "s21": 1, "s40(2)": 3})
    q2 = Period(period="2025-Q2", exemptions={"s21": 2, "<b>&'\"": 1})
    chart = exemptions_chart([q1, q2])
    root = parse(chart)  # parses: the odd code is escaped
    accessible(root)
    assert [(label, value) for label, _, value in rows(root)] == [
        ("s21", "3"),
        ("s40(2)", "3"),
        ("s43(2)", "2"),
        ("<b>&'\"", "1"),
    ]
    assert "<b>" not in chart.svg
    assert chart.table.rows == (("s21", "3"), ("s40(2)", "3"), ("s43(2)", "2"), ("<b>&'\"", "1"))
    top_two = exemptions_chart([q1, q2], limit=2)
    assert len(rows(parse(top_two))) == 2
    assert len(top_two.table.rows) == 4  # the table keeps every code
    assert rows(parse(exemptions_chart([]))) == []


def age_bands(*totals: int) -> list[AgeBand]:
    return [
        AgeBand(band_label(low, high), low, high, meaning, total=n, open=n)
        for (low, high, meaning), n in zip(BANDS, totals, strict=True)
    ]


def test_open_by_age_chart() -> None:
    chart = open_by_age_chart(age_bands(4, 2, 1, 3, 0, 1))
    root = parse(chart)
    _, desc = accessible(root)
    assert desc.endswith("4 are more than 20 working days old.")
    assert [(label, value) for label, _, value in rows(root)] == [
        ("0\u201310 days", "4"),
        ("11\u201315 days", "2"),
        ("16\u201320 days", "1"),
        ("21\u201340 days", "3"),
        ("41\u201360 days", "0"),
        ("over 60 days", "1"),
    ]
    assert [r.get("fill") for r in root.findall("svg:g/svg:rect", NS)] == [BLUE] * 3 + [RED] * 3
    assert chart.table.rows[3] == ("21\u201340", "3", "0", "0")
    assert rows(parse(open_by_age_chart(age_bands(0, 0, 0, 0, 0, 0)))) == []


@pytest.mark.parametrize("bars", [[], [Bar("only", 0, "0")], [Bar("a", 5, "5"), Bar("b", 0, "0")]])
def test_scale_never_divides_by_zero(bars: Sequence[Bar]) -> None:
    root = parse(horizontal_bar_chart(chart_id='x y"', title="T", description="D", bars=bars))
    assert root.get("aria-labelledby") == "x-y--title x-y--desc"
    assert len(rows(root)) == len(bars)


def test_long_labels_are_shortened_with_the_full_text_kept() -> None:
    label = "Corporate Information Governance & Records Management Team"
    root = parse(horizontal_bar_chart(chart_id="t", title="T", description="D", bars=[Bar(label, 3, "3")]))
    text = root.find("svg:g/svg:text[@class='label']", NS)
    assert text is not None
    assert text.find("svg:title", NS).text == label  # type: ignore[union-attr]
    assert rows(root)[0][0] == label[:27] + "\u2026"
