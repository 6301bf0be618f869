from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from gallery.backup import reapply_withdrawals
from gallery.withdrawal import withdrawal_ledger
from infra import invalidation
from infra.backup import (
    BackupError,
    copy_in,
    database_is_empty,
    read_manifest,
    restore_database,
    storage_files,
)
from infra.ledger import LedgerUnavailable


def remove_files_not_in(media, storage):
    """Delete every file of `storage` that the backup's `media` folder lacks; returns how many.
    Over a live site, the files made after the backup belong to rows the restore took away:
    nothing would ever delete them again, and public renditions would stay readable by anyone."""
    kept = {path.relative_to(media).as_posix() for path in media.rglob("*") if path.is_file()}
    strays = [name for name in storage_files(storage) if name not in kept]
    for name in strays:
        storage.delete(name)
    return len(strays)


class Command(BaseCommand):
    help = (
        "Restores a backup made by backup_exhibition into the configured database (which must "
        "exist, and be empty unless --replace) and media storage, then withdraws again every "
        "portrait withdrawn since the backup was taken (the withdrawal ledger)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument(
            "--replace",
            action="store_true",
            help=(
                "drop the database's current tables first, and delete the media files the "
                "backup does not hold (restoring over a live site)"
            ),
        )

    def handle(self, *args, folder, replace, **options):
        folder = Path(folder)
        try:
            manifest = read_manifest(folder)
            # Read before anything changes: without the ledger, a restore could bring back
            # people who withdrew.
            withdrawal_ledger().since(manifest["taken_at"])
            if not replace and not database_is_empty():
                raise CommandError(
                    "The database is not empty: restore into a new database, or use --replace."
                )
            restore_database(folder / manifest["database"], replace=replace)
            files = copy_in(folder / manifest["media"], default_storage)
            strays = (
                remove_files_not_in(folder / manifest["media"], default_storage) if replace else 0
            )
        except ImproperlyConfigured as error:  # a ledger where a backup would carry it
            raise CommandError(f"Nothing restored: {error}") from error
        except LedgerUnavailable as error:
            raise CommandError(
                f"Nothing restored: the withdrawal ledger ({settings.WITHDRAWAL_LEDGER}) cannot "
                f"be read ({error}). Point WITHDRAWAL_LEDGER at it; create it empty only if no "
                "portrait was ever withdrawn."
            ) from error
        except BackupError as error:
            raise CommandError(f"Restore failed: {error}") from error
        taken_at = manifest["taken_at"]
        self.stdout.write(
            f"Restored the database and {files} media file(s) as of {taken_at.isoformat()}"
            + (f"; {strays} file(s) not in the backup deleted." if replace else ".")
        )

        reapplied = reapply_withdrawals(since=taken_at)
        invalidation.purge()  # no page rendered before the restore is served after it
        self.stdout.write(
            f"Withdrawals since the backup: {reapplied.entries}; withdrawn again: "
            f"{reapplied.portraits} portrait(s), {reapplied.images} other image(s), "
            f"{reapplied.files} file(s) removed."
        )
        for entry, error in reapplied.blocked:
            self.stderr.write(
                f"  withdrawal of {entry['at']} (pages {entry['page_ids']}) refused: {error}"
            )
        if reapplied.blocked:
            raise CommandError(
                "Some withdrawals could not be applied again: take the person's images out of "
                "what requires them, then run restore_exhibition's last step again with "
                "`manage.py reapply_withdrawals --since " + taken_at.isoformat() + "`."
            )
        self.stdout.write(self.style.SUCCESS("Restore complete."))
