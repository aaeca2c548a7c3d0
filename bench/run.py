"""`make bench`: each figure against a baseline measured in the same run, printed and written to bench/results/.

SIZE=small (CI's smoke test, well under two minutes) or SIZE=full (the default).
"""

import io
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SIZE = os.environ.get("SIZE", "full")
SCALE = {"small": 1, "full": 10}[SIZE]


def best_of(repeats: int, fn: Callable[[], object]) -> float:
    """The fastest of several runs, in seconds: the least disturbed by the rest of the machine."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def deadline() -> dict[str, object]:
    from app.deadline import uk_calendar

    calendar = uk_calendar()
    rng = Random(1)  # noqa: S311 - reproducible inputs, not secrets
    receipts = [date(2000, 1, 1) + timedelta(days=rng.randrange(90 * 365)) for _ in range(2_000 * SCALE)]

    def day_by_day(received: date, n: int = 20) -> date:
        # law.md 3.3: the straightforward loop over the same calendar.
        day, count = received, 0
        while count < n:
            day += timedelta(days=1)
            if calendar.is_working_day(day):
                count += 1
        return day

    assert all(calendar.nth_working_day_after(d, 20) == day_by_day(d) for d in receipts[:500])
    engine = best_of(3, lambda: [calendar.nth_working_day_after(d, 20) for d in receipts])
    loop = best_of(3, lambda: [day_by_day(d) for d in receipts])
    return {
        "name": "deadline",
        "value": round(len(receipts) / engine),
        "unit": "deadlines/s",
        "baseline": round(len(receipts) / loop),
        "ratio": round(loop / engine, 2),
    }


def letter_render() -> dict[str, object]:
    """The demo internal-review letter with a 300-row annex: our pipeline vs WeasyPrint alone on the same HTML."""
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["FOI_DATABASE_URL"] = f"sqlite:///{tmp}/bench.db"
        from pypdf import PdfReader
        from weasyprint import HTML

        from app.config import get_settings
        from app.db import session_scope
        from app.demo import load_demo
        from app.exemption.catalogue import load_catalogue
        from app.foi_request.models import FoiRequest
        from app.letter.builder import build_context
        from app.letter.context import AnnexRow
        from app.letter.render import render_html, render_pdf
        from tests.migrate import migrate

        migrate(os.environ["FOI_DATABASE_URL"])
        settings = get_settings()
        catalogue = load_catalogue(settings.exemptions_dir)
        with session_scope() as session:
            load_demo(session, catalogue)
            req = session.query(FoiRequest).one()
            context = build_context(session, req, "internal_review", catalogue, settings, date(2018, 4, 30))
        assert context.internal_review is not None
        base_rows = context.internal_review.annex.rows
        rows = [
            AnnexRow(
                item=f"{i + 1}",
                description=f"{base_rows[i % len(base_rows)].description} (copy {i})",
                decision=base_rows[i % len(base_rows)].decision,
                exemptions=base_rows[i % len(base_rows)].exemptions,
            )
            for i in range(300)
        ]
        annex = context.internal_review.annex.model_copy(update={"rows": rows})
        big = context.model_copy(
            update={"internal_review": context.internal_review.model_copy(update={"annex": annex})}
        )
        directory = settings.letter_templates_dir
        html = render_html(big, directory)
        pages = len(PdfReader(io.BytesIO(render_pdf(html, directory))).pages)
        repeats = 2 if SIZE == "small" else 5
        ours = best_of(repeats, lambda: render_pdf(render_html(big, directory), directory))
        alone = best_of(repeats, lambda: HTML(string=html, base_url=str(directory)).write_pdf(pdf_variant="pdf/ua-1"))
    return {
        "name": "letter_render",
        "value": round(ours, 3),
        "unit": f"s per letter ({pages} pages, 300-row annex)",
        "baseline": round(alone, 3),
        "ratio": round(ours / alone, 2),
    }


@contextmanager
def synthetic_postgres(name: str, count: int, *, open_recent: bool = False) -> Iterator[tuple[Any, Any]]:
    """A throwaway PostgreSQL database built from the migrations and filled by the synthetic generator.

    Yields (engine, session factory); the database is dropped afterwards, even when a benchmark fails."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.orm import sessionmaker

    from app.auth import service as auth_service
    from app.db import make_engine
    from app.synthetic import generate
    from tests.migrate import migrate

    server = os.environ.get("FOI_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    drop = text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    with admin.connect() as conn:
        conn.execute(drop)
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = None
    try:
        url = make_url(server).set(database=name).render_as_string(hide_password=False)
        migrate(url)
        engine = make_engine(url)
        factory = sessionmaker(bind=engine, expire_on_commit=False)
        with factory.begin() as session:
            owner = auth_service.create_user(
                session, name="Bench", email="bench@example.invalid", role="officer", actor=None
            )
            generate(session, count, owner.id, open_recent=open_recent)
        with engine.connect() as conn:
            conn.execute(text("ANALYZE"))
            conn.commit()
        yield engine, factory
    finally:
        if engine is not None:
            engine.dispose()
        with admin.connect() as conn:
            conn.execute(drop)
        admin.dispose()


def reminder_pass() -> dict[str, object]:
    """One reminder pass over N open cases in PostgreSQL vs reading the same candidate rows alone."""
    from sqlalchemy import text

    from app import timeutil
    from app.config import Settings
    from app.reminder import planner

    count = {"small": 20_000, "full": 1_000_000}[SIZE]
    settings = Settings(team_manager_email="manager@example.invalid")
    today = timeutil.today()
    with synthetic_postgres("foi_bench_reminders", count, open_recent=True) as (engine, factory):
        with factory() as session:
            query = planner.response_candidates_query(today)
            compiled = query.compile(engine, compile_kwargs={"literal_binds": True})
            plan_text = "\n".join(row[0] for row in session.execute(text(f"EXPLAIN {compiled}")))
            start = time.perf_counter()
            candidates = session.execute(query).all()
            read = time.perf_counter() - start
        start = time.perf_counter()
        with factory.begin() as session:
            result = planner.plan(session, today, settings)
        full = time.perf_counter() - start
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "reminder_pass_plan.txt").write_text(plan_text + "\n")
    return {
        "name": "reminder_pass",
        "value": round(full, 2),
        "unit": f"s per pass ({count:,} open cases, {len(candidates):,} candidates, {result.created:,} reminders)",
        "baseline": round(read, 2),
        "ratio": round(full / read, 2),
    }


