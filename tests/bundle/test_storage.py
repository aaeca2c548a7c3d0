"""Storage: content-addressed on disk by default, and in a real S3-compatible server on loopback when configured."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.bundle.storage import LocalStorage, S3Storage, get_storage, sha256
from app.config import Settings
from app.errors import NotFound
from bench.servers import free_port


def test_local_storage_is_content_addressed(tmp_path: Path) -> None:
    store = LocalStorage(tmp_path)
    key = store.put(b"board paper")
    assert key.endswith(sha256(b"board paper"))
    assert store.put(b"board paper") == key
    assert store.get(key) == b"board paper"
    with pytest.raises(NotFound):
        store.get("sha256/00/" + "0" * 64)


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    moto_server = pytest.importorskip("moto.server")
    port = free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def test_s3_storage_round_trip(s3_endpoint: str) -> None:
    import boto3

    settings = Settings(
        storage_s3_bucket="foi-documents",
        storage_s3_endpoint_url=s3_endpoint,
        storage_s3_region="eu-west-2",
        storage_s3_access_key_id="test",
        storage_s3_secret_access_key="test",
        storage_s3_prefix="council/",
    )
    boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name="eu-west-2", aws_access_key_id="test", aws_secret_access_key="test"
    ).create_bucket(Bucket="foi-documents", CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    store = get_storage(settings)
    assert isinstance(store, S3Storage)
    key = store.put(b"%PDF-1.7 released copy")
    assert store.get(key) == b"%PDF-1.7 released copy"
    with pytest.raises(NotFound):
        store.get("sha256/00/" + "0" * 64)


def test_s3_storage_lists_and_deletes_under_its_prefix(s3_endpoint: str) -> None:
    import boto3

    client = boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name="eu-west-2", aws_access_key_id="test", aws_secret_access_key="test"
    )
    client.create_bucket(Bucket="foi-prune", CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    client.put_object(Bucket="foi-prune", Key="other-service/sha256/aa/not-ours", Body=b"x")
    settings = Settings(
        storage_s3_bucket="foi-prune",
        storage_s3_endpoint_url=s3_endpoint,
        storage_s3_region="eu-west-2",
        storage_s3_access_key_id="test",
        storage_s3_secret_access_key="test",
        storage_s3_prefix="council/",
    )
    store = get_storage(settings)
    keep, drop = store.put(b"kept"), store.put(b"dropped")
    listed = {f.key: f for f in store.stored()}
    assert listed.keys() == {keep, drop}, "only this service's prefix is listed"
    assert listed[drop].size == len(b"dropped")
    store.delete(drop)
    assert [f.key for f in store.stored()] == [keep]
    with pytest.raises(NotFound):
        store.get(drop)
    assert client.get_object(Bucket="foi-prune", Key="other-service/sha256/aa/not-ours")["Body"].read() == b"x"


def test_s3_storage_builds_one_client_per_configuration(s3_endpoint: str) -> None:
    def settings(prefix: str) -> Settings:
        return Settings(
            storage_s3_bucket="foi-documents",
            storage_s3_endpoint_url=s3_endpoint,
            storage_s3_region="eu-west-2",
            storage_s3_access_key_id="test",
            storage_s3_secret_access_key="test",
            storage_s3_prefix=prefix,
        )

    assert get_storage(settings("council/")) is get_storage(settings("council/"))
    assert get_storage(settings("other/")) is not get_storage(settings("council/"))
