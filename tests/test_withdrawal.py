"""Withdrawal: afterwards, nothing of the person is left in any page, file, search or table."""

import json
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from wagtail.admin.models import FormState
from wagtail.models import Locale, ModelLogEntry
from wagtail.rich_text import RichText
from wagtail.search.models import IndexEntry

from gallery.image_uses import CannotClear, clear_images
from gallery.models import (
    ExhibitionImage,
    ExhibitionRendition,
    JourneyMilestone,
    PortraitPage,
    Withdrawal,
)
from gallery.withdrawal import withdraw
from home.models import HomePage
from infra import page_cache as stored_pages
from infra.page_cache import PAGE_KEY_PREFIX

from .factories import ExhibitionImageFactory, PortraitPageFactory
from .object_store import free_ports
from .test_http_caching import before_django
from .test_public_renditions import picture_urls
from .test_uploads import jpeg

# Words that exist only in the withdrawn person's portrait, to look for everywhere afterwards.
WITNESSES = {
    "full name": "Zenobia Quartzmann",
    "display name": "Zenobiaxq",
    "title": "Titre temoin mm7",
    "quote": "Phrase temoin xq42",
    "testimony": "Paragraphe temoin kw91",
    "journey": "Jalon temoin jj8",
    "curator's note": "Note temoin nn5",
    "image title": "Photo temoin zz1",
    "image tag": "tagtemoinpp3",
    "consent reference": "Classeur temoin cc6",
    "draft photo": "Photo brouillon temoin bb2",
    "preview": "Apercu temoin pv4",
    "easy-read version": "Version facile temoin ef3",
    "content note": "Avertissement temoin av8",
}


@pytest.fixture
def people(exhibition, make_collection, django_capture_on_commit_callbacks):
    """The person who withdraws, published everywhere; and someone who stays."""
    with django_capture_on_commit_callbacks(execute=True):
        photo = ExhibitionImageFactory(title=WITNESSES["image title"])
        photo.tags.add(WITNESSES["image tag"])
        landscape = ExhibitionImageFactory(title="Paysage partagé")
        person = PortraitPageFactory(
            parent=exhibition,
            slug="zenobiaxq",
            title=WITNESSES["title"],
            display_name=WITNESSES["display name"],
            quote=WITNESSES["quote"],
            photo=photo,
            testimony=[
                ("paragraph", RichText(f"<p>{WITNESSES['testimony']}</p>")),
                ("figure", {"image": landscape, "caption": ""}),
            ],
            easy_read=f"<p>{WITNESSES['easy-read version']}</p>",
            content_note=WITNESSES["content note"],
            consent__full_name=WITNESSES["full name"],
            consent__form_reference=WITNESSES["consent reference"],
            live=False,
        )
        person.journey.add(JourneyMilestone(year=2020, text=WITNESSES["journey"]))
        person.save_revision().publish()
        # A photo tried in a draft, never published.
        draft = person.get_latest_revision_as_object()
        draft.photo = ExhibitionImageFactory(title=WITNESSES["draft photo"])
        draft.save_revision()
        english = person.copy_for_translation(
            Locale.objects.create(language_code="en"), copy_parents=True
        )
        english.save_revision().publish()
        stays = PortraitPageFactory(
            parent=exhibition,
            display_name="Reste",
            testimony=[("figure", {"image": landscape, "caption": "Le même paysage"})],
        )
        for collection in (make_collection([person, stays]), make_collection([stays, person])):
            entry = collection.entries.get(portrait=person)
            entry.note = WITNESSES["curator's note"]
            entry.save()
            collection.save_revision().publish()
    return person, english, stays


def media_files():
    return {str(p) for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}


