"""The exhibition's images: alt text required, credited, served as AVIF/WebP/JPEG with sizes."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from gallery.models import ExhibitionImage
from gallery.renditions import ADMIN_THUMBNAIL, ALL_SPECS, PUBLIC_SIZES

from .factories import ExhibitionImageFactory, PortraitPageFactory


def jpeg_upload(name="portrait.jpg", size=(400, 500)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (180, 90, 40)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def curator(client, django_user_model):
    user = django_user_model.objects.create_superuser("curatrice", password="x")
    client.force_login(user)
    return user


@pytest.mark.django_db
def test_an_image_cannot_be_added_without_alt_text(client, curator):
    url = reverse("wagtailimages:add")
    response = client.post(url, {"title": "Portrait", "file": jpeg_upload(), "alt_text": ""})
    assert response.status_code == 200
    assert "alt_text" in response.context["form"].errors
    assert not ExhibitionImage.objects.exists()

    response = client.post(
        url,
        {
            "title": "Portrait",
            "file": jpeg_upload(),
            "alt_text": "Silhouette orange sur fond clair",
            "credit": "Atelier ANANIE",
            "licence": "cc-by-4.0",
        },
    )
    assert response.status_code == 302
    image = ExhibitionImage.objects.get()
    assert image.default_alt_text == "Silhouette orange sur fond clair"
    assert image.credit_line == "Atelier ANANIE — CC BY 4.0"


@pytest.mark.django_db
def test_a_portrait_cannot_use_a_photo_without_alt_text(exhibition):
    portrait = PortraitPageFactory(parent=exhibition)
    portrait.photo = ExhibitionImageFactory(alt_text="")  # as the multiple-upload screen leaves it
    with pytest.raises(ValidationError) as error:
        portrait.full_clean()
    assert "texte alternatif" in str(error.value.message_dict["photo"])


@pytest.mark.django_db
def test_portrait_photo_is_a_responsive_picture_in_three_formats(client, exhibition):
    photo = ExhibitionImageFactory(file__width=1200, file__height=1500)
    portrait = PortraitPageFactory(parent=exhibition, photo=photo)

    soup = BeautifulSoup(client.get(portrait.url).content, "html.parser")
    picture = soup.select_one(".portrait__photo picture")
    types = [source["type"] for source in picture.select("source")]
    assert types == ["image/avif", "image/webp"]
    img = picture.img
    assert img["alt"] == portrait.photo.alt_text
    assert img["width"] and img["height"], "dimensions set: no layout shift"
    assert img["fetchpriority"] == "high"
    assert "sizes" in img.attrs and "480w" in img["srcset"] and "960w" in img["srcset"]
    for source in picture.select("source"):
        assert source["sizes"] == img["sizes"]

    # The files exist and are what they claim to be.
    for url, expected in [
        (picture.select("source")[0]["srcset"].split()[0], "AVIF"),
        (picture.select("source")[1]["srcset"].split()[0], "WEBP"),
        (img["src"], "JPEG"),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        data = b"".join(response.streaming_content)
        assert Image.open(io.BytesIO(data)).format == expected


@pytest.mark.django_db
def test_gallery_cards_load_lazily_and_are_decorative(client, make_portraits, exhibition):
    make_portraits(3)
    soup = BeautifulSoup(client.get(exhibition.url).content, "html.parser")
    images = soup.select(".portrait-card img")
    assert len(images) == 3
    for img in images:
        assert img["loading"] == "lazy"
        # The card's link names the person; the photo's alt would repeat it for screen readers.
        assert img["alt"] == ""


def test_templates_render_images_only_as_responsive_pictures():
    """Every picture is AVIF/WebP/JPEG with `sizes`, at a size gallery/renditions.py knows
    (so renditions are prepared before visitors ask for them)."""
    import re
    from pathlib import Path

    from wagtail.images.models import Filter

    templates = Path(__file__).resolve().parent.parent / "templates"
    pictures = 0
    for template in templates.rglob("*.html"):
        text = template.read_text()
        assert "{% image " not in text, f"{template.name}: use {{% picture %}} with formats"
        for tag in re.findall(r"{% picture (.*?)%}", text):
            pictures += 1
            bits = tag.split()[1:]  # after the image; specs come first, then attributes
            end = next((i for i, bit in enumerate(bits) if "=" in bit or bit == "as"), None)
            specs = " ".join(bits[:end])
            assert specs.startswith("format-{avif,webp,jpeg}"), f"{template.name}: {tag}"
            if "admin" in template.parts:  # the admin's own sizes, never public ones
                assert specs == ADMIN_THUMBNAIL, f"{template.name}: {specs}"
                continue
            assert specs in ALL_SPECS, f"{template.name}: {specs} missing from renditions.py"
            assert "sizes=" in tag or " as " in f" {tag}", f"{template.name}: {tag} needs sizes"
    assert pictures >= 6
    admin_sizes = {frozenset(spec.split("|")) for spec in Filter.expand_spec(ADMIN_THUMBNAIL)}
    assert admin_sizes and not admin_sizes & PUBLIC_SIZES
