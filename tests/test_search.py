"""Portraits are indexed with Wagtail's database backend; French stemming on PostgreSQL."""

import pytest
from django.db import connection
from wagtail.rich_text import RichText

from gallery.models import PortraitPage

from .factories import PortraitPageFactory


@pytest.fixture
def portraits(exhibition):
    testimony = [("paragraph", RichText("<p>Mon intégration a commencé par la langue.</p>"))]
    return [
        PortraitPageFactory(parent=exhibition, display_name="Amina", testimony=testimony),
        PortraitPageFactory(parent=exhibition, display_name="Dawit", quote="Le chemin de la gare."),
    ]


@pytest.mark.django_db
def test_portraits_are_found_by_name_quote_and_testimony(portraits):
    amina, dawit = portraits
    assert list(PortraitPage.objects.live().search("Amina")) == [amina]
    assert list(PortraitPage.objects.live().search("gare")) == [dawit]
    assert list(PortraitPage.objects.live().search("langue")) == [amina]


@pytest.mark.django_db
def test_french_stemming_on_postgresql(portraits):
    if connection.vendor != "postgresql":
        pytest.skip("French stemming is PostgreSQL's full-text search; SQLite matches words only")
    amina, _ = portraits
    assert list(PortraitPage.objects.live().search("intégrer")) == [amina]
