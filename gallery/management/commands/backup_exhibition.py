import shutil
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from infra.backup import DUMP, MEDIA, BackupError, copy_out, dump_database, write_manifest


class Command(BaseCommand):
    help = (
        "Backs up the exhibition into FOLDER (new or empty): db.dump (pg_dump), media/ (every "
        "file of the media storage) and manifest.json (when it was taken). It holds consent "
        "records and full names: store it encrypted, and restore it with restore_exhibition."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder")

    def handle(self, *args, folder, **options):
        folder = Path(folder)
        if folder.exists() and any(folder.iterdir()):
            raise CommandError(f"{folder} is not empty: back up into a new folder.")
        folder.mkdir(parents=True, exist_ok=True)
        # Before the dump starts: whatever is withdrawn during the backup counts as after it.
        taken_at = timezone.now()
        try:
            dump_database(folder / DUMP)
            files = copy_out(default_storage, folder / MEDIA)
            write_manifest(folder, taken_at, database=DUMP, media=MEDIA, media_files=files)
        except (BackupError, OSError) as error:
            shutil.rmtree(folder, ignore_errors=True)  # no half-written backup left to restore
            raise CommandError(f"Backup failed, nothing kept: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup taken at {taken_at.isoformat()} in {folder}: the database and "
                f"{files} media file(s)."
            )
        )
        self.stdout.write("It holds personal data (consents, full names): store it encrypted.")
