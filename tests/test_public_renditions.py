"""A photo is reachable at a public URL only while a page the public may see shows it; admin
screens and previews never make a public file; no full-size copy is public; names are random."""

import datetime
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from gallery.models import ExhibitionRendition, PortraitPage

from .factories import ExhibitionImageFactory, PortraitPageFactory
from .test_curators import portrait_form

PUBLIC = Path(settings.MEDIA_ROOT) / "images"


def public_files():
    return sorted(path.name for path in PUBLIC.glob("*")) if PUBLIC.exists() else []


def picture_urls(html):
    soup = BeautifulSoup(html, "html.parser")
    urls = [img["src"] for img in soup.select("img[src]")]
    for source in soup.select("source[srcset], img[srcset]"):
        urls += [part.split()[0] for part in source["srcset"].split(",")]
    return set(urls)


def publish_portrait(exhibition, **fields):
    portrait = PortraitPageFactory(parent=exhibition, live=False, **fields)
    portrait.save_revision().publish()
    return PortraitPage.objects.get(pk=portrait.pk)


@pytest.fixture
def published(exhibition, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return publish_portrait(exhibition)


@pytest.fixture
def curator_client(client, user_in):
    client.force_login(user_in("Curateurs"))
    return client


@pytest.mark.django_db
def test_after_consent_ends_no_admin_screen_brings_the_photo_back(
    curator_client, published, exhibition, django_capture_on_commit_callbacks
):
    anonymous = Client()
    urls = {url for url in picture_urls(anonymous.get(published.url).content) if "/media/" in url}
    assert urls and all(anonymous.get(url).status_code == 200 for url in urls)
    assert public_files()

    with django_capture_on_commit_callbacks(execute=True):
        consent = published.consent
        consent.valid_until = timezone.localdate() - datetime.timedelta(days=1)
        consent.signed_on = consent.valid_until - datetime.timedelta(days=30)
        consent.save()  # ended: the page comes down, and its photo's public files with it
    assert not PortraitPage.objects.get(pk=published.pk).live
    assert public_files() == []

    image = published.photo
    with django_capture_on_commit_callbacks(execute=True):
        listing = curator_client.get(reverse("wagtailadmin_explore", args=[exhibition.pk]))
        curator_client.get(reverse("wagtailimages:index"))
        curator_client.get(reverse("wagtailimages:edit", args=[image.pk]))
        curator_client.post(
            reverse("wagtailimages:edit", args=[image.pk]),
            {
                "title": image.title,
                "alt_text": "Une autre description",
                "credit": image.credit,
                "licence": image.licence,
                "collection": image.collection_id,
                "tags": "",
            },
        )
        preview = reverse("wagtailadmin_pages:preview_on_edit", args=[published.pk])
        curator_client.post(preview, portrait_form(published))
        curator_client.get(preview)

    assert public_files() == [], "an admin screen made a public file of the photo"
    assert all(anonymous.get(url).status_code == 404 for url in urls)
    # The admin still shows its thumbnails, to signed-in staff only.
    thumbnails = {url for url in picture_urls(listing.content) if "/admin/apercus/" in url}
    assert thumbnails
    for url in thumbnails:
        assert curator_client.get(url).status_code == 200
        assert anonymous.get(url).status_code == 302  # to the sign-in page
    assert (
        ExhibitionRendition.objects.filter(image=image)
        .exclude(file__startswith="private_renditions/")
        .count()
        == 0
    )


@pytest.mark.django_db
def test_no_full_size_copy_is_public_and_names_tell_nothing(
    curator_client, exhibition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        photo = ExhibitionImageFactory(file__width=2000, file__height=2500)  # a camera's size
        image = publish_portrait(exhibition, photo=photo).photo
    with django_capture_on_commit_callbacks(execute=True):
        curator_client.get(reverse("wagtailimages:edit", args=[image.pk]))  # its `original`
        curator_client.post(
            reverse("wagtailimages:edit", args=[image.pk]),
            {
                "title": image.title,
                "alt_text": image.alt_text,
                "credit": "Atelier renommé",
                "licence": image.licence,
                "collection": image.collection_id,
                "tags": "",
            },
        )
    original = ExhibitionRendition.objects.get(image=image, filter_spec="original")
    assert original.file.name.startswith("private_renditions/")
    anonymous = Client()
    assert anonymous.get(original.url).status_code == 302
    assert anonymous.get("/media/" + original.file.name).status_code == 404

    names = public_files()
    assert names and all(re.fullmatch(r"[0-9a-f]{32}\.(avif|webp|jpg|jpeg)", n) for n in names)
    stem = Path(image.file.name).stem
    assert not any(stem in name for name in names)
    # The largest public copy is the viewer's, smaller than the original.
    public = ExhibitionRendition.objects.filter(image=image, file__startswith="images/")
    assert max(rendition.width for rendition in public) == 1600 < image.width


@pytest.mark.django_db
def test_a_draft_previewed_makes_no_public_file(curator_client, exhibition):
    draft = PortraitPageFactory(parent=exhibition, live=False)
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[draft.pk])
    curator_client.post(preview, portrait_form(draft))
    response = curator_client.get(preview)
    assert response.status_code == 200 and draft.photo.renditions.exists()
    assert public_files() == []
    urls = {url for url in picture_urls(response.content) if "apercus" in url}
    assert urls and all(curator_client.get(url).status_code == 200 for url in urls)


@pytest.mark.django_db
def test_a_replaced_photo_leaves_the_public_site(
    client, published, django_capture_on_commit_callbacks
):
    old = published.photo
    assert old.renditions.filter(file__startswith="images/").exists()
    with django_capture_on_commit_callbacks(execute=True):
        version = published.get_latest_revision_as_object()
        version.photo = ExhibitionImageFactory()
        version.save_revision().publish()
    assert not old.renditions.filter(file__startswith="images/").exists()
    assert version.photo.renditions.filter(file__startswith="images/").exists()


@pytest.mark.django_db
def test_a_portrait_in_a_private_section_has_no_public_file(
    published, exhibition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=exhibition, restriction_type=PageViewRestriction.PASSWORD, password="classe"
        )
    assert public_files() == []
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.filter(page=exhibition).delete()
        published.save_revision().publish()
    assert public_files()
