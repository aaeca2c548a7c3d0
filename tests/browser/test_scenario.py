"""The issue's scenario in a real browser, headless, with axe-core on every page at WCAG 2.2 AA.

An officer signs in and logs a request with three documents; the qualified person records an s36 opinion; a
reviewer discloses one document, withholds one under s36(2)(b)(ii) with that opinion and one in part under
s31(1)(g) with its s31(2) purpose; the officer issues the decision letter and publishes; the public disclosure
log shows it with none of the requester's details. A screenshot of every page is kept under var/test-artifacts.
Every page runs under the service's Content-Security-Policy: anything it blocks fails the test.
"""

import io
import json
import re
from typing import Any

import httpx
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect
from pypdf import PdfReader

from tests.browser.conftest import AXE, PASSWORD, PEOPLE, Server
from tests.bundle.files import SECRET, pdf_with_text

REQUESTER = {
    "name": "Jordan Pemberton-Vale",
    "email": "jordan.pv@example.net",
    "address": "12 Acacia Avenue\nMarlow\nSL7 1AB",
    "organisation": "Marlow Evening Gazette",
}
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Each document records what its Content-Security-Policy blocked, from before its first script runs.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", e => window.__cspViolations.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`));
"""
POLICY_WORDS = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy", "Refused to")


def policed_context(browser: Browser) -> BrowserContext:
    """A browser context that records the pages' CSP violations (bypass_csp stays off: the policy is under test)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    return context


def csp_violations(page: Page) -> list[str]:
    return list(page.evaluate("window.__cspViolations || []"))


