"""Short links for class: `/p/<code>/` opens the page in the visitor's language, while the
public may see it, and answers the same 404 as any unknown address otherwise; QR codes hold
the short link and count scans per day, with nothing personal."""

import datetime
import importlib
import io

import pytest
import zxingcpp
from bs4 import BeautifulSoup
from django.apps import apps
from django.contrib.auth.models import AnonymousUser, Permission
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from wagtail.models import Locale, PageViewRestriction

from gallery.models import CuratedCollectionPage, DailyScans, PortraitPage, ShortLink
from gallery.models.short_links import ALPHABET, CODE_LENGTH
from gallery.short_links import link_for, preferred_languages, qr_png, qr_svg, qr_url
from gallery.withdrawal import withdraw

from .factories import (
    PortraitPageFactory,
    TeacherPackIndexPageFactory,
    TeacherPackPageFactory,
    activity,
)


@pytest.fixture
def portrait(exhibition):
    return PortraitPageFactory(parent=exhibition, slug="amina", display_name="Amina")


@pytest.fixture
def translated(portrait):
    """The portrait in French, English and Arabic, all published: {language: page}."""
    pages = {"fr": portrait}
    for language in ("en", "ar"):
        locale = Locale.objects.create(language_code=language)
        translation = portrait.copy_for_translation(locale, copy_parents=True)
        translation.save_revision().publish()
        pages[language] = PortraitPage.objects.get(pk=translation.pk)
    return pages


def decode(png):
    """The text a real QR decoder reads in a PNG."""
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(found) == 1, "no QR code found"
    return found[0].text


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


# The link --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_publishing_a_portrait_gives_it_a_short_unambiguous_code(exhibition):
    portrait = PortraitPageFactory(parent=exhibition, live=False)
    assert not ShortLink.objects.exists()
    portrait.save_revision().publish()

    link = ShortLink.objects.get(translation_key=portrait.translation_key)
    assert len(link.code) == CODE_LENGTH
    assert set(link.code) <= set(ALPHABET)
    assert not set(ALPHABET) & set("0o1li")
    assert link.code == link.code.lower()
    assert link.get_absolute_url() == f"/p/{link.code}/"
    assert link_for(portrait) == link


@pytest.mark.django_db
def test_collections_have_one_and_other_pages_none(exhibition, portrait, make_collection):
    collection = make_collection([portrait])
    collection.save_revision().publish()
    assert link_for(collection) is not None
    assert link_for(collection) != link_for(portrait)
    assert link_for(exhibition) is None  # not a page a class is sent to
    assert ShortLink.objects.count() == 2


@pytest.mark.django_db
def test_a_page_never_published_has_none_yet(exhibition):
    draft = PortraitPageFactory(parent=exhibition, live=False)
    assert link_for(draft) is None
    assert not ShortLink.objects.exists()


@pytest.mark.django_db
def test_translations_share_their_pages_link_and_it_stays_when_republished(translated):
    link = link_for(translated["fr"])
    assert link_for(translated["en"]) == link_for(translated["ar"]) == link
    translated["fr"].unpublish()
    translated["fr"].save_revision().publish()
    assert list(ShortLink.objects.all()) == [link]


@pytest.mark.django_db
def test_a_short_link_opens_its_page_whatever_the_case_typed(client, portrait):
    link = link_for(portrait)
    for typed in (link.code, link.code.upper(), link.code.capitalize()):
        response = client.get(f"/p/{typed}/")
        assert response.status_code == 302
        assert response["Location"] == portrait.url


@pytest.mark.django_db
def test_the_redirect_is_temporary_private_and_varies_by_language(client, portrait):
    response = client.get(link_for(portrait).get_absolute_url())
    assert response.status_code == 302  # the page it leads to may change or go
    assert "Accept-Language" in response["Vary"]
    assert "private" in response["Cache-Control"]  # no shared cache keeps one visitor's choice
    assert not response.cookies


@pytest.mark.django_db
def test_odd_query_strings_and_methods_never_break_it(client, portrait):
    url = link_for(portrait).get_absolute_url()
    for query in ("?qr=1&qr=2", "?lecture=facile", "?%ff%fe=%00", "?" + "x" * 3000):
        assert client.get(url + query).status_code == 302, query
    assert client.post(url).status_code == 405
    assert client.head(url).status_code == 302


