"""List and search latency at scale, through the same service functions the API calls, against a keyset page
by primary key (the cheapest page the database can give)."""

import time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.document.models import Document
from app.document.service import list_documents
from app.foi_request.models import FoiRequest
from app.foi_request.service import ListFilters, list_requests
from bench.httpload import Stats


def _p50(session: Session, repeats: int, fn: Any) -> tuple[float, float]:
    fn()  # warm
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
        session.rollback()
    stats = Stats(latencies=times)
    return stats.percentile(50), stats.percentile(99)


def list_figures(factory: sessionmaker[Session], size: str) -> list[dict[str, Any]]:
    repeats = 20 if size == "small" else 50
    rows: list[dict[str, Any]] = []
    with factory() as session:
        cases = session.scalar(select(func.count()).select_from(FoiRequest)) or 0
        documents = session.scalar(select(func.count()).select_from(Document))
        middle = session.scalar(select(FoiRequest).order_by(FoiRequest.id).offset(cases // 2).limit(1))
        assert middle is not None
        scale = f"{cases:,} cases, {documents:,} documents"
        baseline, _ = _p50(
            session, repeats, lambda: list(session.scalars(select(FoiRequest).order_by(FoiRequest.id).limit(50)))
        )
        queries = {
            "list_due": ("first page by due date", ListFilters(sort="due_on")),
            "list_overdue": ("overdue, first page", ListFilters(overdue=True)),
            "search_text": ("free text 'library closures'", ListFilters(q="library closures")),
            "search_reference": (f"reference {middle.reference}", ListFilters(q=middle.reference)),
        }
        for name, (what, filters) in queries.items():
            p50, p99 = _p50(session, repeats, lambda f=filters: list_requests(session, f))
            rows.append(_row(name, p50, p99, baseline, f"{what}; {scale}", size))
        p50, p99 = _p50(session, repeats, lambda: list_documents(session, middle.id))
        rows.append(_row("list_documents", p50, p99, baseline, f"documents of one case; {scale}", size))
    return rows


def _row(name: str, p50: float, p99: float, baseline: float, what: str, size: str) -> dict[str, Any]:
    return {
        "name": name,
        "value": round(p50, 2),
        "unit": f"ms p50 (p99 {p99:.1f} ms; {what}; baseline = 50 rows by primary key)",
        "baseline": round(baseline, 2),
        "ratio": round(p50 / baseline, 2),
        "p99_ms": round(p99, 2),
        "size": size,
    }
