"""Where file bytes live: content-addressed by SHA-256, on the local filesystem or in S3-compatible storage.

Files are written before the unit of work commits; a rolled-back upload leaves an unreferenced file behind,
which is harmless (the same bytes always get the same key) and never reachable through the service.
"""

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any, Protocol

from app.config import Settings
from app.errors import NotFound, ServiceUnavailable


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def key_for(digest: str) -> str:
    return f"sha256/{digest[:2]}/{digest}"


class Storage(Protocol):
    def put(self, data: bytes) -> str: ...

    def get(self, key: str) -> bytes: ...


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
        return key

    def get(self, key: str) -> bytes:
        path = self.root / key
        if not path.is_file():
            raise NotFound(f"The stored file {key} is missing from {self.root}.")
        return path.read_bytes()


class S3Storage:
    def __init__(self, settings: Settings) -> None:
        try:
            import boto3
        except ImportError as exc:  # boto3 is needed only where S3 is configured
            raise ServiceUnavailable("FOI_STORAGE_S3_BUCKET is set but boto3 is not installed.") from exc
        assert settings.storage_s3_bucket is not None
        self.bucket = settings.storage_s3_bucket
        self.prefix = settings.storage_s3_prefix
        self.client: Any = boto3.client(
            "s3",
            endpoint_url=settings.storage_s3_endpoint_url,
            region_name=settings.storage_s3_region,
            aws_access_key_id=settings.storage_s3_access_key_id,
            aws_secret_access_key=settings.storage_s3_secret_access_key,
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


def _b64(hex_digest: str) -> str:
    import base64

    return base64.b64encode(bytes.fromhex(hex_digest)).decode()


def get_storage(settings: Settings) -> Storage:
    if settings.storage_s3_bucket:
        return S3Storage(settings)
    return LocalStorage(settings.storage_dir)
