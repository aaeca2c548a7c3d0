"""A small closed-loop HTTP load driver (httpx + asyncio): N clients, each sending its next request as soon as the
last one answers, for a fixed time. Used by the API benchmarks, `make load` and the load smoke test."""

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

# What a client sends next: (method, path, json body or None, expected status codes). A PATCH or PUT is sent as a
# careful client sends it: the path is read first and its ETag goes back as If-Match (the read is not measured).
Plan = tuple[str, str, Any, frozenset[int]]
EDITS = frozenset({"PATCH", "PUT"})
Planner = Callable[[int, int], Plan]


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    by_kind: Counter[str] = field(default_factory=Counter)
    elapsed: float = 0.0

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def percentile(self, q: float) -> float:
        """The q-th percentile latency in milliseconds (nearest rank)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
        return ordered[rank] * 1000

    @property
    def rate(self) -> float:
        return self.count / self.elapsed if self.elapsed else 0.0

    def summary(self) -> str:
        return (
            f"{self.count:,} requests in {self.elapsed:.1f} s = {self.rate:,.0f}/s; "
            f"p50 {self.percentile(50):.1f} ms, p99 {self.percentile(99):.1f} ms; errors {self.error_count}"
            + (f" {dict(self.errors)}" if self.errors else "")
        )


async def _drive(base: str, headers: dict[str, str], clients: int, duration: float, plan: Planner) -> Stats:
    stats = Stats()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients, keepalive_expiry=10)
    timeout = httpx.Timeout(60.0)
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=timeout) as http:
        start = time.perf_counter()
        stop_at = start + duration

        async def client(n: int) -> None:
            i = 0
            while time.perf_counter() < stop_at:
                method, path, body, expected = plan(n, i)
                i += 1
                try:
                    if_match: dict[str, str] = {}
                    if method in EDITS:
                        read = await http.get(path)
                        if_match = {"If-Match": read.headers["ETag"]} if "ETag" in read.headers else {}
                    sent = time.perf_counter()
                    response = await http.request(method, path, json=body, headers=if_match)
                except httpx.HTTPError as exc:
                    stats.errors[f"{method} {path.split('?')[0]}: {type(exc).__name__}"] += 1
                    continue
                stats.latencies.append(time.perf_counter() - sent)
                stats.by_kind[method] += 1
                if response.status_code not in expected:
                    stats.errors[f"{method} {path.split('?')[0]}: HTTP {response.status_code}"] += 1

        await asyncio.gather(*(client(n) for n in range(clients)))
        stats.elapsed = time.perf_counter() - start
    return stats


def drive(base: str, clients: int, duration: float, plan: Planner, headers: dict[str, str] | None = None) -> Stats:
    """Run the load for `duration` seconds and return what was measured."""
    return asyncio.run(_drive(base, headers or {}, clients, duration, plan))


def constant(method: str, path: str, body: Any = None, expected: int = 200) -> Planner:
    """The same request every time."""
    codes = frozenset({expected})
    return lambda _client, _i: (method, path, body, codes)
