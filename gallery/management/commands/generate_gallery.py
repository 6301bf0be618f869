from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from gallery.demo.generated import GeneratedGallery
from gallery.models import ExhibitionPage


class Command(BaseCommand):
    help = (
        "Adds a generated exhibition of fictional portraits, for benchmarks and trying the site "
        "at scale. Refuses to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--portraits", type=int, default=500)
        parser.add_argument("--collections", type=int, default=10)

    def handle(self, *args, portraits, collections, **options):
        if portraits < 1:
            raise CommandError("--portraits must be at least 1.")
        if ExhibitionPage.objects.filter(slug="galerie-generee").exists():
            raise CommandError("The generated gallery already exists.")
        exhibition, made = GeneratedGallery(portraits, collections).build()
        # Its pages were created live rather than published: their pictures are prepared now,
        # as a publication would, not by the first visitors.
        call_command("prepare_renditions", stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"{len(made)} portraits generated under {exhibition.url_path}")
        )
