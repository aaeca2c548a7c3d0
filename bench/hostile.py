"""Hostile input figures (issue 14), on the SQLite default through a real uvicorn process.

- upload_bomb: the time to refuse a 0.5 MB Word document that unzips to 200 MB, and the server's peak memory
  (its process and every worker it forks) meanwhile, against the time and memory to accept an ordinary file.
- read_during_bomb: another signed-in user's read latency (worst) while bombs are being refused, against the
  same reads on an idle server.
- read_during_sign_in_flood: a signed-in user's read throughput while 20 clients post wrong passwords to the
  sign-in form, as a ratio to the same reads with no flood; both driven by wrk, so the driver is not the limit.
"""

import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from bench import servers, wrk
from bench.api import request_body
from bench.database import create_user_with_token


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (from /proc)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmRSS:"))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return total


class PeakMemory:
    """Samples a process tree's resident memory every 20 ms while in use; `.peak` is the highest seen."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss(self.pid))
            time.sleep(0.02)

    def __enter__(self) -> "PeakMemory":
        self.peak = _tree_rss(self.pid)
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _case(base: str, token: str) -> tuple[str, str]:
    auth = {"Authorization": f"Bearer {token}"}
    case = httpx.post(f"{base}/api/v1/requests", json=request_body(1), headers=auth).json()
    doc = httpx.post(
        f"{base}/api/v1/requests/{case['id']}/documents", json={"item": "1", "title": "Minutes"}, headers=auth
    ).json()
    return f"/api/v1/requests/{case['id']}", f"/api/v1/requests/{case['id']}/documents/{doc['id']}/content"


FLOODERS = 20
READERS = 4
# The sign-in form's CSRF check compares a cookie with a field; a script sets both, as any client can.
FLOOD_FORM_MARK = "bench-flood-form"


def sign_in_flood_figure(size: str) -> dict[str, Any]:
    """Both the flood and the reads come from wrk (bench/wrk.py), each its own process: the Python driver shares
    one GIL between the flooders and the readers and so measured itself, not the server."""
    from urllib.parse import urlencode

    from sqlalchemy.orm import Session

    import app.models  # noqa: F401 - every mapper known before the first flush
    from app.auth.models import User
    from app.auth.sign_in import set_password
    from app.db import make_engine

    duration = 4.0 if size == "small" else 15.0
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        from tests.migrate import migrate

        migrate(url)
        user_id, token = create_user_with_token(url, "officer", "Bench Officer")
        engine = make_engine(url)
        with Session(engine) as session, session.begin():
            user = session.get(User, user_id)
            assert user is not None
            set_password(session, user, "correct horse battery staple", None)
            email = user.email
        engine.dispose()
        with servers.serve("app.main:create_app", {"FOI_DATABASE_URL": url}) as base:
            case_path, _ = _case(base, token)
            auth = {"Authorization": f"Bearer {token}"}

            def reads(seconds: float) -> wrk.WrkStats:
                return wrk.run(f"{base}{case_path}", connections=READERS, seconds=seconds, headers=auth)

            reads(1.0)  # warm-up
            quiet = reads(duration)
            guess = urlencode({"email": email, "password": "wrong password", "sign_in_token": FLOOD_FORM_MARK})
            flood: list[wrk.WrkStats] = []
            flooding = threading.Thread(
                target=lambda: flood.append(
                    wrk.run(
                        f"{base}/sign-in",
                        connections=FLOODERS,
                        seconds=duration + 3,
                        method="POST",
                        body=guess,
                        headers={
                            "Content-Type": "application/x-www-form-urlencoded",
                            "Cookie": f"foi_sign_in_csrf={FLOOD_FORM_MARK}",
                        },
                    )
                )
            )
            flooding.start()
            time.sleep(2)  # the flood has locked the account and is being refused
            during = reads(duration)
            flooding.join()
    for name, stats in (("quiet", quiet), ("during", during)):
        if stats.socket_errors or stats.unexpected(frozenset({200})):
            raise RuntimeError(f"{name} reads failed: {dict(stats.statuses)}, {stats.socket_errors} socket errors")
    answers = dict(sorted(flood[0].statuses.items())) if flood else {}
    return {
        "name": "read_during_flood",
        "value": round(during.rate),
        "unit": (
            f"signed-in reads/s ({READERS} wrk clients) while {FLOODERS} wrk clients post wrong passwords (goal: "
            f"ratio >= 0.5); sign-in answers {answers}; p99 {during.p99_ms:.0f} ms vs {quiet.p99_ms:.0f} ms"
        ),
        "baseline": round(quiet.rate),
        "ratio": round(during.rate / quiet.rate, 2),
    }


def hostile_figures(size: str) -> list[dict[str, Any]]:
    from tests.bundle.test_hostile_files import docx_bomb

    bomb = docx_bomb(200)
    ordinary = (Path(__file__).resolve().parent.parent / "README.md").read_bytes()
    duration = 3.0 if size == "small" else 10.0
    bombs = 2 if size == "small" else 5
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        os.environ["FOI_DATABASE_URL"] = url
        from tests.migrate import migrate

        migrate(url)
        _, officer = create_user_with_token(url, "officer", "Bench Officer")
        _, reader = create_user_with_token(url, "officer", "Bench Reader")
        # Nothing remembered between uploads: each refusal is the worker's, as for a bomb altered each time it is sent.
        env = {"FOI_DATABASE_URL": url, "FOI_STORAGE_DIR": f"{tmp}/documents", "FOI_FILE_RESULT_CACHE_MB": "0"}
        process, base = servers.start("app.main:create_app", env)
        try:
            case_path, content_path = _case(base, officer)
            auth = {"Authorization": f"Bearer {officer}", "Content-Type": "application/octet-stream"}
            reader_auth = {"Authorization": f"Bearer {reader}"}

            def reads(seconds: float) -> wrk.WrkStats:
                return wrk.run(f"{base}{case_path}", connections=2, seconds=seconds, headers=reader_auth)

            reads(1.0)  # warm-up
            idle = reads(duration)

            def upload(data: bytes, expected: int) -> float:
                start = time.perf_counter()
                response = httpx.put(f"{base}{content_path}", content=data, headers=auth, timeout=120)
                took = time.perf_counter() - start
                if response.status_code != expected:
                    raise RuntimeError(f"upload answered {response.status_code}: {response.text[:300]}")
                return took

            upload(ordinary, 200)  # warm-up: the fork server starts
            with PeakMemory(process.pid) as ordinary_memory:
                ordinary_time = min(upload(ordinary, 200) for _ in range(3))
            times: list[float] = []

            def refuse_bombs() -> None:
                times.extend(upload(bomb, 422) for _ in range(bombs))

            with PeakMemory(process.pid) as bomb_memory:
                uploader = threading.Thread(target=refuse_bombs)
                uploader.start()
                during = reads(duration)
                uploader.join()
        finally:
            servers.stop(process)
    for name, stats in (("idle", idle), ("during", during)):
        if stats.socket_errors or stats.unexpected(frozenset({200})):
            raise RuntimeError(f"{name} reads failed: {dict(stats.statuses)}, {stats.socket_errors} socket errors")
    worst_idle, worst_during = idle.max_ms, during.max_ms
    mb = 1024 * 1024
    return [
        {
            "name": "upload_bomb",
            "value": round(max(times), 2),
            "unit": (
                f"s to refuse a {len(bomb) / mb:.1f} MB DOCX unzipping to 200 MB (worst of {len(times)}; goal < 5); "
                f"peak memory {bomb_memory.peak / mb:,.0f} MB vs {ordinary_memory.peak / mb:,.0f} MB for an "
                "ordinary upload (goal < 500)"
            ),
            "baseline": round(ordinary_time, 2),
            "ratio": round(max(times) / ordinary_time, 2),
        },
        {
            "name": "read_during_bomb",
            "value": round(worst_during, 1),
            "unit": (
                f"ms worst read latency while bombs are refused (goal < 1000); p50 {during.p50_ms:.1f} ms "
                f"vs {idle.p50_ms:.1f} ms idle, {during.rate:,.0f} vs {idle.rate:,.0f} reads/s"
            ),
            "baseline": round(worst_idle, 1),
            "ratio": round(worst_during / worst_idle, 2),
        },
        sign_in_flood_figure(size),
    ]
