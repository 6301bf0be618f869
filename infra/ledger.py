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


def ledger_storage(location):
    """The storage behind a ledger setting: the name of a STORAGES entry (a bucket), or a
    folder. A folder inside MEDIA_ROOT is refused: a media backup would carry the ledger."""
    if location in settings.STORAGES:
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