@pytest.mark.redis
@pytest.mark.django_db
def test_nothing_of_a_withdrawn_person_is_left_anywhere(
    client, page_cache, people, exhibition, django_user_model, django_capture_on_commit_callbacks
):
    person, english, stays = people
    curator = django_user_model.objects.create_user("curatrice", password="x")
    FormState.objects.create(  # what the editor's preview keeps of a form
        content_type=ContentType.objects.get_for_model(PortraitPage),
        object_id=str(person.pk),
        user=curator,
        data=f"quote={WITNESSES['preview']}",
        last_updated_at=timezone.now(),
    )
    collections = [entry.collection for entry in stays.collection_entries.all()]
    public_urls = [person.url, english.url, exhibition.url, "/sitemap.xml"]
    public_urls += [c.url for c in collections] + [f"{c.url}{person.slug}/" for c in collections]
    for url in public_urls:  # everything is public, in the page cache, and copied from it
        assert client.get(url).status_code == 200, url
        assert client.get(url).status_code == 200, url
    photo_files = {
        str(Path(settings.MEDIA_ROOT) / name)
        for name in [
            person.photo.file.name,
            *person.photo.renditions.values_list("file", flat=True),
        ]
    }
    assert photo_files <= media_files() and len(photo_files) > 10

    with django_capture_on_commit_callbacks(execute=True):
        record = withdraw(person, user=curator)

    # No public URL, file or search returns anything of the person.
    assert client.get(person.url).status_code == 404
    assert client.get(english.url).status_code == 404
    for url in public_urls:
        html = client.get(url).content.decode()
        for what, witness in WITNESSES.items():
            assert witness not in html, f"{what} still on {url}"
    for witness in (WITNESSES["display name"], WITNESSES["quote"], WITNESSES["testimony"]):
        results = BeautifulSoup(client.get("/recherche/", {"q": witness}).content, "html.parser")
        assert results.select(".portrait-card") == [], witness
    assert not photo_files & media_files(), "the photo and its renditions left storage"

    # Nor any table: the whole database, dumped, does not know them any more.
    dump = StringIO()
    call_command("dumpdata", stdout=dump)
    rows = json.loads(dump.getvalue())
    for what, witness in WITNESSES.items():
        found = [row["model"] for row in rows if witness in json.dumps(row, ensure_ascii=False)]
        assert found == [], f"{what} still in the database: {found}"

    # Nor Redis: the page cache holds no copy of them, fresh or outdated.
    cache = caches["pages"]
    for key in cache.keys(f"{PAGE_KEY_PREFIX}*"):
        entry = cache.get(key)  # a page (content bytes), or a fragment or late part (HTML)
        cached = entry.content.decode() if hasattr(entry, "content") else repr(entry)
        assert not any(witness in cached for witness in WITNESSES.values()), key
    # Nor this process's copies of the pages it answered (page_cache._copies): those read
    # before the withdrawal went at its first page after.
    for url in public_urls:  # stored again since: answered from the cache, so copied
        client.get(url)
        before_django(url)  # and the answer made from it, late parts put back
    copies = [
        content.decode()
        for _stamp, entry, answer in stored_pages._copies.values()
        for content in (entry.content, answer[2] if answer else b"")
    ]
    assert any(answer for *_, answer in stored_pages._copies.values())
    assert copies, "pages answered from the cache since are copied"
    assert not any(witness in copy for copy in copies for witness in WITNESSES.values())
    # Nor the search index, down to SQLite's full-text segments.
    for table, data in search_index_tables():
        for witness in ("zenobiaxq", "xq42", "kw91"):
            assert witness.encode() not in data, f"{witness} in {table}"

    # What stays: the other portrait, without the image the person's testimony shared with
    # it (every image a portrait showed is the person's), and an audit record.
    assert client.get(stays.url).status_code == 200
    assert not ExhibitionImage.objects.filter(title="Paysage partagé").exists()
    assert [b.block_type for b in PortraitPage.objects.get(pk=stays.pk).testimony] == []
    assert (record.page_id, record.withdrawn_by, record.pages_deleted) == (person.pk, curator, 2)
    assert record.images_deleted == 3  # the photo, the one tried in a draft, the landscape
    assert [use.label for use in record.plan.cleared] == [stays.title]
    entry = ModelLogEntry.objects.get(action="gallery.withdraw")
    assert entry.user_id == curator.pk and entry.label == f"Retrait du portrait n° {person.pk}"


