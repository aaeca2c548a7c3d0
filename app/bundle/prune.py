"""Deleting stored files that no row refers to any more: rolled-back uploads and replaced originals.

UK GDPR Article 5(1)(e) (storage limitation): a file an officer replaced because it was the wrong one, or an upload
that never committed, must not linger in storage just because nothing in the service can reach it.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from app.bundle.models import BundleBuild, DocumentFile, PublishedFile
from app.bundle.storage import Storage, StoredFile

# Longer than any unit of work runs: a file put by a request still in flight is younger than this.
DEFAULT_GRACE = timedelta(hours=24)


@dataclass(frozen=True)
class PruneReport:
    unreferenced: list[StoredFile]
    kept_in_grace: int
    deleted: bool

    @property
    def bytes(self) -> int:
        return sum(f.size for f in self.unreferenced)


def referenced_keys(session: Session) -> set[str]:
    keys = union(select(DocumentFile.storage_key), select(PublishedFile.storage_key))
    made = select(BundleBuild.storage_key).where(BundleBuild.storage_key.is_not(None))
    return set(session.scalars(select(keys.subquery().c.storage_key))) | {k for k in session.scalars(made) if k}


def prune(
    session: Session, storage: Storage, *, grace: timedelta = DEFAULT_GRACE, dry_run: bool = False
) -> PruneReport:
    """Delete (or, with dry_run, list) the stored files no row refers to that were last written before the grace
    period.

    The cutoff is taken before the references are read, and every put refreshes a file's time: a row committed after
    the read had its file put less than `grace` before that commit, so after the cutoff, and the file is kept.
    File times are the storage's own clock, so the cutoff is the real time, never a test's frozen one.
    """
    cutoff: datetime = datetime.now(UTC) - grace
    referenced = referenced_keys(session)
    orphans = [f for f in storage.stored() if f.key not in referenced]
    old = [f for f in orphans if f.modified < cutoff]
    if not dry_run:
        for file in old:
            storage.delete(file.key)
    return PruneReport(unreferenced=old, kept_in_grace=len(orphans) - len(old), deleted=not dry_run)
