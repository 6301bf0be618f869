from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gallery.backup import reapply_withdrawals


def moment(value):
    parsed = datetime.fromisoformat(value)
    if timezone.is_naive(parsed):
        raise ValueError("give a time zone, e.g. 2026-01-31T09:00:00+00:00")
    return parsed


class Command(BaseCommand):
    help = (
        "Withdraws again every portrait the withdrawal ledger records since --since (a "
        "backup's taken_at): restore_exhibition's last step, safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", type=moment, required=True)

    def handle(self, *args, since, **options):
        reapplied = reapply_withdrawals(since=since)
        for entry, error in reapplied.blocked:
            self.stderr.write(f"  withdrawal of {entry['at']} refused: {error}")
        self.stdout.write(
            f"{reapplied.entries} withdrawal(s) since {since.isoformat()}: "
            f"{reapplied.portraits} portrait(s), {reapplied.images} other image(s), "
            f"{reapplied.files} file(s) removed."
        )
        if reapplied.blocked:
            raise CommandError("Some withdrawals could not be applied again (see above).")