class Journey:
    """One browser tab walking through the service, checking every page it lands on."""

    def __init__(self, page: Page, server: Server) -> None:
        self.page = page
        self.server = server
        self.shots = 0
        self.axe_results: list[dict[str, Any]] = []
        # Chromium reports a blocked resource or a rejected header on the console, whichever page it was on.
        self.policy_messages: list[str] = []
        page.on("console", self._console)

    def _console(self, message: ConsoleMessage) -> None:
        if any(word in message.text for word in POLICY_WORDS):
            self.policy_messages.append(f"{message.type}: {message.text}")

    def check(self, name: str) -> None:
        """Nothing blocked by the security policy, axe-core at WCAG 2.2 AA on the page as it is now, and a
        screenshot kept as an artefact."""
        blocked = csp_violations(self.page)
        assert blocked == [], f"the CSP blocked {blocked} on {name} ({self.page.url})"
        assert self.policy_messages == [], f"by {name} ({self.page.url}): {self.policy_messages}"
        self.shots += 1
        self.page.screenshot(path=str(self.server.artifacts / f"{self.shots:02d}-{name}.png"), full_page=True)
        # Evaluated through the DevTools protocol, which the page's CSP does not govern: a <script> tag would be
        # refused, as it should be.
        self.page.evaluate(AXE.read_text())
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            WCAG_22_AA,
        )
        violations = [
            {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in result["violations"]
        ]
        self.axe_results.append({"page": name, "url": self.page.url, "violations": violations})
        assert violations == [], f"axe found violations on {name} ({self.page.url}): {json.dumps(violations, indent=1)}"

    def sign_in(self, who: str) -> None:
        self.page.goto(f"{self.server.base_url}/")
        expect(self.page).to_have_url(re.compile(r"/sign-in"))
        self.page.get_by_label("Email address").fill(PEOPLE[who][1])
        self.page.get_by_label("Password", exact=True).fill(PASSWORD)
        self.page.get_by_role("button", name="Sign in").click()
        expect(self.page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()

    def sign_out(self) -> None:
        self.page.get_by_role("button", name="Sign out").click()
        expect(self.page.get_by_text("You have signed out.")).to_be_visible()


def test_officer_reviewer_and_public(browser: Browser, server: Server) -> None:
    context = policed_context(browser)
    journey = Journey(context.new_page(), server)
    page = journey.page
    try:
        # The officer signs in (the sign-in page is checked first) and logs the request.
        page.goto(f"{server.base_url}/")
        journey.check("sign-in")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("link", name="Enter your email address")).to_be_visible()
        journey.check("sign-in-errors")
        journey.sign_in("officer")
        journey.check("dashboard-officer")
        page.get_by_role("link", name="Log a request").click()
        journey.check("new-request")
        page.get_by_role("button", name="Log the request").click()
        expect(page.get_by_role("link", name="Enter the requester's name")).to_be_visible()
        journey.check("new-request-errors")
        page.get_by_label("Full name").fill(REQUESTER["name"])
        page.get_by_label("Email address").fill(REQUESTER["email"])
        page.get_by_label("Postal address (optional)").fill(REQUESTER["address"])
        page.get_by_label("Organisation (optional)").fill(REQUESTER["organisation"])
        page.get_by_label("Short title").fill("Board papers on the local transport plan")
        page.get_by_label("The request, as the requester wrote it").fill(
            "Please send me the board papers on the local transport plan, including the private session."
        )
        page.get_by_role("button", name="Log the request").click()
        banner = page.get_by_text(re.compile(r"Its reference is FOI-\d{4}-\d{6}\. It is due on"))
        expect(banner).to_be_visible()
        reference = re.search(r"FOI-\d{4}-\d{6}", banner.inner_text()).group(0)  # type: ignore[union-attr]
        case_url = page.url.split("?")[0]
        journey.check("case-logged")
        page.get_by_text("Show how the due date was worked out, day by day").click()
        expect(page.get_by_text("Every day from receipt, counted or skipped")).to_be_visible()

        page.get_by_role("link", name="Add a document in scope").click()
        journey.check("add-document")
        for item, title in (
            ("1", "Minutes of the public session"),
            ("2", "Options appraisal"),
            ("3", "Enforcement plan"),
        ):
            page.get_by_label("Item number").fill(item)
            page.get_by_label("Title", exact=True).fill(title)
            page.get_by_role("button", name="Add and add another" if item != "3" else "Add the document").click()
        expect(page.get_by_role("link", name="Enforcement plan")).to_be_visible()
        # The enforcement plan's content, uploaded as a PDF: part of it will be withheld.
        page.get_by_role("link", name="Enforcement plan").click()
        journey.check("document-empty")
        upload = server.artifacts / "enforcement-plan.pdf"
        upload.write_bytes(pdf_with_text())
        page.get_by_label("Upload the document").set_input_files(str(upload))
        page.get_by_role("button", name="Upload", exact=True).click()
        expect(page.get_by_text("Content uploaded; its text is below.")).to_be_visible()
        journey.sign_out()

        # The qualified person gives the s36 opinion.
        journey.sign_in("qualified_person")
        page.goto(case_url)
        page.get_by_role("link", name="Record the qualified person’s opinion (s36)").click()
        journey.check("opinion")
        page.get_by_label("s36(2)(b)(ii)").check()
        page.get_by_label("Your role").fill("Chief Executive, authorised by a Minister under s36(5)(o)")
        page.get_by_label("The opinion and why it is reasonable").fill(
            "Release now would inhibit the frank exchange of views while the options are live."
        )
        page.get_by_role("button", name="Record the opinion").click()
        expect(page.get_by_text("The qualified person's opinion is recorded.")).to_be_visible()
        journey.sign_out()

        # The reviewer rules on each document.
        journey.sign_in("reviewer")
        journey.check("dashboard-reviewer")
        page.get_by_role("link", name=reference).first.click()
        page.get_by_role("link", name="Decide on item 1").click()
        journey.check("decision-empty")
        page.get_by_label("Disclosed", exact=True).check()
        page.get_by_role("button", name="Save the decision").click()
        expect(page.get_by_text("Decision saved.")).to_be_visible()

        page.get_by_role("link", name="Decide on item 2").click()
        page.get_by_label("Withheld", exact=True).check()
        page.get_by_label("Exemption 1").or_(page.get_by_label("Add an exemption (optional)")).first.select_option(
            "s36(2)(b)(ii)"
        )
        page.get_by_role("button", name="Save the decision").click()
        expect(page.get_by_role("link", name="Enter the public interest conclusion for s36(2)(b)(ii)")).to_be_visible()
        journey.check("decision-s36-errors")
        page.get_by_label("The qualified person's opinion (s36)").select_option(index=1)
        page.get_by_label("Factors in favour of disclosure").fill("Openness about the transport plan.")
        page.get_by_label("Factors in favour of maintaining the exemption").fill("A safe space while options are live.")
        page.get_by_label("Conclusion").fill("The public interest favours withholding the options while live.")
        page.get_by_role("button", name="Save the decision").click()
        expect(page.get_by_text("Decision saved.")).to_be_visible()

        page.get_by_role("link", name="Decide on item 3").click()
        page.get_by_label("Withheld in part", exact=True).check()
        page.get_by_label("Add an exemption (optional)").select_option("s31(1)(g)")
        page.get_by_role("button", name="Show the questions for these exemptions").click()
        journey.check("decision-s31-questions")
        page.get_by_label(re.compile(r"s31\(2\)\(c\) –")).check()
        page.get_by_label("Conclusion").fill("Enforcement tactics stay withheld; the rest is released.")
        page.get_by_role("button", name="Save the decision").click()
        expect(page.get_by_text("Decision saved.")).to_be_visible()
        journey.check("case-decided")
        # Withheld in part: the passage is redacted, labelled with the exemption.
        page.get_by_role("link", name="Enforcement plan").click()
        page.get_by_label("The passage, exactly as it appears").fill(SECRET)
        page.get_by_label("s31(1)(g)").check()
        page.get_by_role("button", name="Record the redaction").click()
        expect(page.get_by_text("Redaction recorded.")).to_be_visible()
        journey.check("document-redacted")
        journey.sign_out()

        # The officer issues the decision letter and publishes.
        journey.sign_in("officer")
        page.goto(case_url)
        page.get_by_role("link", name="Letters: preview, issue, publish").click()
        journey.check("letters")
        page.get_by_role("link", name=re.compile("^HTML preview of the response to your request")).click()
        expect(page.get_by_role("heading", name=re.compile(r"^Section 36\(2\)\(b\)\(ii\)"))).to_be_visible()
        journey.check("letter-preview-decision")
        page.go_back()
        page.get_by_role("button", name=re.compile("^Issue the response to your request")).click()
        expect(page.get_by_text("Letter issued.")).to_be_visible()
        page.get_by_role("button", name="Publish to the disclosure log").click()
        expect(page.get_by_text("Published on the")).to_be_visible()
        journey.check("letters-published")
        # The requester's bundle, made by the server's worker; its page refreshes itself until the file is there.
        page.get_by_label("One PDF, bookmarked per document").check()
        page.get_by_role("button", name="Make the bundle").click()
        expect(page.get_by_role("heading", name="The requester’s bundle")).to_be_visible()
        expect(page.get_by_role("link", name=re.compile(r"^Download .*-bundle\.pdf"))).to_be_visible(timeout=60_000)
        journey.check("bundle-ready")
        page.get_by_role("link", name="Statistics").click()
        expect(page.get_by_role("heading", name="Requests answered in time")).to_be_visible()
        journey.check("statistics")
        journey.sign_out()

        journey.sign_in("admin")
        page.get_by_role("link", name="Users").click()
        journey.check("admin-users")
        page.get_by_role("button", name="Add a user").click()
        journey.check("admin-add-user")
        journey.sign_out()

        # The public disclosure log, signed out: the case is there, the requester is not.
        page.goto(f"{server.base_url}/disclosure-log")
        journey.check("disclosure-log")
        page.get_by_role("link", name=reference).click()
        journey.check("disclosure-log-entry")
        public_text = page.content()
        pdfs = [
            httpx.get(server.base_url + href, timeout=30).content
            for href in page.locator("a[href$='.pdf']").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        ]
        assert pdfs, "the published entry links its letters"
        for pdf in pdfs:
            reader = PdfReader(io.BytesIO(pdf))
            public_text += "\n".join(p.extract_text() or "" for p in reader.pages) + str(reader.metadata)
        for value in [*REQUESTER.values(), *REQUESTER["address"].splitlines()]:
            assert value not in public_text, f"requester data {value!r} reached the public disclosure log"
        assert reference in public_text
        assert SECRET.split(" and ")[0] not in public_text.replace("\n", " "), "a withheld passage was published"
        assert journey.policy_messages == [], journey.policy_messages
    finally:
        (server.artifacts / "axe-results.json").write_text(json.dumps(journey.axe_results, indent=1))
        context.close()


def test_api_docs_work_under_their_policy(browser: Browser, server: Server) -> None:
    """Swagger UI, served from the package, renders every operation with nothing blocked."""
    context = policed_context(browser)
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text) if any(w in m.text for w in POLICY_WORDS) else None)
    try:
        page.goto(f"{server.base_url}/docs")
        expect(page.get_by_role("heading", name=re.compile("^FOI casework"))).to_be_visible()
        expect(page.locator(".opblock").first).to_be_visible()
        page.locator(".opblock-summary").first.click()
        expect(page.get_by_role("button", name="Try it out").first).to_be_visible()
        assert csp_violations(page) == []
        assert messages == []
    finally:
        context.close()


def test_no_page_can_frame_the_forms(browser: Browser, server: Server) -> None:
    """frame-ancestors 'none' (and X-Frame-Options: DENY): a page that frames the sign-in form gets an error page in
    its place, so a one-click form cannot be clickjacked. The framing page is on the service's own origin (another
    loopback origin is refused by Chromium's local-network checks whatever the headers say), which 'none' refuses
    too."""
    context = browser.new_context()
    page = context.new_page()
    framing_page = f"{server.base_url}/framing-test"
    page.route(
        framing_page,
        lambda route: route.fulfill(
            content_type="text/html",
            body=f'<!DOCTYPE html><html lang="en"><title>x</title><iframe src="{server.base_url}/sign-in"></iframe>',
        ),
    )
    try:
        page.goto(framing_page)
        expect(page.locator("iframe")).to_be_attached()
        assert page.frame_locator("iframe").get_by_role("button", name="Sign in").count() == 0
        assert [f.url for f in page.frames[1:]] == ["chrome-error://chromewebdata/"]
    finally:
        context.close()
