from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gallery.demo.loader import DemoError, DemoExhibition


class Command(BaseCommand):
    help = (
        "Builds the demo exhibition (home, exhibition, nine fictional portraits, collections, "
        "credits). Creates only what is missing: a second run changes nothing."
    )

    def handle(self, *args, **options):
        try:
            created = DemoExhibition().build()
        except DemoError as error:
            raise CommandError(f"Cannot load the demo exhibition: {error}") from error
        if created:
            for what, count in sorted(created.items()):
                self.stdout.write(f"  created {count} {what}")
            self.stdout.write(self.style.SUCCESS("Demo exhibition loaded."))
        else:
            self.stdout.write("The demo exhibition is already loaded: nothing to do.")
        accounts = getattr(settings, "DEMO_ACCOUNTS", None) or []
        if accounts:
            self.stdout.write("Accounts for /admin/ (development settings only):")
        for account in accounts:
            role = account["group"] or "superuser"
            self.stdout.write(f"  {account['username']} / {account['password']}  ({role})")
