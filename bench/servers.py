"""A real server process (uvicorn) on loopback, for the API benchmarks, the load test and the fault tests."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start(
    factory: str, env: dict[str, str] | None = None, *, port: int | None = None, log: IO[str] | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """Start `uvicorn --factory <factory>` and wait until /healthz answers; returns (process, base URL).

    With `log`, the server's output goes there (a test keeps it as an artefact) rather than to this terminal."""
    port = port or free_port()
    environment = {**os.environ, "FOI_EMBEDDED_WORKER": "false", **(env or {})}
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            factory,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
            # Longer than the client keeps an idle connection, so the server never closes one as a request arrives.
            "--timeout-keep-alive",
            "30",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT if log is not None else None,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{factory} exited with {process.returncode} before answering")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return process, base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{factory} did not answer on {base} within 60 s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def serve(factory: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """The server for the duration of the block; yields its base URL."""
    process, base = start(factory, env)
    try:
        yield base
    finally:
        stop(process)
