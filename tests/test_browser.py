"""A visitor in a real browser (Debian's Chromium), from the home page to a portrait."""

import re
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    # Real HTTP requests need committed data; the migrations' data is restored afterwards.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_visitor_goes_from_home_to_a_portrait(live_server, phone):
    call_command("load_exhibition", stdout=StringIO())
    requested_hosts = set()
    phone.on("request", lambda request: requested_hosts.add(urlsplit(request.url).netloc))

    phone.goto(live_server.url)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Histoire de s'intégrer")
    phone.get_by_role("link", name="Voir tous les portraits").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("L'exposition")
    phone.get_by_role("link", name=re.compile(r"^Leïla")).click()

    expect(phone.get_by_role("heading", level=1)).to_contain_text("Leïla")
    photo = phone.locator(".portrait__photo img")
    expect(photo).to_be_visible()
    photo.scroll_into_view_if_needed()
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0"), "the photo loaded"
    assert photo.get_attribute("alt").startswith("Illustration générée")
    expect(phone.get_by_role("heading", name="Témoignage")).to_be_visible()
    expect(phone.locator(".testimony")).to_contain_text("micro-crèche")

    # The visit goes on to the next portrait.
    phone.get_by_role("link", name=re.compile("Portrait suivant")).click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Selin")

    assert requested_hosts == {urlsplit(live_server.url).netloc}, "no third-party request"
