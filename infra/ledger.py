"""An append-only ledger of records kept in a storage of its own (a folder, or a bucket).

Each record is one JSON file named after the moment it was written, never rewritten: appending
needs no lock, works the same on a local disk and in object storage, and any app server can
write while another reads. The ledger must live outside what a backup copies (the database and
the media storage), since its purpose is to outlive a restore.
"""

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages

STAMP = "%Y%m%dT%H%M%S.%fZ"
BUCKET_ALIAS = "withdrawal_ledger"  # the STORAGES entry of a ledger in a bucket


def bucket_storage(environ):
    """The STORAGES entry of a ledger in the bucket WITHDRAWAL_LEDGER_BUCKET, reached with the
    media's endpoint, keys and addressing style (production settings, the restore drill)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": environ["WITHDRAWAL_LEDGER_BUCKET"].strip(),
            "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL") or None,
            "access_key": environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "region_name": environ.get("AWS_S3_REGION_NAME") or None,
            # Without it, boto3 addresses a named host (http://seaweedfs:8333) by subdomain.
            "addressing_style": environ.get("AWS_S3_ADDRESSING_STYLE") or None,
            "file_overwrite": False,  # a record is never replaced
        },
    }


def _buckets(options):
    """The bucket names in a STORAGES entry's options (one bucket, or split over two)."""
    nested = [value for value in options.values() if isinstance(value, dict)]
    return {options.get("bucket_name"), *(value.get("bucket_name") for value in nested)} - {None}


def ledger_storage(location):
    """The storage behind a ledger setting: the name of a STORAGES entry (a bucket), or a
    folder. A folder inside MEDIA_ROOT, or a media bucket, is refused: a media backup would
    carry the ledger (and a public bucket would publish it)."""
    if location in settings.STORAGES:
        bucket = _buckets(settings.STORAGES[location].get("OPTIONS", {}))
        media = _buckets(settings.STORAGES["default"].get("OPTIONS", {}))
        if bucket & media:
            raise ImproperlyConfigured(
                f"The ledger's bucket {', '.join(sorted(bucket))} is a media bucket: give it one "
                "of its own (WITHDRAWAL_LEDGER_BUCKET)."
            )
        return storages[location]
    folder = Path(location).resolve()
    media = Path(settings.MEDIA_ROOT).resolve()
    if folder == media or media in folder.parents:
        raise ImproperlyConfigured(f"The ledger {folder} must not be inside MEDIA_ROOT ({media}).")
    return FileSystemStorage(location=folder)


class LedgerUnavailable(Exception):
    """The ledger cannot be read: whoever relies on it must stop rather than assume it empty."""


class Ledger:
    def __init__(self, storage):
        self.storage = storage

    def append(self, record):
        """Write `record` (a dict of JSON values) with the current time as `at`."""
        at = datetime.now(UTC)
        name = f"{at.strftime(STAMP)}-{uuid.uuid4().hex}.json"
        body = json.dumps({"at": at.isoformat(), **record}, sort_keys=True)
        return self.storage.save(name, ContentFile(body.encode()))

    def since(self, moment):
        """Every record written at or after `moment` (an aware datetime), oldest first."""
        threshold = moment.astimezone(UTC).strftime(STAMP)
        try:
            _folders, names = self.storage.listdir("")
            records = []
            for name in sorted(names):
                if not name.endswith(".json") or name[: len(threshold)] < threshold:
                    continue
                with self.storage.open(name, "rb") as file:
                    records.append(json.loads(file.read()))
        except Exception as error:  # a missing folder, an unknown bucket, a damaged record…
            raise LedgerUnavailable(f"{type(error).__name__}: {error}") from error
        return records
