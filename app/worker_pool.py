"""Work on untrusted files runs in worker processes, each within CPU-time, memory and wall-clock limits.

A hostile file (an XML bomb, a PDF whose streams expand without end) then costs at most one worker's limits:
the server process, its memory and its database connections are untouched, and other users carry on. Each task
gets a fresh process forked from a server that has already imported the readers, so the limits apply to that
task alone and a crash takes nothing else with it. At most `file_workers` run at once; the rest wait their turn.
"""

import multiprocessing
import resource
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext
from typing import Any, TypeVar

from app.config import Settings
from app.errors import AppError, Unprocessable

T = TypeVar("T")
# Imported once in the fork server, so each worker starts in milliseconds with the readers loaded.
PRELOAD = ["app.bundle.file_reading", "app.bundle.release", "weasyprint", "pypdfium2", "pikepdf"]


@dataclass(frozen=True)
class WorkerLimits:
    processes: int
    cpu_seconds: int
    memory_bytes: int
    wall_seconds: float

    @classmethod
    def of(cls, settings: Settings) -> "WorkerLimits":
        return cls(
            processes=max(1, settings.file_workers),
            cpu_seconds=settings.file_worker_cpu_seconds,
            memory_bytes=settings.file_worker_memory_mb * 1024 * 1024,
            wall_seconds=settings.file_worker_wall_seconds,
        )


@lru_cache
def _context() -> ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


_slots_lock = threading.Lock()
_slots: dict[int, threading.BoundedSemaphore] = {}


def _slots_for(processes: int) -> threading.BoundedSemaphore:
    with _slots_lock:
        return _slots.setdefault(processes, threading.BoundedSemaphore(processes))


def _child(out: Connection, task: Callable[..., Any], args: tuple[Any, ...], limits: WorkerLimits) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    try:
        result: tuple[str, Any] = ("ok", task(*args))
    except AppError as exc:
        result = ("refused", exc)
    except MemoryError:
        result = ("memory", None)
    except RecursionError:
        result = ("memory", None)
    except Exception as exc:  # anything else a reader raises on a malformed file is a refusal, not a crash
        result = ("unreadable", f"{type(exc).__name__}: {exc}"[:300])
    try:
        out.send(result)
    except MemoryError:
        out.send(("memory", None))
    finally:
        out.close()


def run(task: Callable[..., T], *args: Any, limits: WorkerLimits, what: str = "the file") -> T:
    """`task(*args)` in a worker process within `limits`; its AppErrors are raised here as they were there."""
    with _slots_for(limits.processes):
        receiving, sending = _context().Pipe(duplex=False)
        process = _context().Process(target=_child, args=(sending, task, args, limits), daemon=True)
        process.start()
        sending.close()
        try:
            if not receiving.poll(limits.wall_seconds):
                raise Unprocessable(
                    f"Reading {what} took longer than {limits.wall_seconds:.0f} seconds, the limit "
                    "(FOI_FILE_WORKER_WALL_SECONDS). Split it into smaller files, or save it as PDF, and upload "
                    "those.",
                    rule="file_too_complex",
                )
            try:
                outcome, value = receiving.recv()
            except EOFError:
                outcome, value = "died", None
        finally:
            receiving.close()
            if process.is_alive():
                process.kill()
            process.join()
    if outcome == "ok":
        result: T = value
        return result
    if outcome == "refused":
        raise value
    if outcome == "unreadable":
        raise Unprocessable(f"{what.capitalize()} cannot be read ({value}).", rule="unreadable_file")
    # Out of memory, past the CPU limit (SIGXCPU), or killed in a reader's C code: the file cost too much.
    raise Unprocessable(
        f"Reading {what} needed more than the {limits.memory_bytes // 2**20:,} MB of memory or "
        f"{limits.cpu_seconds} seconds of processing a file may use (FOI_FILE_WORKER_MEMORY_MB, "
        "FOI_FILE_WORKER_CPU_SECONDS). Split it into smaller files, or save it as PDF, and upload those.",
        rule="file_too_complex",
        extra={"worker_exit_code": process.exitcode},
    )
