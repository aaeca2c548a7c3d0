"""Pruning stored files no row refers to: replaced originals and rolled-back uploads go, referenced files and files
younger than the grace period stay. On both databases, and through the `foi storage prune` command."""

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.bundle.prune import prune
from app.bundle.storage import LocalStorage
from tests.bundle.test_api import case, document
from tests.factories import bearer

TWO_DAYS = 2 * 24 * 3600


def age(root: Path, key: str, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(root / key, (then, then))


def test_prune_deletes_replaced_and_abandoned_files_only(
    client: TestClient, session: Session, storage_dir: Path
) -> None:
    req, officer, _ = case(client, session)
    store = LocalStorage(storage_dir)
    doc_id = document(client, req, officer, "1", b"The wrong paper: Jordan Avery's medical note.", "text/plain")
    replaced = store.put(b"The wrong paper: Jordan Avery's medical note.")
    up = client.put(
        f"/api/v1/requests/{req['id']}/documents/{doc_id}/content",
        content=b"The right paper: minutes of the board.",
        params={"filename": "minutes"},
        headers={**bearer(officer), "Content-Type": "text/plain"},
    )
    assert up.status_code == 200, up.text
    current = store.put(b"The right paper: minutes of the board.")
    abandoned = store.put(b"An upload whose unit of work rolled back.")
    in_flight = store.put(b"An upload still in flight.")
    for key in (replaced, current, abandoned):
        age(storage_dir, key, TWO_DAYS)
    age(storage_dir, in_flight, 3600)

    listed = prune(session, store, grace=timedelta(hours=24), dry_run=True)
    assert sorted(f.key for f in listed.unreferenced) == sorted([replaced, abandoned])
    assert listed.kept_in_grace == 1
    assert listed.bytes == len(b"The wrong paper: Jordan Avery's medical note.") + len(
        b"An upload whose unit of work rolled back."
    )
    assert (storage_dir / replaced).exists(), "a dry run deletes nothing"

    done = prune(session, store, grace=timedelta(hours=24))
    assert done.deleted
    assert not (storage_dir / replaced).exists()
    assert not (storage_dir / abandoned).exists()
    assert (storage_dir / current).exists()
    assert (storage_dir / in_flight).exists()
    content = client.get(f"/api/v1/requests/{req['id']}/documents/{doc_id}/content", headers=bearer(officer))
    assert content.content == b"The right paper: minutes of the board."
    assert prune(session, store).unreferenced == [], "a second pass finds nothing more"


def test_storing_the_same_bytes_again_makes_the_file_young(storage_dir: Path) -> None:
    """An old orphan that a new upload refers to again must survive the prune running while that upload commits."""
    store = LocalStorage(storage_dir)
    key = store.put(b"same bytes")
    age(storage_dir, key, TWO_DAYS)
    assert store.put(b"same bytes") == key
    assert time.time() - (storage_dir / key).stat().st_mtime < 60


def test_half_written_uploads_are_listed_under_their_own_names(storage_dir: Path) -> None:
    store = LocalStorage(storage_dir)
    key = store.put(b"complete")
    leftover = (storage_dir / key).parent / ".upload-crashed"
    leftover.write_bytes(b"half")
    assert sorted(f.key for f in store.stored()) == sorted([key, leftover.relative_to(storage_dir).as_posix()])


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    foi = str(Path(sys.executable).parent / "foi")
    return subprocess.run([foi, *args], env=env, capture_output=True, text=True, check=False)


def test_the_command_lists_then_deletes(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "FOI_DATABASE_URL": f"sqlite:///{tmp_path / 'foi.db'}",
        "FOI_STORAGE_DIR": str(tmp_path / "documents"),
    }
    assert run("db", "upgrade", env=env).returncode == 0
    store = LocalStorage(tmp_path / "documents")
    orphan = store.put(b"nobody refers to me")
    age(tmp_path / "documents", orphan, TWO_DAYS)

    dry = run("storage", "prune", "--dry-run", env=env)
    assert dry.returncode == 0, dry.stderr
    assert f"{orphan}: 19 bytes" in dry.stdout
    assert "1 unreferenced file(s), 19 bytes, would be deleted; 0 younger than 24 h kept." in dry.stdout
    assert (tmp_path / "documents" / orphan).exists()

    real = run("storage", "prune", env=env)
    assert real.returncode == 0, real.stderr
    assert "1 unreferenced file(s), 19 bytes, deleted" in real.stdout
    assert not (tmp_path / "documents" / orphan).exists()

    bad = run("storage", "prune", "--older-than-hours", "0", env=env)
    assert bad.returncode == 2
    assert "older-than-hours" in bad.stderr
