from django.core.management.base import BaseCommand, CommandError

from gallery.transfer.exhibitions import chosen_exhibition
from gallery.transfer.exporter import export_portraits


class Command(BaseCommand):
    help = (
        "Exports an exhibition's portraits to DIR: portraits.csv (the import's format), "
        "photos/ and collections.json. Holds private data: keep it safe."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--exhibition", help="the exhibition's slug, if there are several")
        parser.add_argument(
            "--language", help="the exhibition's language code (default: the site's own)"
        )
        parser.add_argument("--drafts", action="store_true", help="also unpublished portraits")

    def handle(self, *args, directory, exhibition, language, drafts, **options):
        try:
            chosen = chosen_exhibition(exhibition, language)
        except LookupError as error:
            raise CommandError(str(error)) from error
        count, left_out = export_portraits(directory, chosen, include_drafts=drafts)
        self.stdout.write(self.style.SUCCESS(f"{count} portraits exported to {directory}."))
        if left_out:
            self.stdout.write(f"{left_out} testimony image(s) are not part of the CSV format.")
        self.stdout.write("The export holds full names and consent: store it safely.")
