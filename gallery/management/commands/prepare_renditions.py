from django.core.management.base import BaseCommand
from wagtail.models import Page

from gallery.renditions import image_uses
from gallery.tasks import prepare_renditions


class Command(BaseCommand):
    help = (
        "Creates the renditions every live page needs (run after changing a picture size in the "
        "templates and gallery/renditions.py). Existing renditions are kept."
    )

    def handle(self, *args, **options):
        uses = {use for page in Page.objects.live().specific() for use in image_uses(page)}
        created = sum(prepare_renditions.call(image_id, use) for image_id, use in sorted(uses))
        self.stdout.write(f"{len(uses)} image uses checked, {created} renditions ready.")
