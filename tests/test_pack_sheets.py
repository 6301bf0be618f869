"""A teacher pack's class sheets (for the teacher, for pupils): A4, tagged PDFs of what its
pages show, with only the portraits whose consent covers printing; no cached copy outlives a
portrait that leaves them."""

import io

import pypdf
import pypdfium2
import pytest
import zxingcpp
from bs4 import BeautifulSoup
from django.core.cache import caches
from wagtail.models import Locale, PageViewRestriction

from gallery.models import Consent, CurriculumLink, PortraitPage, TeacherPackPage
from gallery.renditions import SHEET_PHOTO
from gallery.short_links import link_for, qr_url
from gallery.withdrawal import withdraw
from infra.page_cache import PAGE_KEY_PREFIX

from .factories import (
    GlossaryTermFactory,
    PortraitPageFactory,
    TeacherPackIndexPageFactory,
    TeacherPackPageFactory,
    activity,
)
from .test_demo_loader import load as load_demo
from .test_sheets import A4, without_pango  # noqa: F401 (a fixture)

NOTES = "Laisser les élèves décrire l'image avant de lire la citation."


def pdf(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return pypdf.PdfReader(io.BytesIO(response.content))


def text_of(reader):
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def index(home):
    return TeacherPackIndexPageFactory(parent=home)


@pytest.fixture
def pack(index, exhibition):
    """A pack naming three portraits: one printable, one without consent to printing, one
    never published."""
    term = GlossaryTermFactory(term="récépissé", definition="Un papier qui prouve la demande.")
    printed = PortraitPageFactory(
        parent=exhibition,
        display_name="Amina",
        title="Apprendre le soir",
        quote="J'ai appris le français le soir.",
        consent__covers_print=True,
    )
    not_printed = PortraitPageFactory(
        parent=exhibition,
        display_name="Ysolde",
        title="Le secret d'Ysolde",
        quote="Une phrase pour le site seulement.",
        consent__covers_print=False,
    )
    draft = PortraitPageFactory(
        parent=exhibition,
        display_name="Bérénice",
        quote="Une phrase que personne ne doit lire.",
        consent__covers_print=True,
    )
    PortraitPage.objects.filter(pk=draft.pk).update(live=False)
    pack = TeacherPackPageFactory(
        parent=index,
        title="Devenir français",
        objectives="<ul><li>Comprendre les étapes du parcours.</li></ul>",
        activities=[
            activity(portraits=[printed, not_printed, draft], vocabulary=[term], notes=NOTES)
        ],
    )
    pack.curriculum_links.add(CurriculumLink(label="Programme d'EMC, cycle 4", url=""))
    pack.save_revision().publish()
    pack = TeacherPackPage.objects.get(pk=pack.pk)
    pack.portraits = {"printed": printed, "not printed": not_printed, "draft": draft}
    return pack


def teacher_sheet(pack):
    return f"{pack.url}fiche/"


def pupil_sheet(pack):
    return f"{pack.url}eleves/fiche/"


def pages_and_sheets(pack):
    return [(pack.url, teacher_sheet(pack)), (f"{pack.url}eleves/", pupil_sheet(pack))]


ABSENT = ("Ysolde", "Une phrase pour le site seulement", "Bérénice", "personne ne doit lire")


@pytest.mark.django_db
def test_the_teacher_sheet_is_an_a4_tagged_pdf_of_the_whole_pack(client, pack):
    response = client.get(teacher_sheet(pack))
    reader = pdf(response)

    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            A4, abs=0.5
        )
    text = text_of(reader)
    for shown in (
        "Devenir français",
        "cycle 4 (5e à 3e)",
        "EMC",
        "deux séances de 55 minutes",
        "Comprendre les étapes du parcours.",  # objectives
        "Programme d'EMC, cycle 4",  # curriculum
        "Amina",
        "J'ai appris le français le soir.",
        "Observer :",
        "Que voyez-vous sur l'image ?",
        "Comprendre :",
        "Débattre :",
        "récépissé",
        "Un papier qui prouve la demande.",
        NOTES,
        "fiche pour l'enseignant",
    ):
        assert shown in text, (shown, text)
    for absent in ABSENT:
        assert absent not in text, absent
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fr"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert reader.metadata.title.startswith("Devenir français")
    assert "-fiche-fr.pdf" in response["Content-Disposition"]


