// GOV.UK Frontend's components, started from a file rather than an inline script: the pages'
// Content-Security-Policy allows scripts from this site only (app/security_headers.py).
import { initAll } from "/static/govuk/govuk-frontend.min.js"

initAll()
