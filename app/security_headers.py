"""Security headers on every response: the pages, the API, static files, errors, the disclosure log and the docs.

Pure ASGI rather than BaseHTTPMiddleware, so streamed downloads pass straight through and nothing is buffered.
"""

import base64
import hashlib

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# GOV.UK Frontend's page template (govuk-frontend-jinja) marks the body as able to run its JavaScript with this
# one inline script. It is allowed by its hash, so no other inline script can run (tests/test_security_headers.py
# checks every inline script the pages carry against the policy).
GOVUK_JS_ENABLED = (
    "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? "
    "' govuk-frontend-supported' : '');"
)
DOCS_PATH = "/docs"


def script_hash(source: str) -> str:
    """A CSP source expression allowing exactly this inline script."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()}'"


def content_security_policy(**overrides: str) -> str:
    directives = {
        "default-src": "'self'",
        "script-src": f"'self' {script_hash(GOVUK_JS_ENABLED)}",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        # No other site may frame a page, so a one-click form (issue, publish, sign out) cannot be clickjacked.
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in (directives | overrides).items())


POLICY = content_security_policy()
# Swagger UI's stylesheet draws its icons as data: images; nothing else on /docs needs more than the pages do.
DOCS_POLICY = content_security_policy(**{"img-src": "'self' data:"})
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
    )
)
HSTS = "max-age=31536000; includeSubDomains"


class SecurityHeaders:
    """Add the headers to every HTTP response; Strict-Transport-Security only where the service is served over
    HTTPS (FOI_PUBLIC_BASE_URL), since a browser would refuse the plain-HTTP address for a year after seeing it."""

    def __init__(self, app: ASGIApp, *, https: bool) -> None:
        self.app = app
        common = {
            "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": "DENY",
            "Referrer-Policy": "strict-origin-when-cross-origin",
            "Permissions-Policy": PERMISSIONS_POLICY,
        }
        if https:
            common["Strict-Transport-Security"] = HSTS
        self.headers = common | {"Content-Security-Policy": POLICY}
        self.docs_headers = common | {"Content-Security-Policy": DOCS_POLICY}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self.docs_headers if scope["path"] == DOCS_PATH else self.headers

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in extra.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