# The visitor's language ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("ar", ["ar"]),
        ("en-GB,en;q=0.9", ["en"]),
        ("es, ar;q=0.5, en;q=0.9", ["en", "ar"]),
        ("es, de;q=0.8", []),
        ("*", []),
        ("", []),
        ("@@@;;q=x,", []),
    ],
)
def test_the_site_languages_in_the_visitors_order(accept_language, expected):
    assert preferred_languages(accept_language) == expected


@pytest.mark.parametrize(
    ("accept_language", "language"),
    [
        ("ar", "ar"),
        ("en-GB,en;q=0.9,fr;q=0.8", "en"),
        ("fr-FR", "fr"),
        ("es", "fr"),  # a language the site does not have: French
        (None, "fr"),
        ("ar;q=0.5, en;q=0.9", "en"),
    ],
)
@pytest.mark.django_db
def test_the_page_opens_in_the_visitors_language(client, translated, accept_language, language):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    response = client.get(link_for(translated["fr"]).get_absolute_url(), **headers)
    assert response["Location"] == translated[language].url
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_a_translation_the_public_may_not_see_is_skipped(client, translated):
    url = link_for(translated["fr"]).get_absolute_url()
    translated["ar"].unpublish()
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="ar, en;q=0.8")["Location"] == (
        translated["en"].url
    )
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="ar")["Location"] == translated["fr"].url


@pytest.mark.django_db
def test_without_french_a_visible_translation_opens_rather_than_nothing(client, translated):
    """Decided: when neither the visitor's languages nor French can be shown, the first other
    language of the site that can (settings.LANGUAGES order) opens: the page is public there."""
    url = link_for(translated["fr"]).get_absolute_url()
    translated["fr"].unpublish()
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="es")["Location"] == translated["en"].url
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="fr")["Location"] == translated["en"].url
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="ar")["Location"] == translated["ar"].url


# Nothing but what the public may see -----------------------------------------------------------


def unpublished(portrait):
    portrait.unpublish()


def consent_ended_an_hour_ago(portrait):
    # publish_scheduled has not run yet: the page is still "live", its end an hour ago.
    PortraitPage.objects.filter(pk=portrait.pk).update(
        expire_at=timezone.now() - datetime.timedelta(hours=1)
    )


def consent_narrowed(portrait):
    consent = portrait.consent
    consent.covers_photo = False
    consent.save()


def withdrawn(portrait):
    withdraw(portrait)


def in_a_private_section(portrait):
    PageViewRestriction.objects.create(
        page=portrait.get_parent(), restriction_type=PageViewRestriction.PASSWORD, password="x"
    )


@pytest.mark.parametrize(
    "hide",
    [unpublished, consent_ended_an_hour_ago, consent_narrowed, withdrawn, in_a_private_section],
)
@pytest.mark.django_db
def test_a_page_the_public_may_not_see_answers_like_an_unknown_address(client, portrait, hide):
    link = link_for(portrait)
    assert client.get(link.get_absolute_url()).status_code == 302
    hide(portrait)

    unknown = client.get("/p/zzzzzz/?qr")
    for url in (link.get_absolute_url(), link.get_absolute_url().upper().replace("/P/", "/p/")):
        for query in ("", "?qr"):
            response = client.get(url + query)
            assert response.status_code == 404
            assert response.content == unknown.content  # no title, nothing to tell them apart
            assert sorted(response.headers) == sorted(unknown.headers)
            assert portrait.title not in response.content.decode()
        for kind in ("svg", "png"):
            assert (
                client.get(f"{url}qr.{kind}").content == client.get(f"/p/zzzzzz/qr.{kind}").content
            )
    assert not DailyScans.objects.exists(), "a 404 is never counted"
    assert ShortLink.objects.filter(code=link.code).exists()  # kept: never given to another


@pytest.mark.parametrize(
    "code", ["ab", "abcdefg", "ab0oil", "ab3k9x/extra", "%00%00%00", "ÉCOLE1", "ab%20k9x"]
)
@pytest.mark.django_db
def test_malformed_codes_answer_404_too(client, code):
    unknown = client.get("/p/zzzzzz/")
    response = client.get(f"/p/{code}/")
    assert response.status_code == 404
    assert response.content == unknown.content


@pytest.mark.django_db
def test_a_withdrawn_portraits_code_is_never_given_again(exhibition, portrait, monkeypatch):
    link = link_for(portrait)
    link.count_scan(timezone.localdate())
    withdraw(portrait)
    assert not DailyScans.objects.exists()  # its scans go with the person's portrait
    # Even when chance draws the same code again, the next page gets another one.
    draws = iter([link.code, "bbbbbb"])
    monkeypatch.setattr("gallery.models.short_links.random_code", lambda: next(draws))
    newcomer = PortraitPageFactory(parent=exhibition, live=False)
    newcomer.save_revision().publish()
    assert link_for(newcomer).code == "bbbbbb"


