"""Withdrawal: afterwards, nothing of the person is left in any page, file, search or table."""

from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.models import FormState
from wagtail.models import Locale, ModelLogEntry
from wagtail.rich_text import RichText

from gallery.models import ExhibitionImage, JourneyMilestone, PortraitPage, Withdrawal
from gallery.withdrawal import withdraw

from .factories import ExhibitionImageFactory, PortraitPageFactory

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
    for url in public_urls:  # everything is public, and in the page cache
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
    import json

    rows = json.loads(dump.getvalue())
    for what, witness in WITNESSES.items():
        found = [row["model"] for row in rows if witness in json.dumps(row, ensure_ascii=False)]
        assert found == [], f"{what} still in the database: {found}"

    # What stays: the other portrait, the image it shares, and an audit record.
    assert client.get(stays.url).status_code == 200
    assert ExhibitionImage.objects.filter(title="Paysage partagé").exists()
    assert (record.page_id, record.withdrawn_by, record.pages_deleted) == (person.pk, curator, 2)
    assert record.images_deleted == 2  # the photo, and the one tried in a draft
    entry = ModelLogEntry.objects.get(action="gallery.withdraw")
    assert entry.user_id == curator.pk and entry.label == f"Retrait du portrait n° {person.pk}"


@pytest.mark.django_db
def test_the_command_withdraws_by_slug(exhibition):
    person = PortraitPageFactory(parent=exhibition, slug="amina")
    out = StringIO()
    call_command("withdraw_portrait", "amina", stdout=out)
    assert not PortraitPage.objects.filter(pk=person.pk).exists()
    assert Withdrawal.objects.get().page_id == person.pk
    assert "nothing of the person remains" in out.getvalue()
    with pytest.raises(CommandError, match="No portrait with the slug 'amina'"):
        call_command("withdraw_portrait", "amina")


@pytest.mark.django_db
def test_curators_withdraw_from_the_admin_after_confirming(client, exhibition, django_user_model):
    person = PortraitPageFactory(parent=exhibition)
    client.force_login(django_user_model.objects.create_superuser("curatrice", password="x"))
    edit = client.get(f"/admin/pages/{person.pk}/edit/").content.decode()
    url = f"/admin/portraits/{person.pk}/retrait/"
    assert url in edit, "the page's menu offers the withdrawal"

    confirmation = client.get(url)
    assert "définitif" in confirmation.content.decode()
    assert client.post(url, {}).status_code == 200  # not confirmed: nothing happens
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
