"""Content notes: what a testimony touches and from which school level it is advised, read
before the testimony."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Locale

from gallery.models import ContentTheme, PortraitPage

from .factories import PortraitPageFactory


def themes(*slugs):
    return list(ContentTheme.objects.filter(locale=Locale.get_default(), slug__in=slugs))


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.django_db
def test_a_content_note_is_read_before_the_testimony(client, exhibition):
    portrait = PortraitPageFactory(
        parent=exhibition,
        content_themes=themes("exil", "guerre"),
        content_note="Le témoignage évoque la traversée de la mer.",
        minimum_level="cycle-4",
    )
    soup = page_of(client, portrait.url)
    note = soup.select_one("aside.content-note")
    assert note.h2.get_text() == "Avant de lire"
    lines = [" ".join(p.get_text().split()) for p in note.select("p")]
    assert lines == [
        "Ce témoignage évoque : exil, guerre.",
        "Le témoignage évoque la traversée de la mer.",
        "Conseillé à partir du cycle 4 (5e à 3e).",
    ]
    # Before the testimony, in the reading order of the page.
    assert note in soup.select_one("section.testimony").find_all_previous("aside")


@pytest.mark.django_db
def test_a_portrait_without_one_shows_none(client, exhibition):
    portrait = PortraitPageFactory(parent=exhibition)
    assert page_of(client, portrait.url).select_one("aside.content-note") is None


@pytest.mark.django_db
def test_the_themes_read_in_the_pages_language(client, exhibition):
    exile = themes("exil")[0]
    english = Locale.objects.create(language_code="en")
    translated = exile.copy_for_translation(english)
    translated.name = "exile"
    translated.save()
    french = PortraitPageFactory(parent=exhibition, content_themes=[exile])
    translation = french.copy_for_translation(english, copy_parents=True)
    translation.save_revision().publish()

    url = PortraitPage.objects.get(pk=translation.pk).url
    note = page_of(client, url).select_one("aside.content-note")
    assert "exile." in note.get_text()
    assert "exil." not in note.get_text()


@pytest.mark.django_db
def test_reviewers_edit_the_list_and_curators_choose_from_it(client, user_in):
    curator, reviewer = user_in("Curateurs"), user_in("Relecteurs")
    seeded = set(ContentTheme.objects.values_list("slug", flat=True))
    assert {"exil", "guerre", "violence", "deuil", "separation-familiale", "racisme"} <= seeded
    for action in ("add", "change", "delete", "view"):
        assert reviewer.has_perm(f"gallery.{action}_contenttheme"), action
        assert curator.has_perm(f"gallery.{action}_contenttheme") == (action == "view"), action
    client.force_login(reviewer)
    add = reverse("wagtailsnippets_gallery_contenttheme:add")
    client.post(add, {"name": "prison", "slug": "prison", "locale": Locale.get_default().pk})
    assert ContentTheme.objects.filter(slug="prison").exists()


@pytest.mark.django_db
def test_a_renamed_theme_shows_at_the_next_visit(
    client, page_cache, exhibition, django_capture_on_commit_callbacks
):
    exile = themes("exil")[0]
    portrait = PortraitPageFactory(parent=exhibition, content_themes=[exile])
    assert "exil." in page_of(client, portrait.url).select_one("aside.content-note").get_text()
    assert client.get(portrait.url)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        exile.name = "exil et déracinement"
        exile.save()

    note = page_of(client, portrait.url).select_one("aside.content-note").get_text()
    assert "exil et déracinement." in note
