"""Sign-in throttling with real server processes sharing one SQLite database (committed, not rolled back): the
count holds across processes, and a parallel flood of wrong passwords from one address is cut off."""

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.auth.models import SignInFailure
from app.auth.sign_in import set_password
from app.db import make_engine
from bench import servers
from tests.factories import make_user
from tests.migrate import migrate
from tests.web.helpers import PASSWORD


@pytest.fixture
def two_servers(tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    """Two app processes on one migrated SQLite file, and the email of a user with a password there."""
    url = f"sqlite:///{tmp_path / 'foi.db'}"
    migrate(url)
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        user, _ = make_user(session)
        set_password(session, user, PASSWORD, actor=None)
        session.commit()
        email = user.email
    engine.dispose()
    env = {"FOI_DATABASE_URL": url, "FOI_SECRET_KEY": "shared-by-both-processes"}
    first, first_url = servers.start("app.main:create_app", env)
    try:
        second, second_url = servers.start("app.main:create_app", env)
    except BaseException:
        servers.stop(first)
        raise
    try:
        yield email, [first_url, second_url]
    finally:
        servers.stop(first)
        servers.stop(second)


def attempt(base: str, email: str, password: str) -> httpx.Response:
    with httpx.Client(base_url=base, timeout=60) as browser:
        page = browser.get("/sign-in")
        token = re.search(r'name="sign_in_token" value="([^"]*)"', page.text)
        assert token, page.text
        return browser.post("/sign-in", data={"email": email, "password": password, "sign_in_token": token.group(1)})


def test_the_count_is_shared_by_every_process_and_a_flood_is_cut_off(
    two_servers: tuple[str, list[str]], tmp_path: Path
) -> None:
    email, bases = two_servers
    statuses = [attempt(bases[n % 2], email, "wrong password, try again").status_code for n in range(10)]
    assert statuses == [422] * 10
    assert [attempt(base, email, PASSWORD).status_code for base in bases] == [429, 429]

    # Twelve clients at once, each guessing for accounts of its own, from one address (127.0.0.1).
    def guess(n: int) -> int:
        return attempt(bases[n % 2], f"guess{n % 12}.{n}@example.org", "wrong password, try again").status_code

    with ThreadPoolExecutor(max_workers=12) as pool:
        flood = list(pool.map(guess, range(80)))
    assert set(flood) == {422, 429}
    engine = make_engine(f"sqlite:///{tmp_path / 'foi.db'}")
    with Session(engine) as session:
        counted = session.scalar(
            select(func.count()).select_from(SignInFailure).where(SignInFailure.address == "127.0.0.1")
        )
    engine.dispose()
    # The address's bound (50, ten of them the account's above), overshot at most by the attempts in flight.
    assert counted is not None
    assert 50 <= counted <= 50 + 12
    assert flood.count(422) == counted - 10