@pytest.mark.django_db
def test_the_pupil_sheet_has_the_prompts_and_nothing_for_the_teacher(client, pack):
    response = client.get(pupil_sheet(pack))
    text = text_of(pdf(response))

    for shown in ("Devenir français", "Amina", "Que voyez-vous sur l'image ?", "Débattre :"):
        assert shown in text, shown
    for absent in (NOTES, "Notes pour l'enseignant", "Comprendre les étapes", *ABSENT):
        assert absent not in text, absent
    assert "fiche pour les élèves" in text
    assert "-fiche-eleves-fr.pdf" in response["Content-Disposition"]


@pytest.mark.django_db
def test_the_web_pack_still_shows_the_portrait_not_printed(client, pack):
    html = client.get(pack.url).content.decode()
    assert "Ysolde" in html and "Amina" in html
    assert "Bérénice" not in html


@pytest.mark.django_db
def test_a_portrait_without_print_consent_leaves_no_trace_not_even_its_photo(client, pack):
    not_printed = pack.portraits["not printed"]
    not_printed.photo.alt_text = "Une femme en manteau rouge"
    not_printed.photo.save()
    printed = pack.portraits["printed"]
    printed.photo.get_rendition(SHEET_PHOTO)  # prepared as on publication
    for url in (teacher_sheet(pack), pupil_sheet(pack)):
        response = client.get(url)
        reader = pdf(response)
        assert "manteau rouge" not in text_of(reader)
        for encoded in (b"manteau rouge", "manteau rouge".encode("utf-16-be")):
            assert encoded not in response.content  # nor as an alt text
        images = [image for page in reader.pages for image in page.images]
        assert len(images) == 1, url  # Amina's photo only


@pytest.mark.django_db
def test_a_photo_not_prepared_is_left_out_not_made(client, pack):
    printed = pack.portraits["printed"]
    Rendition = printed.photo.get_rendition_model()
    Rendition.objects.filter(image=printed.photo).delete()

    reader = pdf(client.get(teacher_sheet(pack)))
    assert "Amina" in text_of(reader)
    assert [image for page in reader.pages for image in page.images] == []
    assert not Rendition.objects.filter(image=printed.photo).exists()


@pytest.mark.django_db
def test_the_qr_code_is_the_packs_short_link(client, pack, rf):
    link = link_for(pack)
    for url in (teacher_sheet(pack), pupil_sheet(pack)):
        response = client.get(url)
        text = text_of(pdf(response))
        assert f"Lien court : http://localhost{link.get_absolute_url()}" in text
        assert "Citer cette page :" in text
        bitmap = pypdfium2.PdfDocument(response.content)[0].render(scale=300 / 72).to_pil()
        found = zxingcpp.read_barcodes(bitmap)
        assert [code.text for code in found] == [qr_url(link, rf.get("/"))], url


@pytest.mark.django_db
@pytest.mark.parametrize("language, title", [("en", "Becoming French"), ("ar", "أن تصبح فرنسيا")])
def test_a_translated_pack_has_sheets_in_its_language(client, pack, language, title):
    locale = Locale.objects.create(language_code=language)
    translation = pack.copy_for_translation(locale, copy_parents=True)
    translation.title = title
    translation.save_revision().publish()
    translation = TeacherPackPage.objects.get(pk=translation.pk)

    for url in (teacher_sheet(translation), pupil_sheet(translation)):
        reader = pdf(client.get(url))
        assert reader.trailer["/Root"]["/Lang"] == language
        assert reader.metadata.title.startswith(title)
        assert title in text_of(reader)


