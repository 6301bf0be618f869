"""The glossary on a portrait ("Mots à comprendre") and on its own page (A–Z)."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Locale
from wagtail.rich_text import RichText

from gallery.models import GlossaryTerm, PortraitPage

from .factories import GlossaryPageFactory, GlossaryTermFactory, PortraitPageFactory


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def box_terms(soup):
    box = soup.find("aside", class_="glossary-box")
    return [dt.get_text(strip=True) for dt in box.find_all("dt")] if box else []


@pytest.fixture
def terms(db):
    return {
        "prefecture": GlossaryTermFactory(
            term="préfecture",
            definition="Le bureau de l'État dans le département.",
            official_url="https://www.service-public.fr/particuliers/vosdroits/F1234",
        ),
        "ofii": GlossaryTermFactory(
            term="OFII", definition="L'Office français de l'immigration et de l'intégration."
        ),
        "titre": GlossaryTermFactory(
            term="titre de séjour",
            variants="titres de séjour\ncarte de séjour",
            definition="La carte qui permet de vivre en France.",
        ),
        "unused": GlossaryTermFactory(term="décret", definition="Une décision du gouvernement."),
    }


def make_testimony(*paragraphs, quotation=None):
    blocks = [("paragraph", RichText(p)) for p in paragraphs]
    if quotation:
        blocks.append(("quotation", {"text": quotation, "attribution": "", "language": ""}))
    return blocks


@pytest.fixture
def portrait(exhibition, terms):
    return PortraitPageFactory(
        parent=exhibition,
        quote="À la Préfecture, on m'a souri.",
        testimony=make_testimony(
            '<p>Le bureau de l’OFII, puis la préfecture. <a href="https://example.org/">Mon '
            "titre de séjour</a> est arrivé.</p>",
            quotation="Mes titres de séjour, je les garde.",
        ),
    )


@pytest.mark.django_db
def test_the_portrait_lists_the_words_it_uses_with_their_definitions(client, home, portrait):
    glossary = GlossaryPageFactory(parent=home)
    soup = soup_of(client, portrait.url)

    box = soup.find("aside", class_="glossary-box")
    assert box.h2.get_text() == "Mots à comprendre"
    assert box_terms(soup) == ["préfecture", "OFII", "titre de séjour"]  # in reading order
    entry = box.find(id="mot-prefecture")
    assert entry.dt.a["href"] == f"{glossary.url}#mot-prefecture"
    assert entry.find(id="definition-prefecture").get_text() == (
        "Le bureau de l'État dans le département."
    )
    official = entry.find("a", rel="external")
    assert official["href"].startswith("https://www.service-public.fr/")
    assert "site externe" in official.get_text()
    assert box.find(id="mot-ofii").find("a", rel="external") is None


@pytest.mark.django_db
def test_the_first_occurrence_links_to_its_definition(client, portrait):
    soup = soup_of(client, portrait.url)

    marks = soup.find_all("a", class_="glossary-mark")
    assert [(a.get_text(), a["href"]) for a in marks] == [
        ("Préfecture", "#mot-prefecture"),  # in the quote, as written
        ("OFII", "#mot-ofii"),
        ("titres de séjour", "#mot-titre-de-sejour"),  # not inside the existing link
    ]
    assert marks[0].find_parent("blockquote", class_="pull-quote")
    for mark in marks:
        definition = soup.find(id=mark["aria-describedby"])
        assert definition.name == "dd" and definition.get_text()
    assert soup.find("a", href="https://example.org/").get_text() == "Mon titre de séjour"
    # The stored texts are untouched.
    portrait.refresh_from_db()
    assert portrait.quote == "À la Préfecture, on m'a souri."


@pytest.mark.django_db
def test_every_text_of_the_testimony_counts(client, exhibition, terms):
    portrait = PortraitPageFactory(
        parent=exhibition,
        quote="Une phrase.",
        testimony=make_testimony(
            '<p>Voir <a href="https://example.org/">la préfecture</a>.</p>',
            quotation="L'OFII, enfin.",
        ),
    )
    soup = soup_of(client, portrait.url)
    assert box_terms(soup) == ["préfecture", "OFII"]
    # A word found only inside a link is listed, but the link is left as it is.
    marks = soup.find_all("a", class_="glossary-mark")
    assert [(a.get_text(), a.find_parent("blockquote") is not None) for a in marks] == [
        ("OFII", True)
    ]


@pytest.mark.django_db
def test_no_box_without_terms(client, exhibition):
    portrait = PortraitPageFactory(parent=exhibition, quote="La préfecture.")
    soup = soup_of(client, portrait.url)
    assert soup.find("aside", class_="glossary-box") is None
    assert soup.find("a", class_="glossary-mark") is None
    assert soup.find("blockquote", class_="pull-quote").get_text(strip=True) == "La préfecture."


@pytest.mark.django_db
def test_terms_are_stored_when_saved_not_matched_per_request(
    client, exhibition, django_capture_on_commit_callbacks
):
    portrait = PortraitPageFactory(parent=exhibition, quote="Mon récépissé est arrivé.")
    assert portrait.glossary_terms == []

    with django_capture_on_commit_callbacks() as callbacks:
        term = GlossaryTermFactory(term="récépissé", variants="récépissés")
    assert box_terms(soup_of(client, portrait.url)) == [], "nothing is matched per request"

    for callback in callbacks:  # the transaction commits: the signal's task runs
        callback()
    assert box_terms(soup_of(client, portrait.url)) == ["récépissé"]
    portrait.refresh_from_db()
    assert portrait.glossary_terms == [str(term.translation_key)]

    with django_capture_on_commit_callbacks(execute=True):
        term.delete()
    assert box_terms(soup_of(client, portrait.url)) == []


@pytest.mark.django_db
def test_an_edited_term_is_matched_again(client, exhibition, django_capture_on_commit_callbacks):
    portrait = PortraitPageFactory(parent=exhibition, quote="J'ai signé le CIR.")
    with django_capture_on_commit_callbacks(execute=True):
        term = GlossaryTermFactory(term="contrat d'intégration républicaine")
    assert box_terms(soup_of(client, portrait.url)) == []
    with django_capture_on_commit_callbacks(execute=True):
        term.variants = "CIR"
        term.save()
    assert box_terms(soup_of(client, portrait.url)) == ["contrat d'intégration républicaine"]


@pytest.mark.django_db
def test_a_draft_and_the_live_version_each_keep_their_own_terms(exhibition, terms):
    portrait = PortraitPageFactory(parent=exhibition, quote="Une phrase.")
    portrait.save_revision().publish()
    portrait.quote = "Rendez-vous à l'OFII."
    revision = portrait.save_revision()

    ofii = str(terms["ofii"].translation_key)
    assert revision.content["glossary_terms"] == [ofii]
    assert PortraitPage.objects.get(pk=portrait.pk).glossary_terms == []  # live: unchanged
    revision.publish()
    assert PortraitPage.objects.get(pk=portrait.pk).glossary_terms == [ofii]


@pytest.mark.django_db
def test_each_language_is_matched_against_its_own_terms(exhibition, terms):
    french = PortraitPageFactory(parent=exhibition, quote="La préfecture et le residence permit.")
    english_locale = Locale.objects.create(language_code="en")
    arabic_locale = Locale.objects.create(language_code="ar")
    permit = GlossaryTermFactory(
        term="residence permit", definition="The card to live in France.", locale=english_locale
    )
    english = french.copy_for_translation(english_locale, copy_parents=True)
    english.quote = "The préfecture gave me my residence permit."
    english.save_revision()
    arabic = french.copy_for_translation(arabic_locale, copy_parents=True)
    arabic.save_revision()

    assert french.glossary_terms == [str(terms["prefecture"].translation_key)]
    assert PortraitPage.objects.get(pk=english.pk).latest_revision.content["glossary_terms"] == [
        str(permit.translation_key)
    ]
    assert arabic.glossary_terms == []  # no Arabic terms: no box


# The glossary page ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_glossary_page_lists_its_languages_terms_from_a_to_z(client, home):
    for term in ["OFII", "étranger", "Asile", "entretien d'assimilation", "carte de résident"]:
        GlossaryTermFactory(term=term)
    GlossaryTermFactory(term="asylum", locale=Locale.objects.create(language_code="en"))
    glossary = GlossaryPageFactory(parent=home)

    soup = soup_of(client, glossary.url)

    letters = [a.get_text() for a in soup.find("nav", class_="glossary-letters").find_all("a")]
    assert letters == ["A", "C", "E", "O"]
    for link in soup.find("nav", class_="glossary-letters").find_all("a"):
        assert soup.find(id=link["href"][1:]).get_text() == link.get_text()
    assert [dt.get_text() for dt in soup.find_all("dt")] == [
        "Asile",
        "carte de résident",
        "entretien d'assimilation",
        "étranger",  # under E, accents aside
        "OFII",
    ]
    assert soup.find(id="mot-etranger").dt.get_text() == "étranger"
    assert "asylum" not in soup.get_text()


@pytest.mark.django_db
def test_reviewers_edit_the_terms_and_curators_read_them(client, user_in):
    """A definition shows at once on every published portrait using the word, without review:
    like the stages, only reviewers change it."""
    curator, reviewer = user_in("Curateurs"), user_in("Relecteurs")
    for action in ("add", "change", "delete", "view"):
        assert reviewer.has_perm(f"gallery.{action}_glossaryterm"), action
        assert curator.has_perm(f"gallery.{action}_glossaryterm") == (action == "view"), action
    word = {
        "term": "récépissé",
        "variants": "récépissés",
        "definition": "Un papier qui prouve qu'une demande a été déposée.",
        "official_url": "",
        "slug": "",
        "locale": Locale.get_default().pk,
    }
    client.force_login(curator)
    client.post("/admin/snippets/gallery/glossaryterm/add/", word)
    assert not GlossaryTerm.objects.exists()

    client.force_login(reviewer)
    response = client.post("/admin/snippets/gallery/glossaryterm/add/", word)
    assert response.status_code == 302
    term = GlossaryTerm.objects.get()
    assert term.slug == "recepisse"  # the anchor, made from the word

    listing = client.get(reverse("wagtailsnippets_gallery_glossaryterm:list"))
    assert "récépissé" in listing.content.decode()
    assert (
        client.get(reverse("wagtailsnippets_gallery_glossaryterm:edit", args=[term.pk])).status_code
        == 200
    )

    # "Traduire", as for the stages: a copy to translate in the other language.
    english = Locale.objects.create(language_code="en")
    translate = reverse(
        "simple_translation:submit_snippet_translation",
        args=["gallery", "glossaryterm", term.pk],
    )
    assert client.post(translate, {"locales": [english.pk]}).status_code == 302
    assert GlossaryTerm.objects.get(locale=english).translation_key == term.translation_key


@pytest.mark.django_db
def test_an_english_portrait_shows_the_english_terms(client, exhibition, terms):
    french = PortraitPageFactory(parent=exhibition, quote="La préfecture.")
    english_locale = Locale.objects.create(language_code="en")
    GlossaryTermFactory(
        term="residence permit",
        definition="The card that lets a foreign adult live in France.",
        locale=english_locale,
    )
    english = french.copy_for_translation(english_locale, copy_parents=True)  # parents: aliases
    english.quote = "The préfecture gave me a residence permit."
    english.save_revision().publish()

    soup = soup_of(client, PortraitPage.objects.get(pk=english.pk).url)

    box = soup.find("aside", class_="glossary-box")
    assert box.h2.get_text() == "Words to understand"
    assert box_terms(soup) == ["residence permit"]
    assert soup.find("a", class_="glossary-mark").get_text() == "residence permit"
