"""Short links for class: `/p/<code>/` opens the page in the visitor's language, while the
public may see it, and answers the same 404 as any unknown address otherwise; QR codes hold
the short link and count scans per day, with nothing personal."""

import io

import pytest
import zxingcpp
from django.utils import timezone
from PIL import Image

from gallery.models import DailyScans, ShortLink
from gallery.models.short_links import ALPHABET, CODE_LENGTH
from gallery.short_links import link_for, qr_png, qr_svg, qr_url

from .factories import PortraitPageFactory


@pytest.fixture
def portrait(exhibition):
    return PortraitPageFactory(parent=exhibition, slug="amina", display_name="Amina")


def decode(png):
    """The text a real QR decoder reads in a PNG."""
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(found) == 1, "no QR code found"
    return found[0].text


# The link --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_publishing_a_portrait_gives_it_a_short_unambiguous_code(exhibition):
    portrait = PortraitPageFactory(parent=exhibition, live=False)
    assert not ShortLink.objects.exists()
    portrait.save_revision().publish()

    link = ShortLink.objects.get(translation_key=portrait.translation_key)
    assert len(link.code) == CODE_LENGTH
    assert set(link.code) <= set(ALPHABET)
    assert not set(link.code) & set("0o1li") and link.code == link.code.lower()
    assert link.get_absolute_url() == f"/p/{link.code}/"
    assert link_for(portrait) == link


@pytest.mark.django_db
def test_a_short_link_opens_its_page_whatever_the_case_typed(client, portrait):
    link = link_for(portrait)
    for typed in (link.code, link.code.upper(), link.code.capitalize()):
        response = client.get(f"/p/{typed}/")
        assert response.status_code == 302
        assert response["Location"] == portrait.url


@pytest.mark.django_db
def test_the_redirect_is_temporary_personal_and_varies_by_language(client, portrait):
    response = client.get(link_for(portrait).get_absolute_url())
    assert response.status_code == 302  # the page it leads to may change or go
    assert "Accept-Language" in response["Vary"]
    assert "private" in response["Cache-Control"]
    assert not response.cookies


# QR codes --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_qr_code_holds_the_short_link_marked_as_a_scan(client, portrait):
    link = link_for(portrait)
    response = client.get(f"{link.get_absolute_url()}qr.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert f'filename="qr-amina-{link.code}.png"' in response["Content-Disposition"]
    assert decode(response.content) == f"http://localhost/p/{link.code}/?qr"
    assert Image.open(io.BytesIO(response.content)).width >= 1000  # for a poster


@pytest.mark.django_db
def test_qr_svg_and_png_encode_the_same_address(rf, portrait):
    data = qr_url(link_for(portrait), rf.get("/"))
    svg = qr_svg(data)
    assert svg.startswith("<svg") and "<?xml" not in svg
    assert decode(qr_png(data, scale=4)) == data


@pytest.mark.django_db
def test_a_scan_is_counted_for_the_day_without_a_cookie(client, portrait):
    link = link_for(portrait)
    response = client.get(f"{link.get_absolute_url()}?qr")
    client.get(f"{link.get_absolute_url()}?qr")
    client.get(link.get_absolute_url())  # typed, not scanned
    assert response.status_code == 302 and not response.cookies
    assert "Set-Cookie" not in response
    assert list(DailyScans.objects.values_list("link", "day", "scans")) == [
        (link.pk, timezone.localdate(), 2)
    ]


@pytest.mark.django_db
def test_unpublished_pages_answer_404_like_unknown_codes(client, portrait):
    link = link_for(portrait)
    portrait.unpublish()
    unknown = client.get("/p/zzzzzz/")
    gone = client.get(link.get_absolute_url() + "?qr")
    assert gone.status_code == unknown.status_code == 404
    assert not DailyScans.objects.exists()
    assert client.get(f"{link.get_absolute_url()}qr.svg").status_code == 404
    assert ShortLink.objects.filter(pk=link.pk).exists()  # kept: never given to another page
