"""A photo is safe to publish: no metadata, no person's name in any file name or URL."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from gallery.image_files import is_anonymous, without_metadata
from gallery.models import ExhibitionImage

from .factories import PortraitPageFactory

GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (45.0, 2.0, 36.0),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (3.0, 53.0, 7.0),
}


def photo_with_metadata(orientation=1, size=(300, 200)):
    """A real JPEG as a phone would take it: GPS position, camera, orientation, comment."""
    image = Image.new("RGB", size, (200, 120, 40))
    image.paste((20, 40, 160), (0, 0, size[0] // 3, size[1]))  # a blue band on the left
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(GPS)
    buffer = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    image.save(buffer, format="JPEG", exif=exif, comment=b"Amina Haddad, rue X", xmp=xmp)
    data = buffer.getvalue()
    assert b"PhoneMaker" in data and b"Amina Haddad" in data and b"xmpmeta" in data
    return data


def metadata_in(data):
    with Image.open(io.BytesIO(data)) as image:
        return {
            "exif": dict(image.getexif()),
            "gps": dict(image.getexif().get_ifd(ExifTags.IFD.GPSInfo)),
            "comment": image.info.get("comment"),
            "xmp": image.info.get("xmp"),
            "size": image.size,
        }


@pytest.fixture
def curator(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("curatrice", password="x"))


@pytest.mark.django_db
def test_an_uploaded_photo_is_stored_without_metadata_under_a_random_name(client, curator):
    upload = SimpleUploadedFile("amina-haddad.jpg", photo_with_metadata(), "image/jpeg")
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Portrait",
            "file": upload,
            "alt_text": "Silhouette sur fond orange",
            "licence": "all-rights-reserved",
        },
    )
    assert response.status_code == 302
    image = ExhibitionImage.objects.get()
    assert "amina" not in image.file.name.lower() and is_anonymous(image.file.name)
    with image.open_file() as stored:
        data = stored.read()
    assert b"PhoneMaker" not in data and b"Amina Haddad" not in data and b"xmpmeta" not in data
    found = metadata_in(data)
    assert found["exif"] == {} and found["gps"] == {}
    assert found["comment"] is None and found["xmp"] is None
    assert (image.width, image.height) == (300, 200)
    assert image.file_size == len(data)


@pytest.mark.django_db
def test_orientation_is_applied_before_the_metadata_goes(exhibition):
    # Orientation 6: the camera was turned; viewers rotate the picture 90° clockwise.
    upload = SimpleUploadedFile("photo.jpg", photo_with_metadata(orientation=6), "image/jpeg")
    image = ExhibitionImage.objects.create(title="Tournée", file=upload, alt_text="Photo")
    assert (image.width, image.height) == (200, 300)
    with image.open_file() as stored, Image.open(stored) as upright:
        assert upright.size == (200, 300)
        # The blue band, on the left when sideways, is now at the top.
        assert upright.getpixel((100, 10))[2] > 120 and upright.getpixel((100, 290))[2] < 80


@pytest.mark.django_db
def test_no_public_file_or_url_carries_metadata_or_the_original_name(client, exhibition):
    upload = SimpleUploadedFile("amina-haddad.jpg", photo_with_metadata(), "image/jpeg")
    photo = ExhibitionImage.objects.create(title="Portrait", file=upload, alt_text="Silhouette")
    portrait = PortraitPageFactory(parent=exhibition, photo=photo)

    html = client.get(portrait.url).content.decode()
    urls = {
        url.split()[0]
        for tag in BeautifulSoup(html, "html.parser").select("img, source, a[href*='/media/']")
        for attr in ("src", "srcset", "href")
        for url in (tag.get(attr) or "").split(",")
        if url.strip()
    }
    assert urls and "amina" not in html.lower()
    for url in urls:
        response = client.get(url.strip())
        data = b"".join(response.streaming_content)
        assert b"PhoneMaker" not in data and b"Amina Haddad" not in data, url
        assert metadata_in(data)["gps"] == {}, url


@pytest.mark.django_db
def test_original_files_are_not_served(client, exhibition, django_user_model):
    photo = ExhibitionImage.objects.create(
        title="Portrait",
        file=SimpleUploadedFile("p.jpg", photo_with_metadata(), "image/jpeg"),
        alt_text="Silhouette",
    )
    rendition = photo.get_rendition("width-100")  # no page shows it: a private file
    assert client.get(rendition.url).status_code == 302  # to the admin's sign-in
    client.force_login(django_user_model.objects.create_superuser("admin", password="x"))
    assert client.get(rendition.url).status_code == 200
    assert client.get(f"/media/{photo.file.name}").status_code == 404


@pytest.mark.django_db
def test_trailers_and_png_text_are_dropped_without_touching_pixels():
    from django.core.files.base import ContentFile
    from PIL import PngImagePlugin

    clean_jpeg = without_metadata(ContentFile(photo_with_metadata())).read()
    with_trailer = clean_jpeg + b"SEFH phone trailer: 45.0431N 3.8853E Amina"
    assert without_metadata(ContentFile(with_trailer)).read() == clean_jpeg

    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Amina Haddad")
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (10, 200, 30)).save(buffer, format="PNG", pnginfo=text)
    stripped = without_metadata(ContentFile(buffer.getvalue())).read()
    assert b"Amina" not in stripped
    with Image.open(io.BytesIO(stripped)) as png:
        assert png.getpixel((5, 5)) == (10, 200, 30) and "Author" not in png.info


@pytest.mark.django_db
@pytest.mark.parametrize(
    "trick", ["images/../original_images/{name}", "images/%2e%2e/original_images/{name}"]
)
def test_no_path_trick_reaches_the_originals(client, trick):
    photo = ExhibitionImage.objects.create(
        title="Portrait",
        file=SimpleUploadedFile("p.jpg", photo_with_metadata(), "image/jpeg"),
        alt_text="Silhouette",
    )
    name = photo.file.name.split("/")[-1]
    assert client.get("/media/" + trick.format(name=name)).status_code == 404


@pytest.mark.django_db
def test_the_multiple_uploader_stores_no_metadata_either(client, curator):
    """Wagtail's "Add images" page stores the file first and asks for alt text after."""
    upload = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("amina-haddad.jpg", photo_with_metadata(), "image/jpeg")},
    )
    assert upload.status_code == 200
    uploaded_id = upload.json()["uploaded_file_id"]
    created = client.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=[uploaded_id]),
        {
            f"uploaded-image-{uploaded_id}-title": "Portrait",
            f"uploaded-image-{uploaded_id}-alt_text": "Silhouette sur fond orange",
            f"uploaded-image-{uploaded_id}-licence": "all-rights-reserved",
            f"uploaded-image-{uploaded_id}-collection": "1",
        },
    )
    assert created.json()["success"], created.json()
    image = ExhibitionImage.objects.get()
    assert is_anonymous(image.file.name) and "amina" not in image.file.name.lower()
    with image.open_file() as stored:
        data = stored.read()
    assert b"PhoneMaker" not in data and b"Amina Haddad" not in data
    assert metadata_in(data)["gps"] == {}
    rendition = image.get_rendition("format-jpeg|width-100")
    assert b"PhoneMaker" not in b"".join(client.get(rendition.url).streaming_content)


