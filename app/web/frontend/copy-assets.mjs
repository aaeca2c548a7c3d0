// Copy the built JS next to the compiled CSS. Not the fonts or the crown images:
// both belong to GOV.UK services only.
import { cpSync, mkdirSync } from "node:fs";

const dist = "node_modules/govuk-frontend/dist/govuk";
const out = "../../static/govuk";
mkdirSync(out, { recursive: true });
cpSync(`${dist}/govuk-frontend.min.js`, `${out}/govuk-frontend.min.js`);
