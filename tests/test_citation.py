""" "Citer cette page": a French academic citation of a portrait or a collection, in the page's
language, with the date it was consulted, never a day old, even from the page cache."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone, translation
from wagtail.models import Locale, Site

from gallery.citation import citation_for
from gallery.models import PortraitPage
from home.models import ExhibitionSettings

from .factories import PortraitPageFactory

DECEMBER_FIRST = datetime.date(2026, 12, 1)


@pytest.fixture
def credits(home):
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Histoire de s'intégrer"
    site.save()
    settings = ExhibitionSettings.for_site(site)
    settings.producer = "Agence ANANIE"
    settings.venue = "Préfecture de la Haute-Loire"
    settings.save()
    return settings


@pytest.fixture
def portrait(exhibition):
    return PortraitPageFactory(
        parent=exhibition, slug="amina", display_name="Amina", title="Apprendre le français"
    )


def cite(page, rf, day=DECEMBER_FIRST):
    return citation_for(page, rf.get("/"), day)


@pytest.mark.django_db
def test_a_portrait_is_cited_in_french_with_the_day_it_was_consulted(rf, credits, portrait):
    citation = cite(portrait, rf)
    assert citation.text == (
        "Agence ANANIE, « Amina, Apprendre le français », dans Histoire de s'intégrer, "
        "exposition en ligne, http://localhost/exposition/amina/, consulté le 1er décembre 2026."
    )
    assert cite(portrait, rf, datetime.date(2027, 3, 14)).text.endswith("consulté le 14 mars 2027.")


@pytest.mark.django_db
def test_the_html_puts_the_exhibition_in_italics_and_escapes_everything(rf, credits, exhibition):
    portrait = PortraitPageFactory(parent=exhibition, slug="x", title="<b>Titre</b> & fin")
    citation = cite(portrait, rf)
    soup = BeautifulSoup(citation.html, "html.parser")
    assert soup.cite.get_text() == "Histoire de s'intégrer"
    assert soup.find("b") is None and "&lt;b&gt;Titre&lt;/b&gt; &amp; fin" in citation.html
    assert soup.get_text() == citation.text  # the same words, to copy as plain text


@pytest.mark.django_db
def test_a_collection_is_cited_by_its_title(rf, credits, make_collection):
    collection = make_collection([], title="Apprendre une langue", slug="langue")
    assert cite(collection, rf).text.startswith(
        "Agence ANANIE, « Apprendre une langue », dans Histoire de s'intégrer,"
    )


@pytest.mark.django_db
def test_without_a_producer_the_venue_is_the_author_and_without_either_none(rf, credits, portrait):
    credits.producer = ""
    credits.save()
    assert cite(portrait, rf).text.startswith("Préfecture de la Haute-Loire, « Amina,")
    credits.venue = ""
    credits.save()
    assert cite(portrait, rf).text.startswith("« Amina, Apprendre le français », dans ")


@pytest.mark.parametrize(("language", "date"), [("en", "1 December 2026"), ("ar", "1 ديسمبر 2026")])
@pytest.mark.django_db
def test_a_translation_is_cited_in_its_own_language(rf, credits, portrait, language, date):
    translated = portrait.copy_for_translation(
        Locale.objects.create(language_code=language), copy_parents=True
    )
    translated.save_revision().publish()
    page = PortraitPage.objects.get(pk=translated.pk)
    with translation.override("fr"):  # whatever the interface's language
        text = cite(page, rf).text
    assert text.endswith(f"{date}.")
    assert f"http://localhost/{language}/exposition/amina/" in text
    with translation.override(language):
        assert cite(page, rf).text == text
    # In Arabic too the address reads left to right, its final "/" where it belongs.
    url = f"http://localhost/{language}/exposition/amina/"
    assert f'<bdi dir="ltr">{url}</bdi>' in cite(page, rf).html


@pytest.mark.django_db
def test_the_page_shows_todays_citation(client, rf, credits, portrait):
    html = BeautifulSoup(client.get(portrait.url).content, "html.parser")
    citation = html.select_one("aside.for-class #citation-text")
    assert " ".join(citation.get_text().split()) == cite(portrait, rf, timezone.localdate()).text
