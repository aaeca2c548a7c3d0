"""A real server process and a real browser: uvicorn on loopback, Debian's Chromium driven by Playwright.

Playwright never downloads a browser here: it drives /usr/bin/chromium (FOI_TEST_CHROMIUM to override).
"""

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright
from sqlalchemy.orm import Session

from app.auth import service as auth_service
from app.auth.sign_in import set_password
from app.db import make_engine
from bench import servers
from bench.database import throwaway_database
from bench.servers import free_port
from tests.conftest import BACKENDS, require_postgres
from tests.migrate import migrate

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("FOI_TEST_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(os.environ.get("FOI_TEST_ARTIFACTS", ROOT / "var" / "test-artifacts"))
PASSWORD = "correct horse battery staple"
PEOPLE = {
    "officer": ("Olive Officer", "olive.officer@example.org", "officer"),
    "reviewer": ("Rita Reviewer", "rita.reviewer@example.org", "reviewer"),
    "qualified_person": ("Quentin Qualified", "quentin.qp@example.org", "qualified_person"),
    "admin": ("Ada Admin", "ada.admin@example.org", "admin"),
}


@dataclass(frozen=True)
class Server:
    base_url: str
    backend: str
    artifacts: Path


def _database(backend: str, tmp: Path) -> Iterator[str]:
    """A migrated database of the backend, for the whole module."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp / 'browser.db'}"
        migrate(url)
        yield url
        return
    require_postgres()
    with throwaway_database() as url:
        yield url


def _people(url: str) -> None:
    engine = make_engine(url)
    with Session(engine) as session:
        for name, email, role in PEOPLE.values():
            user = auth_service.create_user(session, name=name, email=email, role=role, actor=None)
            set_password(session, user, PASSWORD, actor=None)
        session.commit()
    engine.dispose()


@pytest.fixture(scope="module", params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("browser")
    for url in _database(request.param, tmp):
        _people(url)
        port = free_port()
        env = {
            "FOI_DATABASE_URL": url,
            "FOI_SECRET_KEY": uuid.uuid4().hex,
            "FOI_MAIL_DIR": str(tmp / "mail"),
            "FOI_STORAGE_DIR": str(tmp / "documents"),
            "FOI_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
            "FOI_EMBEDDED_WORKER": "true",  # bundles are made by the server's own worker thread, as in `foi serve`
        }
        artifacts = ARTIFACTS / request.param
        shutil.rmtree(artifacts, ignore_errors=True)  # this run's screenshots only
        artifacts.mkdir(parents=True, exist_ok=True)
        log_path = artifacts / "server.log"
        with log_path.open("w") as log:
            try:
                process, base_url = servers.start("app.main:create_app", env, port=port, log=log)
            except RuntimeError as exc:
                pytest.fail(f"{exc}: {log_path.read_text()[-2000:]}")
            try:
                yield Server(base_url, request.param, artifacts)
            finally:
                servers.stop(process)


# Module scope: Playwright's sync API runs an event loop while it is open; closing it with this module keeps
# asyncio.run() usable by the tests that come after.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: `make test` installs Debian's chromium", pytrace=False)
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: `make test` runs npm ci in tests/browser", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
