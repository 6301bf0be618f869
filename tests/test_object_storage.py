"""Media in object storage, against a real SeaweedFS (tests/object_store.py): originals and
everything private in a bucket nobody reads anonymously, public renditions in a bucket the
public reads; withdrawal, consent end and unpublication leave no object behind."""

import datetime
import io
import urllib.error
import urllib.request
import zipfile
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from wagtail.images.models import Filter
from wagtail.models import UploadedFile

from gallery import sheets
from gallery.models import ExhibitionImage, PortraitPage
from gallery.renditions import ADMIN_THUMBNAIL, PUBLIC_FOLDER, SHEET_PHOTO
from gallery.transfer.admin import SESSION_KEY, sweep_stale_imports, upload_names
from gallery.withdrawal import withdraw

from .factories import ExhibitionImageFactory, PortraitPageFactory
from .test_import_export import ROWS, write_csv
from .test_photo_privacy import metadata_in, photo_with_metadata
from .test_settings import PRODUCTION_ENV, manage

pytestmark = pytest.mark.django_db


def anonymous_status(url):
    """The HTTP status of `url` for anyone on the Internet (no keys, no cookies)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def read_object(store, bucket, key):
    return store.client().get_object(Bucket=bucket, Key=key)["Body"].read()


def picture_urls(html):
    soup = BeautifulSoup(html, "html.parser")
    urls = {img["src"] for img in soup.select("img[src]")}
    for source in soup.select("source[srcset], img[srcset]"):
        urls |= {part.split()[0] for part in source["srcset"].split(",")}
    return urls


@pytest.fixture
def store(media_in_object_store):
    return media_in_object_store


@pytest.fixture
def curator(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("curatrice", password="x"))
    return client


@pytest.fixture
def published(exhibition, store, django_capture_on_commit_callbacks):
    """A published portrait whose photo has metadata, its public renditions prepared."""
    with django_capture_on_commit_callbacks(execute=True):
        portrait = PortraitPageFactory(
            parent=exhibition,
            photo=ExhibitionImageFactory(file=ContentFile(photo_with_metadata(), "amina.jpg")),
            consent__covers_print=True,
            live=False,
        )
        portrait.save_revision().publish()
    return PortraitPage.objects.get(pk=portrait.pk)


def test_an_uploaded_photo_is_kept_private_and_without_metadata(curator, store):
    response = curator.post(
        reverse("wagtailimages:add"),
        {
            "title": "Portrait",
            "file": SimpleUploadedFile("amina-haddad.jpg", photo_with_metadata(), "image/jpeg"),
            "alt_text": "Silhouette sur fond orange",
            "licence": "all-rights-reserved",
        },
    )
    assert response.status_code == 302
    name = ExhibitionImage.objects.get().file.name
    assert store.all_keys() == {store.private_bucket: [name], store.public_bucket: []}
    found = metadata_in(read_object(store, store.private_bucket, name))
    assert found["exif"] == {} and found["gps"] == {} and found["comment"] is None
    assert found["size"] == (300, 200)
    for bucket in (store.private_bucket, store.public_bucket):
        assert anonymous_status(f"{store.endpoint}/{bucket}/{name}") in (403, 404)


def test_uploads_in_progress_wait_in_the_private_bucket_and_are_swept(store):
    pending = UploadedFile.objects.create(file=ContentFile(photo_with_metadata(), "x.jpg"))
    name = pending.file.name
    assert name.startswith("wagtail_uploads/")
    assert store.keys(store.private_bucket) == [name]
    assert metadata_in(read_object(store, store.private_bucket, name))["gps"] == {}
    assert anonymous_status(f"{store.endpoint}/{store.private_bucket}/{name}") == 403

    from gallery.uploads import sweep_abandoned

    assert sweep_abandoned(now=timezone.now() + datetime.timedelta(days=2)) == 1
    assert store.keys(store.private_bucket) == []


def test_visitors_read_public_renditions_from_the_public_bucket_and_nothing_else(
    published, store, curator
):
    html = Client().get(published.url).content.decode()
    urls = picture_urls(html)
    assert urls and all(url.startswith(store.public_url + PUBLIC_FOLDER + "/") for url in urls)
    for url in urls:
        assert anonymous_status(url) == 200
    with urllib.request.urlopen(next(iter(urls))) as response:
        assert metadata_in(response.read())["exif"] == {}

    image = published.photo
    thumbnail = image.get_rendition(Filter.expand_spec(ADMIN_THUMBNAIL)[0])
    assert thumbnail.file.name.startswith("private_renditions/")
    public_keys = store.keys(store.public_bucket)
    private_keys = store.keys(store.private_bucket)
    assert thumbnail.file.name in private_keys and image.file.name in private_keys
    assert all(key.startswith(PUBLIC_FOLDER + "/") for key in public_keys)
    assert not any(key.startswith(PUBLIC_FOLDER + "/") for key in private_keys)
    for key in (image.file.name, thumbnail.file.name):  # neither bucket gives them away
        assert anonymous_status(f"{store.endpoint}/{store.private_bucket}/{key}") == 403
        assert anonymous_status(f"{store.public_url}{key}") in (403, 404)
    # Staff see the private rendition through the admin, read from the private bucket.
    answer = curator.get(thumbnail.url)
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == read_object(
        store, store.private_bucket, thumbnail.file.name
    )
    assert Client().get(thumbnail.url).status_code == 302  # to the sign-in page


def test_a_rendition_made_before_publication_moves_to_the_public_bucket(
    exhibition, store, django_capture_on_commit_callbacks
):
    portrait = PortraitPageFactory(parent=exhibition, live=False)
    draft_rendition = portrait.photo.get_rendition(SHEET_PHOTO)  # a preview, say
    private_name = draft_rendition.file.name
    assert private_name.startswith("private_renditions/")
    assert private_name in store.keys(store.private_bucket)
    assert store.keys(store.public_bucket) == []

    with django_capture_on_commit_callbacks(execute=True):
        portrait.save_revision().publish()
    moved = type(draft_rendition).objects.get(pk=draft_rendition.pk)
    assert moved.file.name.startswith(PUBLIC_FOLDER + "/")
    assert private_name not in store.keys(store.private_bucket)
    assert anonymous_status(moved.url) == 200


def test_unpublishing_deletes_the_public_rendition_objects(
    published, store, django_capture_on_commit_callbacks
):
    assert store.keys(store.public_bucket)
    with django_capture_on_commit_callbacks(execute=True):
        published.unpublish()
    assert store.keys(store.public_bucket) == []
    assert published.photo.file.name in store.keys(store.private_bucket)  # kept, private


def test_the_end_of_consent_deletes_the_public_rendition_objects(
    published, store, django_capture_on_commit_callbacks
):
    urls = picture_urls(Client().get(published.url).content.decode())
    assert urls and store.keys(store.public_bucket)
    with django_capture_on_commit_callbacks(execute=True):
        consent = published.consent
        consent.valid_until = timezone.localdate() - datetime.timedelta(days=1)
        consent.signed_on = consent.valid_until - datetime.timedelta(days=30)
        consent.save()
    assert store.keys(store.public_bucket) == []
    assert all(anonymous_status(url) in (403, 404) for url in urls)


def test_a_withdrawal_leaves_none_of_the_persons_objects_in_either_bucket(
    published, exhibition, store, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        stays = PortraitPageFactory(parent=exhibition, live=False)
        stays.save_revision().publish()
    stays_keys = {stays.photo.file.name, *stays.photo.renditions.values_list("file", flat=True)}
    image = published.photo
    persons_keys = {image.file.name, *image.renditions.values_list("file", flat=True)}
    image.get_rendition(Filter.expand_spec(ADMIN_THUMBNAIL)[0])  # a private one too
    persons_keys |= set(image.renditions.values_list("file", flat=True))
    UploadedFile.objects.create(file=ContentFile(photo_with_metadata(), "x.jpg"))  # pending
    before = store.all_keys()
    assert persons_keys <= {*before[store.private_bucket], *before[store.public_bucket]}
    assert any(key.startswith("wagtail_uploads/") for key in before[store.private_bucket])

    with django_capture_on_commit_callbacks(execute=True):
        withdraw(published)

    after = store.all_keys()
    remaining = {*after[store.private_bucket], *after[store.public_bucket]}
    assert not persons_keys & remaining
    assert not any(key.startswith("wagtail_uploads/") for key in remaining)
    assert stays_keys <= remaining  # the other portrait keeps its photo and renditions


def zip_of_photos():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photos/zoe.jpg", photo_with_metadata())
        colour = io.BytesIO()
        Image.new("RGB", (300, 400), (40, 90, 160)).save(colour, format="JPEG")
        archive.writestr("photos/karim.jpg", colour.getvalue())
    return buffer.getvalue()


def test_an_import_from_a_zip_waits_in_the_private_bucket_then_leaves(
    curator, exhibition, store, tmp_path
):
    preview = curator.post(
        "/admin/portraits/import/",
        {
            "csv_file": SimpleUploadedFile(
                "p.csv", write_csv(tmp_path / "p.csv", ROWS).read_bytes()
            ),
            "photos": SimpleUploadedFile("p.zip", zip_of_photos(), "application/zip"),
            "exhibition": exhibition.pk,
        },
    )
    assert "Confirmer l'import" in preview.content.decode()
    waiting = upload_names(curator.session[SESSION_KEY]["token"])
    assert set(waiting) <= set(store.keys(store.private_bucket))
    assert store.keys(store.public_bucket) == []

    done = curator.post("/admin/portraits/import/", {"action": "confirm"})
    assert done.status_code == 302
    imported = PortraitPage.objects.filter(slug__in=["zoe", "karim"])
    assert imported.count() == 2
    private_keys = store.keys(store.private_bucket)
    assert not any(key.startswith("imports/") for key in private_keys)
    for portrait in imported:
        assert portrait.photo.file.name in private_keys
        data = read_object(store, store.private_bucket, portrait.photo.file.name)
        assert metadata_in(data)["gps"] == {}


def test_forgotten_import_previews_are_swept_from_the_bucket(curator, exhibition, store, tmp_path):
    curator.post(
        "/admin/portraits/import/",
        {
            "csv_file": SimpleUploadedFile(
                "p.csv", write_csv(tmp_path / "p.csv", ROWS).read_bytes()
            ),
            "photos": SimpleUploadedFile("p.zip", zip_of_photos(), "application/zip"),
            "exhibition": exhibition.pk,
        },
    )
    assert any(key.startswith("imports/") for key in store.keys(store.private_bucket))
    assert sweep_stale_imports() == 0  # still fresh
    assert sweep_stale_imports(now=timezone.now() + datetime.timedelta(hours=3)) == 1
    assert not any(key.startswith("imports/") for key in store.keys(store.private_bucket))
    expired = curator.post("/admin/portraits/import/", {"action": "confirm"})
    assert expired.status_code == 302 and not PortraitPage.objects.filter(slug="zoe").exists()


def test_the_export_copies_the_photos_out_of_the_private_bucket(published, store, tmp_path):
    call_command("export_portraits", str(tmp_path), stdout=StringIO())
    exported = tmp_path / "photos" / f"{published.slug}.jpg"
    stored = read_object(store, store.private_bucket, published.photo.file.name)
    assert exported.read_bytes() == stored


def test_a_class_sheet_reads_its_photo_from_the_public_bucket_through_storage(published, store):
    rendition = published.photo.get_rendition(SHEET_PHOTO)
    assert rendition.url.startswith(store.public_url)
    content, mime_type = sheets.local_file(rendition.url, "http://testserver/")
    assert content == read_object(store, store.public_bucket, rendition.file.name)
    assert mime_type == "image/jpeg"
    original = published.photo.file.name
    for refused in (
        f"{store.endpoint}/{store.private_bucket}/{original}",
        f"{store.public_url}{original}",
        f"{store.public_url}{PUBLIC_FOLDER}/missing.jpg",
    ):
        with pytest.raises(sheets.Refused):
            sheets.local_file(refused, "http://testserver/")
    if sheets.unavailable_reason() is None:
        response = Client().get(f"{published.url}fiche/")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        import pypdf

        reader = pypdf.PdfReader(io.BytesIO(response.content))
        assert len([image for page in reader.pages for image in page.images]) == 1


def test_production_settings_put_media_in_the_two_buckets(store):
    script = (
        "from django.conf import settings as s; "
        "o = s.STORAGES['default']['OPTIONS']; "
        "print(s.STORAGES['default']['BACKEND'], o['public_prefixes'], s.MEDIA_URL, "
        "s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'][-1])"
    )
    env = {**PRODUCTION_ENV, **store.environ()}
    result = manage(
        "shell", "-v", "0", "-c", script, "--settings=config.settings.production", env=env
    )
    assert result.returncode == 0, result.stderr
    backend, prefixes, media_url, image_origin = result.stdout.split()
    assert backend == "infra.storage.SplitBucketStorage"
    assert prefixes == f"['{PUBLIC_FOLDER}/']"  # the settings' literal is the renditions' folder
    assert media_url == store.public_url
    assert image_origin == store.endpoint  # the pages' CSP lets the bucket's images in

    missing = manage(
        "check",
        "--settings=config.settings.production",
        env={**env, "MEDIA_PUBLIC_URL": ""},
    )
    assert missing.returncode != 0 and "MEDIA_PUBLIC_URL is not set" in missing.stderr
