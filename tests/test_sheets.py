"""Printable class sheets: an A4, tagged PDF of what a portrait's page shows, only while its
person's consent covers printing; nothing fetched from the network; a clear page without
WeasyPrint."""

import datetime
import importlib.abc
import io
import re
import socket
import sys

import pypdf
import pypdfium2
import pytest
import zxingcpp
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageFile
from wagtail.models import Locale, PageViewRestriction
from wagtail.rich_text import RichText

from gallery import sheets
from gallery.models import Consent, PortraitPage
from gallery.models.consent import Status, may_print, problems, status
from gallery.renditions import SHEET_PHOTO
from gallery.short_links import link_for, qr_url
from gallery.withdrawal import withdraw
from infra.page_cache import PAGE_KEY_PREFIX

from .factories import ExhibitionImageFactory, GlossaryTermFactory, PortraitPageFactory

A4 = (595.28, 841.89)  # points
ARABIC_TITLE = "العودة إلى المدرسة"


def photo_with_metadata():
    """A JPEG as a camera writes it: large, with EXIF (GPS included)."""
    image = Image.new("RGB", (1600, 2000), (90, 140, 200))
    exif = Image.Exif()
    exif[0x010F] = "Appareil de test"  # Make
    exif[0x8825] = {1: "N", 2: (45.0, 18.0, 0.0)}  # GPS
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif, quality=90)
    return buffer.getvalue()


@pytest.fixture
def portrait(exhibition):
    GlossaryTermFactory(term="préfecture", definition="Le bureau de l'État dans le département.")
    return PortraitPageFactory(
        parent=exhibition,
        display_name="Amina",
        title="Apprendre le soir",
        quote="J'ai appris le français le soir, après la préfecture.",
        testimony=[("paragraph", RichText("<p>Le témoignage complet, avec ses détails.</p>"))],
        easy_read="<p>J'apprends le français.</p>",
        content_note="Le témoignage évoque une séparation familiale.",
        photo=ExhibitionImageFactory(file=ContentFile(photo_with_metadata(), "photo.jpg")),
        consent__covers_print=True,
    )


def sheet_url(portrait, prefix=""):
    return f"{prefix}{portrait.url}fiche/"


def pdf(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return pypdf.PdfReader(io.BytesIO(response.content))


def text_of(reader):
    return " ".join(page.extract_text() for page in reader.pages)


def soup_of(client, url):
    return BeautifulSoup(client.get(url).content, "html.parser")


# What a sheet holds ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_sheet_is_an_a4_tagged_pdf_of_what_the_page_shows(client, portrait):
    response = client.get(sheet_url(portrait))
    reader = pdf(response)

    assert 1 <= len(reader.pages) <= 2
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            A4, abs=0.5
        )
    text = " ".join(text_of(reader).split())
    for shown in (
        "Amina",
        "Apprendre le soir",
        "J'ai appris le français le soir",
        "Le témoignage complet, avec ses détails.",
        "Étape 1 sur 8 : Arrivée en France",  # the whole path, the person's stage marked
        "Cérémonie d'accueil dans la citoyenneté française",
        "Mots à comprendre",
        "Le bureau de l'État dans le département.",
        "Le témoignage évoque une séparation familiale.",
        "Syrie",  # origin details: the person agreed to them
        portrait.get_full_url(),  # in the citation
        f"Fiche imprimée le {timezone.localdate().day}",
    ):
        assert shown in text, shown
    assert "J'apprends le français." not in text  # the full testimony, not the easy-read one
    assert 'filename="' in response["Content-Disposition"]

    # Tagged for accessibility (PDF/UA-1), with its language and title.
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fr"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert reader.metadata.title.startswith("Amina, Apprendre le soir")
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()


@pytest.mark.django_db
def test_the_sheet_gives_the_short_link_its_qr_code_and_the_citation(client, portrait, rf):
    response = client.get(sheet_url(portrait))
    text = " ".join(text_of(pdf(response)).split())
    link = link_for(portrait)
    short = f"http://localhost{link.get_absolute_url()}"  # the site's own host (Sites)

    assert f"Lien court : {short}" in text
    assert "Citer cette page :" in text and "consulté le" in text
    # The QR code, rendered as a printer would and read by a real decoder: the short link.
    bitmap = pypdfium2.PdfDocument(response.content)[0].render(scale=300 / 72).to_pil()
    found = zxingcpp.read_barcodes(bitmap)
    assert [code.text for code in found] == [qr_url(link, rf.get("/"))]
    assert found[0].text.startswith(short)


