from django.core.management.base import BaseCommand, CommandError

from gallery.models import PortraitPage
from gallery.withdrawal import WithdrawalBlocked, withdraw
from infra.invalidation import CacheUnreachable


class Command(BaseCommand):
    help = (
        "Withdraws a portrait whose person took their consent back: deletes it, its "
        "translations, history, consent and photos, and keeps only an audit record."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the portrait's slug (its address)")
        parser.add_argument("--id", type=int, help="the page id, when several share the slug")

    def handle(self, *args, slug, id=None, **options):
        portraits = PortraitPage.objects.filter(slug=slug)
        if id is not None:
            portraits = portraits.filter(pk=id)
        portraits = list(portraits)
        if not portraits:
            raise CommandError(f"No portrait with the slug {slug!r}.")
        # Translations share their original's slug: they are the same person.
        people = {portrait.translation_key for portrait in portraits}
        if len(people) > 1:
            ids = ", ".join(str(p.pk) for p in portraits)
            raise CommandError(f"Several portraits have the slug {slug!r} (ids {ids}): use --id.")
        try:
            record = withdraw(portraits[0])
        except CacheUnreachable as error:
            raise CommandError(
                f"Nothing was withdrawn: the page cache does not answer ({error}); its copies of "
                "the person would outlive the withdrawal. Try again once it answers."
            ) from error
        except WithdrawalBlocked as error:
            for use in error.plan.blocking:
                self.stderr.write(f"  {use.label}: requires the image ({use.reason})")
            raise CommandError(
                "Nothing was withdrawn: replace the person's image in what requires it first."
            ) from error
        self.stdout.write(
            f"Portrait {record.page_id} withdrawn: {record.pages_deleted} page(s) and "
            f"{record.images_deleted} image(s) deleted, with their renditions."
        )
        if record.plan.cleared:
            self.stdout.write("The person's images were also taken out of (live and drafts):")
            for use in record.plan.cleared:
                self.stdout.write(f"  {use.label}")
        self.stdout.write(self.style.SUCCESS("Nothing of the person remains."))
