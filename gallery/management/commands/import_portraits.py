from django.core.management.base import BaseCommand, CommandError

from gallery.transfer.curated import load_file
from gallery.transfer.exhibitions import chosen_exhibition
from gallery.transfer.importer import check
from gallery.transfer.sources import PhotoFolder, TransferError
from gallery.transfer.writer import write


class Command(BaseCommand):
    help = (
        "Imports portraits from a UTF-8 CSV file and a folder of photos into an existing "
        "exhibition. All or nothing: any problem is reported with its line and column, and "
        "nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file")
        parser.add_argument("--images", required=True, help="the folder holding the photos")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--publish", action="store_true", help="publish what is imported")
        parser.add_argument("--exhibition", help="the exhibition's slug, if there are several")
        parser.add_argument(
            "--language", help="the exhibition's language code (default: the site's own)"
        )
        parser.add_argument("--collections", help="an export's collections.json")

    def handle(
        self,
        *args,
        csv_file,
        images,
        dry_run,
        publish,
        exhibition,
        language,
        collections,
        **options,
    ):
        try:
            target = chosen_exhibition(exhibition, language)
        except LookupError as error:
            raise CommandError(str(error)) from error
        try:
            with open(csv_file, "rb") as file:
                data = file.read()
        except OSError as error:
            raise CommandError(f"Cannot read {csv_file}: {error.strerror}.") from error
        try:
            plan = check(
                data,
                PhotoFolder(images),
                target,
                collections_data=load_file(collections),
                publish=publish,
            )
        except TransferError as error:
            raise CommandError(str(error)) from error
        if not plan.is_valid:
            for problem in plan.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(plan.problems)} problem(s): nothing was imported.")
        for row in plan.rows:
            self.stdout.write(f"  line {row.line}: {row.slug} — {row.action}")
        if dry_run:
            self.stdout.write("Dry run: the file is valid, nothing was written.")
            return
        counts = write(plan)
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['create']} created, {counts['update']} updated, "
                f"{counts['unchanged']} unchanged" + (", published." if publish else ".")
            )
        )