@pytest.mark.django_db
def test_the_easy_read_sheet_prints_the_easy_read_version(client, portrait):
    text = text_of(pdf(client.get(f"{sheet_url(portrait)}?lecture=facile")))

    assert "J'apprends le français." in text
    assert "Version simplifiée" in text
    assert "Le témoignage complet" not in text


@pytest.mark.django_db
def test_the_page_links_to_its_sheet_of_the_version_read(client, portrait):
    link = soup_of(client, portrait.url).select_one(".sheet-link a")
    assert link["href"] == sheet_url(portrait)
    assert " ".join(link.get_text().split()) == "Fiche à imprimer (PDF, A4)"

    easy = soup_of(client, f"{portrait.url}?lecture=facile").select_one(".sheet-link a")
    assert easy["href"] == f"{sheet_url(portrait)}?lecture=facile"


@pytest.mark.django_db
def test_origin_details_stay_off_the_sheet_without_their_consent(client, exhibition):
    portrait = PortraitPageFactory(
        parent=exhibition,
        country_of_origin="",
        arrival_year=None,
        town="",
        languages="",
        consent__covers_origin=False,
        consent__covers_print=True,
    )
    text = text_of(pdf(client.get(sheet_url(portrait))))

    assert portrait.display_name in text
    assert "Pays d'origine" not in text and "Vit à" not in text


@pytest.mark.django_db
def test_the_photo_is_its_public_rendition_without_metadata(client, portrait):
    response = client.get(sheet_url(portrait))
    reader = pdf(response)

    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 1
    rendition = portrait.photo.get_rendition(SHEET_PHOTO)
    assert rendition.file.name.startswith("images/")  # a public file, not the original
    embedded = Image.open(io.BytesIO(images[0].data))
    # WeasyPrint writes the rendition's pixels again (baseline JPEG): its size, not the
    # original's (1600×2000), and its colour.
    assert embedded.size == (rendition.width, rendition.height) == (960, 1200)
    assert embedded.convert("RGB").getpixel((480, 600)) == pytest.approx((90, 140, 200), abs=3)
    assert not embedded.getexif() and "exif" not in embedded.info
    assert b"Appareil de test" not in response.content


@pytest.mark.django_db
def test_a_sheet_without_photo_is_made_all_the_same(client, exhibition):
    portrait = PortraitPageFactory(parent=exhibition, consent__covers_print=True)
    PortraitPage.objects.filter(pk=portrait.pk).update(photo=None)  # its image deleted
    reader = pdf(client.get(sheet_url(portrait)))

    assert portrait.display_name in text_of(reader)
    assert [image for page in reader.pages for image in page.images] == []


@pytest.fixture
def arabic(portrait):
    locale = Locale.objects.create(language_code="ar")
    translation = portrait.copy_for_translation(locale, copy_parents=True)
    translation.title = ARABIC_TITLE
    translation.slug = "العودة-إلى-المدرسة"  # an address in Arabic letters
    translation.display_name = "أمينة"
    translation.quote = "تعلمت الفرنسية في المساء بعد العمل."
    translation.testimony = [("paragraph", RichText("<p>وصلت إلى فرنسا وحدي.</p>"))]
    translation.save_revision().publish()
    return PortraitPage.objects.get(pk=translation.pk)


@pytest.mark.django_db
def test_the_arabic_sheet_is_in_arabic_right_to_left(client, arabic):
    response = client.get(sheet_url(arabic))
    reader = pdf(response)

    root = reader.trailer["/Root"]
    assert root["/Lang"] == "ar"
    assert "filename*=utf-8''%D8%A7%D9%84" in response["Content-Disposition"]
    assert reader.metadata.title.startswith(f"أمينة, {ARABIC_TITLE}")
    assert ARABIC_TITLE in text_of(reader)
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Amiri" in font or "DejaVu" in font for font in fonts), fonts

    # Shaped: Arabic letters take their joined forms, so one letter (lam, U+0644: initial in
    # "المساء", medial in "تعلمت", final in "العمل") is drawn by several glyphs of the font.
    glyphs_of_lam = {
        glyph
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        for glyph, char in re.findall(
            r"<([0-9a-f]{4})> <([0-9a-fA-F]{4,})>",
            font.get_object()["/ToUnicode"].get_data().decode(),
        )
        if char.lower() == "0644"
    }
    assert len(glyphs_of_lam) >= 2, glyphs_of_lam

    # Right to left: the title's first letter is printed to the right of its last.
    document = pypdfium2.PdfDocument(response.content)
    text_page = document[0].get_textpage()
    text = text_page.get_text_range()
    start = text.index(ARABIC_TITLE)
    first = text_page.get_charbox(start)
    last = text_page.get_charbox(start + len(ARABIC_TITLE) - 1)
    assert first[0] > last[2]


