"""Tasks for the worker-limit tests, in a module of their own: a worker imports it, so it imports little."""

import time
from pathlib import Path

from app.errors import Unprocessable


def hog_memory() -> int:
    return len(bytearray(3 * 2**30))


def spin() -> int:
    while True:
        pass


def sleep() -> int:
    time.sleep(60)
    return 0


def refuse() -> int:
    raise Unprocessable("Refused in the worker.", rule="in_worker", extra={"limit": 7})


def answer(path: Path) -> str:
    return path.read_text()