@pytest.mark.django_db
def test_the_command_withdraws_by_slug(exhibition):
    person = PortraitPageFactory(parent=exhibition, slug="amina")
    out = StringIO()
    call_command("withdraw_portrait", "amina", stdout=out)
    assert not PortraitPage.objects.filter(pk=person.pk).exists()
    assert Withdrawal.objects.get().page_id == person.pk
    assert "Nothing of the person remains." in out.getvalue()
    with pytest.raises(CommandError, match="No portrait with the slug 'amina'"):
        call_command("withdraw_portrait", "amina")


@pytest.mark.django_db
def test_curators_withdraw_from_the_admin_after_confirming(client, exhibition, django_user_model):
    person = PortraitPageFactory(parent=exhibition)
    client.force_login(django_user_model.objects.create_superuser("curatrice", password="x"))
    edit = client.get(f"/admin/pages/{person.pk}/edit/").content.decode()
    url = f"/admin/portraits/{person.pk}/retrait/"
    assert url in edit, "the page's menu offers the withdrawal"

    confirmation = BeautifulSoup(client.get(url).content, "html.parser")
    assert "définitif" in confirmation.get_text()
    # An admin screen like Wagtail's own: where it stands, in the breadcrumbs.
    trail = [item.get_text(" ", strip=True) for item in confirmation.select("nav ol li")]
    assert trail[-3:] == [exhibition.title, person.title, "Retirer un portrait"]
    unconfirmed = client.post(url, {})  # not confirmed: nothing happens, and it says why
    assert "Cochez la case pour confirmer." in unconfirmed.content.decode()
    assert PortraitPage.objects.filter(pk=person.pk).exists()

    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 302
    assert not PortraitPage.objects.filter(pk=person.pk).exists()
    # The audit trail, in Wagtail's site history: who, when, which page.
    history = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert f"Retrait du portrait n° {person.pk}" in history


@pytest.mark.django_db
def test_withdrawing_needs_the_permission(client, exhibition, django_user_model):
    from django.contrib.auth.models import Permission

    person = PortraitPageFactory(parent=exhibition)
    user = django_user_model.objects.create_user("visiteuse", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.post(f"/admin/portraits/{person.pk}/retrait/", {"confirm": "yes"})
    assert response.status_code == 302 and response["Location"] == "/admin/"  # refused
    assert PortraitPage.objects.filter(pk=person.pk).exists()


@pytest.mark.django_db
def test_a_photo_used_elsewhere_is_taken_out_and_the_curator_told(
    client, exhibition, django_user_model, django_capture_on_commit_callbacks
):
    """The attack: the home page's hero was the portrait's photo. Withdrawal said "nothing
    remains" and the photo stayed on /. Now every use goes, and is named beforehand."""
    home = exhibition.get_parent().specific
    with django_capture_on_commit_callbacks(execute=True):
        person = PortraitPageFactory(parent=exhibition, slug="amina")
        home.hero_image = person.photo
        home.save_revision().publish()
        other = PortraitPageFactory(parent=exhibition, display_name="Karim")
        draft = other.get_latest_revision_as_object()  # a draft that would bring it back
        draft.testimony = [
            ("paragraph", RichText("<p>Un paragraphe.</p>")),
            ("figure", {"image": person.photo, "caption": "Prise par Amina"}),
        ]
        draft.save_revision()
    photo = person.photo
    hero_urls = {u for u in picture_urls(client.get("/").content) if "/media/" in u}
    assert hero_urls

    client.force_login(django_user_model.objects.create_superuser("curatrice", password="x"))
    url = f"/admin/portraits/{person.pk}/retrait/"
    confirmation = client.get(url).content.decode()
    assert escape(home.title) in confirmation and escape(other.title) in confirmation
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"confirm": "yes"}, follow=True).content.decode()
    assert escape(home.title) in done and "rien de cette personne" not in done

    client.logout()
    assert not ExhibitionImage.objects.filter(pk=photo.pk).exists()
    assert all(client.get(u).status_code == 404 for u in hero_urls)
    assert HomePage.objects.get(pk=home.pk).hero_image is None
    assert home.get_latest_revision().as_object().hero_image_id is None
    karim = PortraitPage.objects.get(pk=other.pk).get_latest_revision_as_object()
    assert [block.block_type for block in karim.testimony] == ["paragraph"]