# QR codes --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_qr_code_holds_the_short_link_marked_as_a_scan(client, portrait):
    link = link_for(portrait)
    response = client.get(f"/p/{link.code.upper()}/qr.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == f'attachment; filename="qr-amina-{link.code}.png"'
    assert decode(response.content) == f"http://localhost/p/{link.code}/?qr"
    assert Image.open(io.BytesIO(response.content)).width >= 1000  # for a poster


@pytest.mark.django_db
def test_the_svg_file_is_a_sized_drawing_of_the_same_code(client, portrait):
    link = link_for(portrait)
    response = client.get(f"{link.get_absolute_url()}qr.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"] == f'attachment; filename="qr-amina-{link.code}.svg"'
    svg = BeautifulSoup(response.content, "html.parser").svg
    assert int(svg["width"]) >= 250 and svg["width"] == svg["height"]
    assert response.content.decode() == qr_svg(f"http://localhost/p/{link.code}/?qr", scale=10)


@pytest.mark.django_db
def test_qr_svg_and_png_encode_the_same_address(rf, portrait):
    data = qr_url(link_for(portrait), rf.get("/"))
    svg = qr_svg(data)
    assert svg.startswith("<svg") and "<?xml" not in svg and "width=" not in svg
    assert decode(qr_png(data, scale=4)) == data


# Scans -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_scan_is_counted_for_the_day_without_a_cookie(client, portrait):
    link = link_for(portrait)
    response = client.get(f"{link.get_absolute_url()}?qr")
    client.get(f"{link.get_absolute_url().upper().replace('/P/', '/p/')}?qr")
    client.get(link.get_absolute_url())  # typed, not scanned
    client.head(f"{link.get_absolute_url()}?qr")  # a prefetch, not a visit
    assert response.status_code == 302 and "Set-Cookie" not in response
    assert response["Location"] == portrait.url  # the marker does not follow
    assert list(DailyScans.objects.values_list("link", "day", "scans")) == [
        (link.pk, timezone.localdate(), 2)
    ]


@pytest.mark.django_db
def test_scans_are_counted_per_day_and_nothing_else_is_kept(portrait):
    link = link_for(portrait)
    monday, tuesday = datetime.date(2026, 11, 30), datetime.date(2026, 12, 1)
    for day in (monday, tuesday, tuesday, tuesday):
        link.count_scan(day)
    assert dict(link.scans.values_list("day", "scans")) == {monday: 1, tuesday: 3}
    fields = {field.name for field in DailyScans._meta.get_fields()}
    assert fields == {"id", "link", "day", "scans"}  # no address, browser, cookie or time


@pytest.mark.django_db
def test_a_concurrent_first_scan_of_the_day_is_not_lost(portrait, monkeypatch):
    """Two first scans of the day at once: each finds no row to update, one creates it, the
    other's insert fails on the unique constraint and updates the row instead."""
    link, day = link_for(portrait), timezone.localdate()
    DailyScans.objects.create(link=link, day=day, scans=1)  # the other request's row
    update = QuerySet.update
    calls = []

    def found_nothing_the_first_time(queryset, **values):
        calls.append(values)
        return 0 if len(calls) == 1 else update(queryset, **values)

    monkeypatch.setattr(QuerySet, "update", found_nothing_the_first_time)
    link.count_scan(day)
    assert len(calls) == 2
    assert DailyScans.objects.get(link=link, day=day).scans == 2


@pytest.mark.django_db
def test_curators_and_reviewers_read_the_report(client, user_in, portrait, django_user_model):
    link = link_for(portrait)
    for day_offset in (0, 0, 3, 45):
        link.count_scan(timezone.localdate() - datetime.timedelta(days=day_offset))
    report = reverse("gallery_short_links")
    for group in ("Curateurs", "Relecteurs"):
        client.force_login(user_in(group))
        soup = soup_of(client, report)
        row = soup.find("a", string=lambda text: text and portrait.title in text).find_parent("tr")
        cells = [" ".join(td.get_text().split()) for td in row.find_all("td")]
        assert cells[1:] == [link.get_absolute_url(), "visible : le lien ouvre la page", "3", "4"]
        menu = client.get(reverse("wagtailadmin_home")).content.decode()
        assert report in menu
        export = b"".join(client.get(report, {"export": "csv"}).streaming_content).decode()
        assert f"{portrait.title},{link.code},visible : le lien ouvre la page,3,4" in export
    client.force_login(django_user_model.objects.create_superuser("admin", password="x"))
    assert client.get(report).status_code == 200
    client.logout()
    assert client.get(report).status_code == 302  # to the sign-in page


@pytest.mark.django_db
def test_staff_without_the_permission_cannot_read_the_report(client, django_user_model):
    staff = django_user_model.objects.create_user("stagiaire", password="x")
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    response = client.get(reverse("gallery_short_links"))
    assert response.status_code in (302, 403)
    assert (
        "Liens courts et codes QR" not in client.get(reverse("wagtailadmin_home")).content.decode()
    )


# The box on the page ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_portrait_and_collection_pages_offer_the_box(client, portrait, make_collection):
    collection = make_collection([portrait], slug="ecole")
    collection.save_revision().publish()
    for page, url in [
        (portrait, portrait.url),
        (portrait, f"{collection.url}{portrait.slug}/"),  # visited within the collection
        (collection, collection.url),
    ]:
        link = link_for(page)
        box = soup_of(client, url).select_one("aside.for-class")
        assert box.h2.get_text() == "Partager"  # and for class: its short link, QR, citation
        short = f"http://localhost/p/{link.code}/"
        assert box.select_one(".for-class__url a")["href"] == short
        qr = box.select_one(".for-class__qr")
        assert qr["role"] == "img" and short in qr["aria-label"]
        assert str(qr.svg) == str(BeautifulSoup(qr_svg(short + "?qr"), "html.parser").svg)
        downloads = [a["href"] for a in box.select(".for-class__downloads a[download]")]
        assert downloads == [f"/p/{link.code}/qr.svg", f"/p/{link.code}/qr.png"]
        button = box.select_one('button[data-copy="citation-text"]')
        assert button.has_attr("hidden")  # shown by its script: without it, text to select
        assert box.select_one("[aria-live=polite]") is not None


def test_a_teacher_pack_has_its_link_and_box_for_teachers_not_pupils(client, home, portrait):
    pack = TeacherPackPageFactory(
        parent=TeacherPackIndexPageFactory(parent=home), activities=[activity(portraits=[portrait])]
    )
    link = link_for(pack)
    assert link is not None and link != link_for(portrait)
    assert client.get(f"/p/{link.code.upper()}/")["Location"] == pack.url
    box = soup_of(client, pack.url).select_one("aside.for-class")
    assert box.h2.get_text() == "Pour la classe"  # nothing to embed: a box for class
    assert box.select_one("#share-embed") is None
    assert box.select_one(".for-class__url a")["href"] == f"http://localhost/p/{link.code}/"
    assert "« " + pack.title + " »" in box.select_one("#citation-text").get_text()
    assert soup_of(client, f"{pack.url}eleves/").select_one("aside.for-class") is None
    pack.unpublish()
    assert client.get(f"/p/{link.code}/").status_code == 404


# The migration ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_migration_links_every_page_already_published_once(exhibition, make_collection):
    migration = importlib.import_module("gallery.migrations.0016_short_links")
    published = PortraitPageFactory(parent=exhibition)
    PortraitPageFactory(parent=exhibition, live=False)  # never published: none
    collection = make_collection([published])
    collection.save_revision().publish()
    ShortLink.objects.all().delete()

    migration.link_published_pages(apps, None)
    migration.link_published_pages(apps, None)  # again: nothing more
    assert sorted(ShortLink.objects.values_list("translation_key", flat=True)) == sorted(
        [published.translation_key, collection.translation_key]
    )


@pytest.mark.django_db
def test_previews_show_the_box_once_the_page_has_an_address(rf, exhibition, collection_index):
    request = rf.get("/")
    request.user = AnonymousUser()
    new = CuratedCollectionPage(title="Nouvelle", slug="nouvelle", introduction="<p>x</p>")
    new.locale = collection_index.locale
    html = new.make_preview_request(request).content.decode()
    assert "Nouvelle" in html and "for-class" not in html  # nothing to link to or cite yet

    draft = PortraitPageFactory(parent=exhibition, live=False, slug="brouillon")
    soup = BeautifulSoup(draft.make_preview_request(request).content, "html.parser")
    box = soup.select_one("aside.for-class")
    assert box.select_one(".for-class__url") is None  # no link before its first publication
    assert "http://localhost/exposition/brouillon/" in box.select_one("#citation-text").get_text()
    assert not ShortLink.objects.exists()
