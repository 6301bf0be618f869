"""Renditions are made when an image is added or a page published, not by visitors."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image
from wagtail.rich_text import RichText

from gallery.models import ExhibitionRendition
from gallery.renditions import filters_for

from .factories import ExhibitionImageFactory, PortraitPageFactory


def rendition_writes(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries if "INSERT" in q["sql"] and "rendition" in q["sql"]]


@pytest.mark.django_db
def test_a_new_gallery_is_served_without_making_renditions(
    client, exhibition, make_collection, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        portraits = []
        for _ in range(3):
            portrait = PortraitPageFactory(parent=exhibition, live=False)
            figure = ExhibitionImageFactory()
            portrait.testimony = [
                ("paragraph", RichText("<p>Un paragraphe.</p>")),
                ("figure", {"image": figure, "caption": "Une image"}),
            ]
            portrait.save_revision().publish()
            portraits.append(portrait)
        collection = make_collection(portraits)
        collection.save_revision().publish()

    for url in [
        exhibition.url,
        portraits[1].url,
        collection.url,
        f"{collection.url}{portraits[0].slug}/",
    ]:
        assert rendition_writes(client, url) == [], f"the first visit of {url} made renditions"


@pytest.mark.django_db
def test_a_photo_gets_its_sizes_when_its_page_is_published(
    exhibition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = ExhibitionImageFactory()
        portrait = PortraitPageFactory(parent=exhibition, live=False, photo=image)
    assert not image.renditions.exists()  # nobody sees it yet: nothing made, nothing public
    with django_capture_on_commit_callbacks(execute=True):
        portrait.save_revision().publish()
    made = set(image.renditions.values_list("filter_spec", flat=True))
    assert made == {f.spec for f in filters_for("portrait-photo")}
    # three formats × 160x200, 320x400, 640x800, 480w, 960w, 1600w; the link preview's JPEG
    assert len(made) == 3 * 6 + 1
    assert all(
        name.startswith("images/") for name in image.renditions.values_list("file", flat=True)
    )


@pytest.mark.django_db
def test_prepare_renditions_backfills_what_live_pages_need(exhibition):
    portrait = PortraitPageFactory(parent=exhibition)  # created without the tasks running
    assert not ExhibitionRendition.objects.exists()
    out = StringIO()
    call_command("prepare_renditions", stdout=out)
    made = set(portrait.photo.renditions.values_list("filter_spec", flat=True))
    assert made == {f.spec for f in filters_for("portrait-photo")}
    assert "1 image uses checked" in out.getvalue()


@pytest.mark.django_db
def test_every_use_gets_each_of_its_sizes_as_avif_webp_and_jpeg_files(
    home, exhibition, django_capture_on_commit_callbacks
):
    """Publishing makes, for each size an image is shown at, a file in each format the
    visitor's browser may pick: the files themselves are read, whatever their names say."""
    photo = ExhibitionImageFactory()
    with django_capture_on_commit_callbacks(execute=True):
        portrait = PortraitPageFactory(parent=exhibition, live=False, photo=photo)
        figure = ExhibitionImageFactory()
        portrait.testimony = [("figure", {"image": figure, "caption": "Une image"})]
        portrait.save_revision().publish()
        hero = ExhibitionImageFactory()
        home.hero_image = hero
        home.save_revision().publish()

    for image, use in [(photo, "portrait-photo"), (figure, "figure"), (hero, "hero")]:
        formats = {}
        for rendition in image.renditions.all():
            size = "|".join(op for op in rendition.filter_spec.split("|") if "format-" not in op)
            with rendition.file.open("rb") as file:
                formats.setdefault(size, set()).add(Image.open(file).format)
        sizes = {
            "|".join(op for op in f.spec.split("|") if "format-" not in op)
            for f in filters_for(use)
        }
        assert set(formats) == sizes, use
        # A link preview is read by other sites' crawlers, which take JPEG: that one only.
        preview = formats.pop("fill-1200x630", None)
        assert preview in (None, {"JPEG"}), (use, preview)
        assert all(made == {"AVIF", "WEBP", "JPEG"} for made in formats.values()), (use, formats)


def rendition_files(image):
    storage = image.file.storage
    return [(r.file.name, storage) for r in image.renditions.all()]


@pytest.mark.django_db
def test_an_unpublished_portrait_leaves_no_rendition_reachable(
    client, exhibition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        portrait = PortraitPageFactory(parent=exhibition)
        portrait.save_revision().publish()
    files = rendition_files(portrait.photo)
    assert files and all(storage.exists(name) for name, storage in files)

    with django_capture_on_commit_callbacks(execute=True):
        portrait.unpublish()

    assert not portrait.photo.renditions.exists()
    assert not any(storage.exists(name) for name, storage in files)
    assert client.get("/media/" + files[0][0]).status_code == 404
    # Published again: its sizes are prepared again, ahead of visitors.
    with django_capture_on_commit_callbacks(execute=True):
        portrait.save_revision().publish()
    assert rendition_writes(client, portrait.url) == []


@pytest.mark.django_db
def test_a_photo_another_live_page_shows_keeps_its_renditions(
    exhibition, django_capture_on_commit_callbacks
):
    home = exhibition.get_parent().specific
    with django_capture_on_commit_callbacks(execute=True):
        portrait = PortraitPageFactory(parent=exhibition)
        home.hero_image = portrait.photo
        home.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        portrait.unpublish()
    assert portrait.photo.renditions.filter(filter_spec__endswith="fill-480x600").exists()
