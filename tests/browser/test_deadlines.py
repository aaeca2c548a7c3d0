"""The deadline calculator in a real browser at 1280 and 320 pixels wide: reached from the navigation, the form
answered with its working, an error summary, axe-core at WCAG 2.2 AA and no sideways scrolling on a phone; and the
statistics page on a phone."""

from playwright.sync_api import Browser, expect

from tests.browser.conftest import Server
from tests.browser.test_scenario import Journey, policed_context


def test_deadline_calculator(browser: Browser, server: Server) -> None:
    context = policed_context(browser)
    page = context.new_page()
    journey = Journey(page, server)
    journey.sign_in("reviewer")  # any signed-in role may use it
    page.get_by_role("link", name="Deadline calculator").click()
    expect(page.get_by_role("heading", name="Deadline calculator", level=1)).to_be_visible()
    journey.check("deadlines-form")

    # A future date: Mon 7 Dec 2026 is due Fri 8 Jan 2027 (Christmas, Boxing Day, New Year, 2 January skipped).
    page.get_by_label("Day").fill("7")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Work out the due date").click()
    expect(page.get_by_role("heading", name="Due 8 January 2027", level=2)).to_be_visible()
    table = page.get_by_role("table", name="How the due date was worked out, day by day")
    expect(table.get_by_role("row").filter(has_text="Mon 4 Jan 2027")).to_contain_text("not a working day")
    journey.check("deadlines-answer-1280")

    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        journey.check(f"deadlines-answer-{width}")
        # WCAG 1.4.10 reflow: nothing wider than the window, so nothing to scroll sideways to, and the header's
        # "Sign out" does not squeeze the navigation beside it.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        nav, main = page.evaluate(
            "['.govuk-service-navigation__container', 'main'].map(s => document.querySelector(s).offsetWidth)"
        )
        assert nav >= main, f"the navigation is {nav}px wide beside a {main}px page in a {width}px window"

    page.set_viewport_size({"width": 320, "height": 900})
    page.get_by_role("radio", name="FOIA 2000 - schools and academies (Time for Compliance Regulations)").check()
    page.get_by_role("button", name="Work out the due date").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Select the school: its term dates decide which days count")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    journey.check("deadlines-error-320")
    summary.get_by_role("link").click()
    expect(page.get_by_label("School (for the school regime only)")).to_be_focused()

    # The statistics page's new charts, on a phone: wide tables scroll in their own regions, not the page.
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Statistics").click()
    expect(page.get_by_role("heading", name="Outcomes of resolvable requests", level=2)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    journey.check("statistics-320")
    context.close()
