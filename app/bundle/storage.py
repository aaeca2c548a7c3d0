"""Where file bytes live: content-addressed by SHA-256, on the local filesystem or in S3-compatible storage.

Files are written before the unit of work commits, so a rolled-back upload, or a file replaced by a new upload,
leaves an unreferenced file behind. Nothing in the service can reach it, but it still holds what somebody uploaded,
so `foi storage prune` (app/bundle/prune.py) deletes such files once they are older than a grace period. Every put
refreshes the file's modification time, even when the same bytes are already stored, so a file that a unit of
work is about to reference again is always younger than the grace period.
"""

import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from app.config import Settings
from app.errors import NotFound, ServiceUnavailable


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def key_for(digest: str) -> str:
    return f"sha256/{digest[:2]}/{digest}"


@dataclass(frozen=True)
class StoredFile:
    key: str
    size: int
    modified: datetime


class Storage(Protocol):
    def put(self, data: bytes) -> str: ...

    def get(self, key: str) -> bytes: ...

    def stored(self) -> Iterator[StoredFile]:
        """Every file under the content-addressed keys, with its last write."""
        ...

    def delete(self, key: str) -> None: ...


class LocalStorage:
    def __init__(self, root: Path) -> None:
        self.root = root

    def put(self, data: bytes) -> str:
        key = key_for(sha256(data))
        path = self.root / key
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            # Write then rename, so a reader never sees half a file.
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        else:
            os.utime(path)  # a fresh write for the prune's grace period
        return key

    def get(self, key: str) -> bytes:
        path = self.root / key
        if not path.is_file():
            raise NotFound(f"The stored file {key} is missing from {self.root}.")
        return path.read_bytes()

    def stored(self) -> Iterator[StoredFile]:
        # Half-written uploads (".upload-*", left by a crash before the rename) are listed too, under their own
        # names, so the prune clears them once they are old.
        for path in sorted((self.root / "sha256").glob("*/*")):
            if path.is_file():
                info = path.stat()
                modified = datetime.fromtimestamp(info.st_mtime, UTC)
                yield StoredFile(path.relative_to(self.root).as_posix(), info.st_size, modified)

    def delete(self, key: str) -> None:
        (self.root / key).unlink(missing_ok=True)


class S3Storage:
    def __init__(
        self,
        bucket: str,
        prefix: str,
        endpoint_url: str | None,
        region: str | None,
        access_key_id: str | None,
        secret_access_key: str | None,
    ) -> None:
        try:
            import boto3
        except ImportError as exc:  # boto3 is needed only where S3 is configured
            raise ServiceUnavailable("FOI_STORAGE_S3_BUCKET is set but boto3 is not installed.") from exc
        self.bucket = bucket
        self.prefix = prefix
        self.client: Any = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=region,
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
        )

    def put(self, data: bytes) -> str:
        digest = sha256(data)
        key = key_for(digest)
        self.client.put_object(Bucket=self.bucket, Key=self.prefix + key, Body=data, ChecksumSHA256=_b64(digest))
        return key

    def get(self, key: str) -> bytes:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self.prefix + key)
        except self.client.exceptions.NoSuchKey as exc:
            raise NotFound(f"The stored file {key} is missing from bucket {self.bucket}.") from exc
        body: bytes = response["Body"].read()
        return body

    def stored(self) -> Iterator[StoredFile]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix + "sha256/"
        )
        for page in pages:
            for item in page.get("Contents", []):
                yield StoredFile(item["Key"].removeprefix(self.prefix), item["Size"], item["LastModified"])

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.prefix + key)


def _b64(hex_digest: str) -> str:
    import base64

    return base64.b64encode(bytes.fromhex(hex_digest)).decode()


# One client per configuration and process: building a boto3 client costs milliseconds, and a bundle reads
# every document's file. Clients are thread-safe.
_s3_storage = lru_cache(maxsize=4)(S3Storage)


def get_storage(settings: Settings) -> Storage:
    if settings.storage_s3_bucket:
        return _s3_storage(
            settings.storage_s3_bucket,
            settings.storage_s3_prefix,
            settings.storage_s3_endpoint_url,
            settings.storage_s3_region,
            settings.storage_s3_access_key_id,
            settings.storage_s3_secret_access_key,
        )
    return LocalStorage(settings.storage_dir)
