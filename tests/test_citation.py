""" "Citer cette page": a French academic citation of a portrait or a collection, in the page's
language, with the date it was consulted."""

import datetime

import pytest
from wagtail.models import Site

from gallery.citation import citation_for
from home.models import ExhibitionSettings

from .factories import PortraitPageFactory


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


@pytest.mark.django_db
def test_a_portrait_is_cited_in_french_with_the_day_it_was_consulted(rf, credits, exhibition):
    portrait = PortraitPageFactory(
        parent=exhibition, slug="amina", display_name="Amina", title="Apprendre le français"
    )
    citation = citation_for(portrait, rf.get("/"), datetime.date(2026, 12, 1))
    assert citation.text == (
        "Agence ANANIE, « Amina, Apprendre le français », dans Histoire de s'intégrer, "
        "exposition en ligne, http://localhost/exposition/amina/, consulté le 1er décembre 2026."
    )
    assert "<cite>Histoire de s&#x27;intégrer</cite>" in citation.html
    later = citation_for(portrait, rf.get("/"), datetime.date(2027, 3, 14))
    assert later.text.endswith("consulté le 14 mars 2027.")