@pytest.mark.django_db
def test_the_english_sheet_is_served_under_en(client, portrait):
    locale = Locale.objects.create(language_code="en")
    english = portrait.copy_for_translation(locale, copy_parents=True)
    english.title = "Learning in the evening"
    english.save_revision().publish()

    reader = pdf(client.get(sheet_url(PortraitPage.objects.get(pk=english.pk))))
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "Learning in the evening" in text_of(reader)


# Only while consent covers printing -----------------------------------------------------------


@pytest.mark.django_db
def test_without_print_consent_the_portrait_is_published_but_has_no_sheet(client, exhibition):
    portrait = PortraitPageFactory(parent=exhibition)  # consent to everything the site shows
    consent = portrait.get_consent()
    assert not consent.covers_print

    assert status(portrait, consent) == Status.VALID
    assert PortraitPage.objects.visible().filter(pk=portrait.pk).exists()
    assert portrait.display_name in client.get(exhibition.url).content.decode()
    page = soup_of(client, portrait.url)
    assert page.select_one(".sheet-link") is None
    assert client.get(sheet_url(portrait)).status_code == 404


@pytest.mark.django_db
def test_printing_is_asked_apart_and_changes_no_status(admin_client, exhibition):
    """Not a scope a page shows: the editor's consent form asks it apart, and the status in
    Python and in SQL (the admin listing's) stays valid without it."""
    portrait = PortraitPageFactory(parent=exhibition)
    consent = portrait.get_consent()

    assert problems(portrait, consent) == []
    annotated = PortraitPage.objects.with_consent_status().get(pk=portrait.pk)
    assert annotated.consent_status == Status.VALID
    assert not may_print(portrait, consent)
    form = admin_client.get(reverse("consents:edit", args=[consent.pk])).content.decode()
    assert "impression pour la classe (fiche PDF)" in form and 'name="covers_print"' in form

    consent.covers_print = True
    consent.save()
    assert may_print(portrait, Consent.objects.get(pk=consent.pk))
    assert PortraitPage.objects.get(pk=portrait.pk).live


def hide(portrait, how):
    """Make `portrait` invisible (or its sheet gone) the way `how` says."""
    consent = Consent.objects.get(portrait=portrait)
    if how == "draft":
        portrait.unpublish()
    elif how == "ended an hour ago":  # publish_scheduled has not run yet
        PortraitPage.objects.filter(pk=portrait.pk).update(
            expire_at=timezone.now() - datetime.timedelta(hours=1)
        )
        Consent.objects.filter(pk=consent.pk).update(
            valid_until=timezone.localdate() - datetime.timedelta(days=1)
        )
    elif how == "withdrawn":
        withdraw(portrait)
    elif how == "private section":
        PageViewRestriction.objects.create(
            page=portrait.get_parent(), restriction_type="password", password="secret"
        )
    elif how == "print scope removed":
        consent.covers_print = False
        consent.save()
    elif how == "consent not signed yet":
        Consent.objects.filter(pk=consent.pk).update(
            signed_on=timezone.localdate() + datetime.timedelta(days=1)
        )


HIDDEN = [
    "draft",
    "ended an hour ago",
    "withdrawn",
    "private section",
    "print scope removed",
    "consent not signed yet",
]


@pytest.mark.django_db
@pytest.mark.parametrize("how", HIDDEN)
def test_no_sheet_for_what_the_public_may_not_see(
    client, portrait, how, django_capture_on_commit_callbacks
):
    url = sheet_url(portrait)
    with django_capture_on_commit_callbacks(execute=True):
        hide(portrait, how)

    for address in (url, f"{url}?lecture=facile", f"{url}?lecture=autre"):
        response = client.get(address, follow=True)
        if how == "private section":  # Wagtail asks for the section's password first
            assert b"password" in response.content, address
        else:
            assert response.status_code == 404, address
        assert response["Content-Type"].startswith("text/html")
        assert b"Amina" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    ["fiche/autre/", "fiche/?lecture=%3Cscript%3E", "fiche/?page=x", "fiche.pdf"],
)
def test_odd_addresses_get_a_clear_answer(client, portrait, address):
    response = client.get(f"{portrait.url}{address}", follow=True)
    assert response.status_code in (200, 404)
    if response.status_code == 200 and response["Content-Type"] == "application/pdf":
        assert "Le témoignage complet" in text_of(pdf(response))


