"""Work on untrusted files runs in worker processes, each within CPU-time, memory and wall-clock limits.

A hostile file (an XML bomb, a PDF whose streams expand without end) then costs at most one worker's limits:
the server process, its memory and its database connections are untouched, and other users carry on. Each task
gets a fresh process forked from a server that has already imported the readers, so the limits apply to that
task alone and a crash takes nothing else with it. At most `file_workers` run at once; the rest wait their turn.

What a task answered is kept, in this process, by a hash of the task and its inputs (a file by its content): the
same hostile file sent again is refused without a worker, and a bundle built again re-releases only the documents
whose file or redactions changed. The memo is bounded in bytes (FOI_FILE_RESULT_CACHE_MB), least recently used out
first; a refusal for running out of wall-clock time is never kept, since a busy machine may explain it.
"""

import hashlib
import multiprocessing
import pickle
import resource
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext
from pathlib import Path
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
    memo_bytes: int = 0  # 0 keeps nothing

    @classmethod
    def of(cls, settings: Settings) -> "WorkerLimits":
        return cls(
            processes=max(1, settings.file_workers),
            cpu_seconds=settings.file_worker_cpu_seconds,
            memory_bytes=settings.file_worker_memory_mb * 1024 * 1024,
            wall_seconds=settings.file_worker_wall_seconds,
            memo_bytes=settings.file_result_cache_mb * 1024 * 1024,
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


# An outcome as it came from the worker: ("ok", result), ("refused", AppError), ("unreadable", message) or
# ("memory", None), pickled by the worker itself (trusted: it is our own child, and the bytes never leave here).
Outcome = bytes


class Memo:
    """Outcomes by key, at most `max_bytes` of them, least recently used dropped first; one run per key at a time,
    so twenty copies of one file sent together cost one worker."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, Outcome] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self._running: dict[str, threading.Lock] = {}

    def get(self, key: str) -> Outcome | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: str, outcome: Outcome) -> None:
        if len(outcome) > self.max_bytes:
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = outcome
            self._size += len(outcome)
            while self._size > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped)

    def turn(self, key: str) -> threading.Lock:
        with self._lock:
            return self._running.setdefault(key, threading.Lock())

    def done(self, key: str) -> None:
        with self._lock:
            self._running.pop(key, None)

    def held_bytes(self) -> int:
        with self._lock:
            return self._size


_memos: dict[int, Memo] = {}


def memo_for(max_bytes: int) -> Memo:
    with _slots_lock:
        return _memos.setdefault(max_bytes, Memo(max_bytes))


def _digest(value: Any, into: "hashlib._Hash") -> None:
    """Feed an input to the key: bytes and files by their content, containers item by item, anything else (our
    frozen dataclasses, strings, numbers, enums) by its repr, which names its type and every field."""
    if isinstance(value, bytes | bytearray | memoryview):
        into.update(b"bytes:%d:" % len(value))
        into.update(value)
    elif isinstance(value, Path):
        into.update(b"file:")
        with value.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                into.update(chunk)
    elif isinstance(value, list | tuple):
        into.update(b"seq:%d:" % len(value))
        for item in value:
            _digest(item, into)
    else:
        text = repr(value).encode()
        into.update(b"repr:%d:" % len(text))
        into.update(text)


def memo_key(task: Callable[..., Any], args: tuple[Any, ...], limits: WorkerLimits) -> str:
    digest = hashlib.sha256(f"{task.__module__}.{task.__qualname__}".encode())
    _digest((limits.cpu_seconds, limits.memory_bytes, *args), digest)
    return digest.hexdigest()


# In this process: "started", the worker processes started; "remembered", the answers given from the memo.
activity: Counter[str] = Counter()


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
        out.send_bytes(pickle.dumps(result))
    except MemoryError:
        out.send_bytes(pickle.dumps(("memory", None)))
    finally:
        out.close()


def run(task: Callable[..., T], *args: Any, limits: WorkerLimits, what: str = "the file") -> T:
    """`task(*args)` in a worker process within `limits`, or what it answered before for the same inputs; its
    AppErrors are raised here as they were there."""
    if limits.memo_bytes <= 0:
        outcome = _run(task, args, limits, what)
    else:
        memo = memo_for(limits.memo_bytes)
        key = memo_key(task, args, limits)
        with memo.turn(key):
            try:
                found = memo.get(key)
                activity["remembered"] += found is not None
                outcome = found if found is not None else _run(task, args, limits, what)
                memo.put(key, outcome)
            finally:
                memo.done(key)
    result: T = _answer(outcome, limits, what)
    return result


def _run(task: Callable[..., Any], args: tuple[Any, ...], limits: WorkerLimits, what: str) -> Outcome:
    with _slots_for(limits.processes):
        receiving, sending = _context().Pipe(duplex=False)
        process = _context().Process(target=_child, args=(sending, task, args, limits), daemon=True)
        process.start()
        activity["started"] += 1
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
                raw: Outcome | None = receiving.recv_bytes()
            except EOFError:
                raw = None
        finally:
            receiving.close()
            if process.is_alive():
                process.kill()
            process.join()
    # Killed with no answer (past the CPU limit, or in a reader's C code): as much the file's doing as running out
    # of memory, so it is kept like an answer.
    return raw if raw is not None else pickle.dumps(("memory", process.exitcode))


def _answer(raw: Outcome, limits: WorkerLimits, what: str) -> Any:
    outcome, value = pickle.loads(raw)  # noqa: S301 - our own worker's bytes, see Outcome
    if outcome == "ok":
        return value
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
        extra={"worker_exit_code": value},
    )