def statistics_query() -> dict[str, object]:
    """Ten years of quarterly statistics over N requests in PostgreSQL vs counting the same rows."""
    from sqlalchemy import func, select

    from app.foi_request.models import FoiRequest
    from app.statistics.service import compute

    count = {"small": 20_000, "full": 1_000_000}[SIZE]
    start, end = date(2000, 1, 1), date(2100, 12, 31)
    with synthetic_postgres("foi_bench_statistics", count) as (_engine, factory), factory() as session:
        baseline = best_of(3, lambda: session.scalar(select(func.count()).select_from(FoiRequest)))
        took = best_of(3, lambda: compute(session, start, end, "quarter"))
        periods = len(compute(session, start, end, "quarter"))
    return {
        "name": "statistics",
        "value": round(took, 3),
        "unit": f"s for {periods} quarters over {count:,} requests",
        "baseline": round(baseline, 3),
        "ratio": round(took / baseline, 2),
    }


BENCHMARKS = [deadline, letter_render, reminder_pass, statistics_query]


def main() -> None:
    results = []
    print(f"make bench (SIZE={SIZE})")
    print(f"{'name':<16} {'value':>14} {'baseline':>14} {'ratio':>7}  unit")
    for bench in BENCHMARKS:
        row = {**bench(), "size": SIZE}
        results.append(row)
        print(f"{row['name']:<16} {row['value']:>14} {row['baseline']:>14} {row['ratio']:>7}  {row['unit']}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    for name in ("latest.json", f"{stamp}-{SIZE}.json"):
        (out / name).write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {out / 'latest.json'}")


if __name__ == "__main__":
    main()