@pytest.mark.django_db
def test_the_command_lists_what_else_it_changed(exhibition, django_capture_on_commit_callbacks):
    home = exhibition.get_parent().specific
    person = PortraitPageFactory(parent=exhibition, slug="amina")
    home.hero_image = person.photo
    home.save_revision().publish()
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("withdraw_portrait", "amina", stdout=out)
    assert f"taken out of (live and drafts):\n  {home.title}" in out.getvalue()
    assert HomePage.objects.get(pk=home.pk).hero_image is None


def test_an_image_something_requires_cannot_simply_be_cleared():
    rendition = ExhibitionRendition(image_id=7, filter_spec="width-10")  # requires its image
    with pytest.raises(CannotClear):
        clear_images(rendition, {7})


@pytest.mark.django_db
def test_no_word_of_the_testimony_stays_in_the_search_index(
    exhibition, django_capture_on_commit_callbacks
):
    """SQLite's full-text index kept a deleted entry's words in its segments: they are
    merged away at withdrawal."""
    with django_capture_on_commit_callbacks(execute=True):
        person = PortraitPageFactory(parent=exhibition, quote="Phrase témoin xqzzy42", live=False)
        person.save_revision().publish()
    assert any(b"xqzzy42" in data for _table, data in search_index_tables())
    with django_capture_on_commit_callbacks(execute=True):
        withdraw(person)
    assert not any(b"xqzzy42" in data for _table, data in search_index_tables())


def search_index_tables():
    """(table, raw bytes) of the search index: its entries, and on SQLite the full-text index
    with its shadow tables."""
    with connection.cursor() as cursor:
        tables = [IndexEntry._meta.db_table]
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE %s", ["%entry_fts%"])
            tables += [row[0] for row in cursor.fetchall()]
        found = []
        for table in tables:
            try:
                cursor.execute(f'SELECT * FROM "{table}"')
            except DatabaseError:
                continue
            found.append((table, repr(cursor.fetchall()).encode()))
    return found


@pytest.mark.django_db
def test_uploads_waiting_for_their_form_go_with_a_withdrawal(
    exhibition, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile
    from wagtail.models import UploadedFile

    pending = UploadedFile.objects.create(file=ContentFile(jpeg(), name="photo.jpg"))
    stored = Path(settings.MEDIA_ROOT) / pending.file.name
    assert stored.exists()
    person = PortraitPageFactory(parent=exhibition)
    with django_capture_on_commit_callbacks(execute=True):
        withdraw(person)
    assert not stored.exists() and not UploadedFile.objects.exists()


@pytest.mark.django_db
def test_a_withdrawal_is_refused_while_the_page_cache_cannot_be_reached(
    client, page_cache, exhibition, django_user_model, settings,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    """Committed while Redis is out of reach, a withdrawal's purge would fail, and its pages
    would be answered again once Redis came back: it is refused, changing nothing, and says so."""
    person = PortraitPageFactory(parent=exhibition, display_name="Zénobie")
    client.get(person.url)
    assert client.get(person.url)["X-Page-Cache"] == "hit"
    client.force_login(django_user_model.objects.create_superuser("curatrice", password="x"))
    reachable = settings.CACHES["pages"]
    (closed,) = free_ports(1)  # nothing listens there: connections are refused, for real
    settings.CACHES = {
        **settings.CACHES, "pages": {**reachable, "LOCATION": f"redis://127.0.0.1:{closed}/0"}
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/portraits/{person.pk}/retrait/", {"confirm": "yes"})
    assert response.status_code == 200
    assert "Le cache des pages ne répond pas" in response.content.decode()
    assert PortraitPage.objects.filter(pk=person.pk, live=True).exists()
    with pytest.raises(CommandError, match="page cache does not answer"):
        call_command("withdraw_portrait", person.slug)

    settings.CACHES = {**settings.CACHES, "pages": reachable}  # back: nothing taken down
    client.logout()
    assert "Zénobie" in client.get(person.url).content.decode()
    client.force_login(django_user_model.objects.get(username="curatrice"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/portraits/{person.pk}/retrait/", {"confirm": "yes"})
    client.logout()
    assert client.get(person.url).status_code == 404