@pytest.mark.django_db
def test_unknown_png_chunks_and_jfif_thumbnails_are_dropped():
    import struct
    import zlib

    from django.core.files.base import ContentFile

    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (10, 200, 30)).save(buffer, format="PNG")
    png = buffer.getvalue()
    secret = b"GPS 45.04N 3.88E owner Amina Haddad"
    chunk = struct.pack(">I", len(secret)) + b"prVt" + secret
    chunk += struct.pack(">I", zlib.crc32(b"prVt" + secret))
    with_private_chunk = png[:33] + chunk + png[33:]  # after the IHDR chunk
    assert b"Amina" not in without_metadata(ContentFile(with_private_chunk)).read()

    jpeg = without_metadata(ContentFile(photo_with_metadata())).read()
    thumbnail = b"\x02\x02" + bytes(2 * 2 * 3)  # a 2x2 thumbnail after the JFIF header
    body = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01" + thumbnail
    jfif = b"\xff\xe0" + struct.pack(">H", len(body) + 2) + body
    header_end = 2 + 2 + struct.unpack(">H", jpeg[4:6])[0]
    with_thumbnail = jpeg[:2] + jfif + jpeg[header_end:]
    clean = without_metadata(ContentFile(with_thumbnail)).read()
    assert thumbnail not in clean and clean[6:11] == b"JFIF\x00"


def profile_naming(name):
    """An sRGB colour profile whose description is a person's name (13 characters)."""
    from PIL import ImageCms

    data = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return data.replace("sRGB built-in".encode("utf-16-be"), name.encode("utf-16-be"))


@pytest.mark.django_db
@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_a_colour_profile_naming_someone_reaches_no_file(image_format):
    from django.core.files.base import ContentFile

    profile = profile_naming("Amina Haddad!")
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (200, 100, 50)).save(buffer, image_format, icc_profile=profile)
    with Image.open(io.BytesIO(buffer.getvalue())) as original:  # PNG compresses it
        assert "Amina Haddad!".encode("utf-16-be") in original.info["icc_profile"]

    clean = without_metadata(ContentFile(buffer.getvalue(), name="photo")).read()
    assert "Amina Haddad!".encode("utf-16-be") not in clean
    with Image.open(io.BytesIO(clean)) as stored:
        assert "icc_profile" not in stored.info
        assert stored.convert("RGB").getpixel((30, 20)) == pytest.approx((200, 100, 50), abs=3)
    image = ExhibitionImage.objects.create(
        title="Portrait", file=ContentFile(buffer.getvalue(), name="p"), alt_text="Silhouette"
    )
    with image.get_rendition("format-webp|width-30").file.open() as rendition:
        assert "Amina Haddad!".encode("utf-16-be") not in rendition.read()
