from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from gallery.demo.loader import DemoError, DemoExhibition


class Command(BaseCommand):
    help = (
        "Builds the demo exhibition (home, exhibition, nine fictional portraits, collections, "
        "credits). Creates only what is missing: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--address",
            metavar="HOST:PORT",
            help="Where the site is served (`make run` passes 127.0.0.1:8000): the site's own "
            "addresses (short links, QR codes, citations, sheets) then lead there.",
        )

    def handle(self, *args, address=None, **options):
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
        if address:
            self.serve_at(address)
        accounts = getattr(settings, "DEMO_ACCOUNTS", None) or []
        if accounts:
            self.stdout.write("Accounts for /admin/ (development settings only):")
        for account in accounts:
            role = account["group"] or "superuser"
            self.stdout.write(f"  {account['username']} / {account['password']}  ({role})")

    def serve_at(self, address):
        host, _, port = address.rpartition(":")
        if not host or not port.isdigit():
            raise CommandError(f"--address {address!r}: expected HOST:PORT, e.g. 127.0.0.1:8000")
        Site.objects.filter(is_default_site=True).update(hostname=host, port=int(port))
        self.stdout.write(f"The site's addresses start with http://{host}:{port}/.")