@pytest.mark.django_db
def test_no_sheets_for_an_unpublished_pack(client, pack):
    urls = (teacher_sheet(pack), pupil_sheet(pack))
    pack.unpublish()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"Devenir" not in response.content


@pytest.mark.django_db
def test_a_pack_in_a_private_section_asks_for_its_password_first(client, pack):
    PageViewRestriction.objects.create(
        page=pack.get_parent(), restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    for url in (teacher_sheet(pack), pupil_sheet(pack)):
        response = client.get(url)
        assert response["Content-Type"].startswith("text/html"), url
        assert b"password" in response.content and b"Amina" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["fiche/autre/", "eleves/fiche/x/", "fiche/?page=%3Cb%3E"])
def test_odd_sheet_addresses_get_a_clear_answer(client, pack, address):
    response = client.get(f"{pack.url}{address}")
    assert response.status_code in (200, 404)


@pytest.mark.django_db
def test_both_pack_pages_link_to_their_sheet(client, pack):
    for page_url, sheet in pages_and_sheets(pack):
        soup = BeautifulSoup(client.get(page_url).content, "html.parser")
        link = soup.select_one(".sheet-link a")
        assert link["href"] == sheet
        assert " ".join(link.get_text().split()) == "Fiche à imprimer (PDF, A4)"


@pytest.mark.django_db
def test_without_pango_the_pack_pages_say_what_is_missing(client, pack, without_pango):  # noqa: F811
    for page_url, sheet in pages_and_sheets(pack):
        page = client.get(page_url)
        assert page.status_code == 200
        notice = BeautifulSoup(page.content, "html.parser").select_one(".sheet-link").text
        assert " ".join(notice.split()).startswith("Fiche PDF indisponible sur ce serveur :")
        assert client.get(sheet).status_code == 503


# The page cache --------------------------------------------------------------------------------


def withdrawn(portrait):
    withdraw(portrait)


def consent_ended(portrait):
    consent = Consent.objects.get(portrait=portrait)
    consent.valid_until = consent.signed_on  # ended before today: the portrait goes down
    consent.save()


def print_scope_removed(portrait):
    consent = Consent.objects.get(portrait=portrait)
    consent.covers_print = False
    consent.save()


@pytest.mark.redis
@pytest.mark.django_db
@pytest.mark.parametrize("hide", [withdrawn, consent_ended, print_scope_removed])
def test_no_cached_pack_sheet_keeps_a_portrait_that_left_it(
    client, page_cache, pack, hide, django_capture_on_commit_callbacks
):
    urls = (teacher_sheet(pack), pupil_sheet(pack))
    for url in urls:
        assert client.get(url)["X-Page-Cache"] == "miss"
        assert client.get(url)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        hide(pack.portraits["printed"])

    for url in urls:
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        text = text_of(pdf(response))
        assert "Devenir français" in text and "Amina" not in text, url
    cache = caches["pages"]
    stored = [cache.get(key) for key in cache.keys(f"{PAGE_KEY_PREFIX}*")]
    sheets = [entry[3] for entry in stored if entry and entry[3].startswith(b"%PDF")]
    assert sheets, "the sheets, made again, are cached again"
    assert not any("Amina" in text_of(pypdf.PdfReader(io.BytesIO(sheet))) for sheet in sheets)


@pytest.mark.django_db
def test_the_demo_packs_have_sheets_with_all_their_portraits(client):
    """The demo's consents give printing: each pack's sheets show every portrait its page
    shows."""
    load_demo()
    packs = TeacherPackPage.objects.live().filter(locale__language_code="fr")
    assert packs.count() == 3
    for pack in packs:
        page = BeautifulSoup(client.get(pack.url).content, "html.parser")
        cards = page.select(".portrait-card__name a")
        names = {a.get_text(" ", strip=True).split(" ,")[0] for a in cards}
        assert names, pack.title
        for url in (teacher_sheet(pack), pupil_sheet(pack)):
            text = text_of(pdf(client.get(url)))
            assert pack.title in text
            for name in names:
                assert name in text, (url, name)
