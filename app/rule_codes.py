"""The rule codes an error answer can carry, each once: app/rule_codes.toml says what it means and its status.

The table is data: the OpenAPI description lists it, so a client can look up any `rule` it is given, and
tests/test_rule_codes.py holds the code to it (every code raised is here, every code here is raised, each with the
status it is raised with)."""

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).with_name("rule_codes.toml")


@dataclass(frozen=True)
class RuleCode:
    code: str
    statuses: tuple[int, ...]
    meaning: str


@lru_cache
def rule_codes() -> dict[str, RuleCode]:
    data = tomllib.loads(TABLE.read_text(encoding="utf-8"))
    table = {}
    for code, entry in data.items():
        status = entry["status"]
        table[code] = RuleCode(code, tuple(status) if isinstance(status, list) else (status,), entry["meaning"])
    return table


def openapi_description() -> str:
    """The API's description: how errors answer, and every rule code in a table."""
    rows = "\n".join(
        f"| `{r.code}` | {', '.join(map(str, r.statuses))} | {r.meaning.replace('|', '/')} |"
        for r in rule_codes().values()
    )
    return (
        "Every error answers with `error` and `detail` (what is wrong and how to fix it, in words); a broken rule "
        "of law or process adds `rule`, a stable code, and often `field` (the input it concerns) and `how` (where "
        "on the API to do what the detail asks). The codes:\n\n"
        f"| rule | status | meaning |\n|---|---|---|\n{rows}\n"
    )
