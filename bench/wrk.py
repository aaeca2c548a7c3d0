"""HTTP load from `wrk` (Debian's package, in C): a load generator that is not the bottleneck.

The Python driver (httpload.py) tops out near 300 requests/s on these machines and shares the GIL with whatever
else the bench process does, so a figure it measures can be the driver's limit rather than the server's. wrk runs
as its own process; a small Lua script sets the request and reports, as one JSON line, the request count, the
latency percentiles and the answers by status.
"""

import json
import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

# Per-thread status counts are gathered in done() through thread:get (wrk copies tables between Lua states).
_SCRIPT = """
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)  -- each thread's own number, for bodies unique across threads
end
wrk.method = %(method)s
wrk.body = %(body)s
%(headers)s
%(request)s
statuses = {}
function response(status, headers, body)
  statuses[tostring(status)] = (statuses[tostring(status)] or 0) + 1
end
function done(summary, latency, requests)
  local all = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do all[status] = (all[status] or 0) + count end
  end
  local parts = {}
  for status, count in pairs(all) do table.insert(parts, string.format('"%%s": %%d', status, count)) end
  local e = summary.errors
  io.write(string.format(
    'WRK-JSON {"requests": %%d, "seconds": %%.3f, "p50_ms": %%.3f, "p99_ms": %%.3f, "max_ms": %%.3f, '
    .. '"socket_errors": %%d, "statuses": {%%s}}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(99) / 1e3,
    latency.max / 1e3, e.connect + e.read + e.write + e.timeout, table.concat(parts, ", ")))
end
"""


@dataclass
class WrkStats:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    socket_errors: int
    statuses: Counter[int] = field(default_factory=Counter)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def unexpected(self, expected: frozenset[int]) -> dict[int, int]:
        return {status: n for status, n in self.statuses.items() if status not in expected}


def _lua(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid Lua string literal for the ASCII we send


def available() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise RuntimeError("wrk is not installed: `apt-get install wrk` (make bench installs it)")
    return found


def run(
    url: str,
    *,
    connections: int,
    seconds: float,
    method: str = "GET",
    body: str = "",
    headers: dict[str, str] | None = None,
    threads: int = 1,
    request: str = "",
) -> WrkStats:
    """`connections` closed-loop clients against `url` for `seconds`; each sends its next request when the last
    one has been answered. `request` is Lua for a `request = function() ... end` that makes each request (a body
    of its own per request, say); without it every request is the same."""
    header_lines = "\n".join(f"wrk.headers[{_lua(k)}] = {_lua(v)}" for k, v in (headers or {}).items())
    script = _SCRIPT % {"method": _lua(method), "body": _lua(body), "headers": header_lines, "request": request}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.lua"
        path.write_text(script)
        finished = subprocess.run(  # noqa: S603 - our own arguments
            [
                available(),
                f"--threads={max(1, min(threads, connections))}",
                f"--connections={connections}",
                f"--duration={max(1, round(seconds))}s",
                "--timeout=60s",
                f"--script={path}",
                url,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    line = next((ln for ln in finished.stdout.splitlines() if ln.startswith("WRK-JSON ")), None)
    if finished.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({finished.returncode}): {finished.stderr.strip() or finished.stdout[-500:]}")
    data = json.loads(line.removeprefix("WRK-JSON "))
    statuses = Counter({int(status): count for status, count in data.pop("statuses").items()})
    return WrkStats(**data, statuses=statuses)
