"""The admin's portrait listing: what each row shows costs no query of its own."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gallery.models import PortraitPage

from .factories import ExhibitionImageFactory, PortraitPageFactory


def rows(response):
    """Each portrait row's photo, stage and consent status, as the curator reads them."""
    table = BeautifulSoup(response.content, "html.parser").select_one("table.listing")
    headings = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    stage, status = headings.index("Étape"), headings.index("Consentement")
    shown = []
    for row in table.select("tbody tr"):
        cells = [td.get_text(" ", strip=True) for td in row.select("td")]
        shown.append((bool(row.select_one("picture img")), cells[stage], cells[status]))
    return shown


@pytest.mark.django_db
@pytest.mark.parametrize("group", ["Curateurs", "Relecteurs"])
@pytest.mark.parametrize("listing", ["explorer", "all portraits"])
def test_the_listing_costs_the_same_queries_for_5_or_50_portraits(
    client, exhibition, user_in, group, listing
):
    client.force_login(user_in(group))
    address = (
        reverse("wagtailadmin_explore", args=[exhibition.pk])
        if listing == "explorer"
        else reverse("wagtailadmin_pages:type_use", args=["gallery", "portraitpage"])
    )
    counted = {}
    photo = ExhibitionImageFactory()  # one file for all: what is counted is the rows
    for total in (5, 50):
        while PortraitPage.objects.count() < total:
            PortraitPageFactory(parent=exhibition, photo=photo)
        client.get(address)  # thumbnails made once, as for any visit after the first
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        shown = rows(response)
        assert len(shown) == total
        # Every row shows its photo, its stage and its consent status.
        assert all(photo and stage and status == "valide" for photo, stage, status in shown)
        counted[total] = (
            len(queries),
            sum("gallery_consent" in query["sql"] for query in queries),
        )
    assert counted[5] == counted[50], counted
    assert counted[50][1] == 1, "every consent status is read in one query"