@pytest.mark.redis
@pytest.mark.django_db
@pytest.mark.parametrize("how", ["print scope removed", "withdrawn", "draft"])
def test_no_cached_copy_of_a_sheet_outlives_it(
    client, page_cache, portrait, how, django_capture_on_commit_callbacks
):
    url = sheet_url(portrait)
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        hide(portrait, how)

    assert client.get(url).status_code == 404
    cache = caches["pages"]
    stored = [cache.get(key) for key in cache.keys(f"{PAGE_KEY_PREFIX}*")]
    assert not any(entry[3].startswith(b"%PDF") for entry in stored if entry)


# Nothing from the network -----------------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch):
    """Every attempt to open a network connection, recorded and refused."""
    attempts = []

    def refuse(sock, address, *args):
        attempts.append(address)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


@pytest.mark.django_db
def test_a_hostile_image_address_is_refused_and_the_sheet_still_made(
    client, exhibition, no_network
):
    portrait = PortraitPageFactory(
        parent=exhibition,
        testimony=[
            (
                "paragraph",
                RichText(
                    '<p>Avant.<img src="http://evil.example/pixel.png" alt="">'
                    '<img src="file:///etc/passwd" alt="">'
                    '<img src="/media/original_images/x.jpg" alt=""> Après.</p>'
                ),
            )
        ],
        consent__covers_print=True,
    )
    reader = pdf(client.get(sheet_url(portrait)))

    assert "Après." in text_of(reader)
    assert no_network == []
    assert len([image for page in reader.pages for image in page.images]) == 1  # the photo


def test_the_fetcher_reads_only_our_static_files_and_public_renditions(tmp_path, settings):
    base = "http://testserver/"
    content, mime_type = sheets.local_file(f"{base}static/css/sheet.css", base)
    assert b"@page" in content and mime_type == "text/css"
    for refused in (
        "http://evil.example/static/css/sheet.css",  # another host
        "https://testserver/static/css/sheet.css",  # another scheme
        "file:///etc/passwd",
        "data:image/png;base64,AAAA",
        f"{base}static/../config/settings/base.py",
        f"{base}static/%2e%2e/config/settings/base.py",
        f"{base}media/original_images/photo.jpg",
        f"{base}media/private_renditions/photo.jpg",
        f"{base}media/images/missing.jpg",
        f"{base}admin/",
    ):
        with pytest.raises(sheets.Refused):
            sheets.local_file(refused, base)


@pytest.mark.django_db
def test_the_fetcher_reads_a_public_rendition(portrait):
    rendition = portrait.photo.get_rendition(SHEET_PHOTO)
    base = "http://testserver/"
    content, mime_type = sheets.local_file(f"http://testserver{rendition.url}", base)
    with rendition.file.open("rb") as file:
        assert content == file.read()
    assert mime_type == "image/jpeg"
    assert rendition.url.startswith(settings.MEDIA_URL + "images/")


# Without WeasyPrint ----------------------------------------------------------------------------


class NoPango(importlib.abc.MetaPathFinder):
    """Importing WeasyPrint fails as it does on a server without pango."""

    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise OSError("cannot load library 'libpango-1.0-0': No such file")
        return None


@pytest.fixture
def without_pango(monkeypatch):
    for name in [name for name in sys.modules if name.split(".")[0] == "weasyprint"]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "meta_path", [NoPango(), *sys.meta_path])
    sheets._weasyprint.cache_clear()
    yield
    sheets._weasyprint.cache_clear()


def test_sheets_are_available_here():
    assert sheets.unavailable_reason() is None


def test_importing_weasyprint_leaves_truncated_uploads_refused(monkeypatch):
    """WeasyPrint turns on Pillow's reading of truncated images when imported: not for us."""
    for name in [name for name in sys.modules if name.split(".")[0] == "weasyprint"]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", False)
    sheets._weasyprint.cache_clear()
    try:
        assert not isinstance(sheets._weasyprint(), Exception)
    finally:
        sheets._weasyprint.cache_clear()
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


@pytest.mark.django_db
def test_without_pango_the_site_runs_and_says_what_is_missing(client, portrait, without_pango):
    reason = sheets.unavailable_reason()
    assert "pango" in reason

    page = client.get(portrait.url)
    assert page.status_code == 200
    notice = BeautifulSoup(page.content, "html.parser").select_one(".sheet-link").text
    notice = " ".join(notice.split())
    assert notice.startswith("Fiche PDF indisponible sur ce serveur :") and "pango" in notice

    sheet = client.get(sheet_url(portrait))
    assert sheet.status_code == 503
    assert "Fiche PDF indisponible sur ce serveur" in sheet.content.decode()
    assert sheet["Content-Type"].startswith("text/html")
