"""The easy-read version of a testimony: one link away, kept in the address, honestly named."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.rich_text import RichText

from gallery.models import Consent, PortraitPage

from .factories import GlossaryTermFactory, PortraitPageFactory

EASY = "<p>Je suis arrivée en 2019.</p><ul><li>J'apprends le français.</li></ul>"


@pytest.fixture
def portrait(exhibition):
    return PortraitPageFactory(
        parent=exhibition,
        testimony=[("paragraph", RichText("<p>Un long témoignage, avec ses détours.</p>"))],
        testimony_note="Recueilli en français.",
        easy_read=EASY,
    )


def shown_testimony(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser").select_one("section.testimony")


@pytest.mark.django_db
def test_the_easy_read_version_is_one_link_away_and_stays_in_the_address(client, portrait):
    full = shown_testimony(client, portrait.url)
    assert "Un long témoignage" in full.get_text()
    switch = full.select_one(".reading-switch a")
    assert switch.get_text(strip=True) == "Lire la version « Version simplifiée »"
    assert switch["href"] == f"{portrait.url}?lecture=facile#testimony-title"

    easy = shown_testimony(client, switch["href"].split("#")[0])
    assert easy.h2.get_text(strip=True) == "Témoignage — Version simplifiée"
    assert [li.get_text() for li in easy.select("ul li")] == ["J'apprends le français."]
    assert "Un long témoignage" not in easy.get_text()  # one version at a time
    assert "Recueilli en français." not in easy.get_text()  # the note is the full version's
    back = easy.select_one(".reading-switch a")
    assert back.get_text(strip=True) == "Lire le témoignage complet"
    assert back["href"] == f"{portrait.url}#testimony-title"


@pytest.mark.django_db
def test_it_is_called_falc_only_when_proofread_under_its_rules(client, portrait):
    portrait.easy_read_proofread = True
    portrait.save_revision().publish()

    switch = shown_testimony(client, portrait.url).select_one(".reading-switch a")
    assert switch.get_text(strip=True) == "Lire la version « Facile à lire et à comprendre »"
    easy = shown_testimony(client, f"{portrait.url}?lecture=facile")
    assert easy.h2.get_text(strip=True) == "Témoignage — Facile à lire et à comprendre"


@pytest.mark.django_db
def test_a_portrait_without_one_offers_no_switch_and_old_links_lead_to_it(client, exhibition):
    plain = PortraitPageFactory(parent=exhibition)
    assert shown_testimony(client, plain.url).select_one(".reading-switch") is None
    for query in ("lecture=facile", "lecture=autre"):
        response = client.get(f"{plain.url}?{query}")
        assert (response.status_code, response["Location"]) == (302, plain.url), query


@pytest.mark.django_db
def test_each_version_is_cached_at_its_own_address(client, page_cache, portrait):
    easy_url = f"{portrait.url}?lecture=facile"
    for url, text in ((easy_url, "J'apprends le français."), (portrait.url, "Un long")):
        first, second = client.get(url), client.get(url)
        assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit"), url
        assert text in second.content.decode(), url


@pytest.mark.django_db
def test_the_glossary_reads_the_easy_read_version_too(client, exhibition):
    GlossaryTermFactory(term="préfecture", definition="Le bureau de l'État dans le département.")
    portrait = PortraitPageFactory(
        parent=exhibition, easy_read="<p>Je suis allée à la préfecture.</p>"
    )
    assert PortraitPage.objects.get(pk=portrait.pk).glossary_terms  # stored when saved
    easy = shown_testimony(client, f"{portrait.url}?lecture=facile")
    assert easy.select_one("a.glossary-mark").get_text() == "préfecture"


@pytest.mark.django_db
def test_an_hour_after_the_consent_ended_neither_version_is_public(client, portrait):
    easy_url = f"{portrait.url}?lecture=facile"
    assert client.get(easy_url).status_code == 200
    # publish_scheduled has not run yet: the page is still "live", its end an hour ago.
    PortraitPage.objects.filter(pk=portrait.pk).update(
        expire_at=timezone.now() - datetime.timedelta(hours=1)
    )
    Consent.objects.filter(portrait=portrait).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    for url in (easy_url, portrait.url, f"{portrait.url}?lecture=autre"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "J'apprends le français." not in response.content.decode()
