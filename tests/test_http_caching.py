"""What anonymous pages tell a shared cache (a proxy, a CDN) and browsers.

Cached pages may be kept by a proxy (`s-maxage`), never past the next end of a consent nor
past midnight, and revalidated by browsers (ETag, 304). Nothing varies on cookies or on the
browser's languages, since every visitor gets the same page at the same address.
"""

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone
from django.utils.cache import get_max_age

from gallery.short_links import link_for
from infra.page_cache import ServeStoredPages

from .factories import PortraitPageFactory

pytestmark = pytest.mark.redis


def directives(response):
    return {
        part.strip().partition("=")[0]: part.strip().partition("=")[2]
        for part in response.get("Cache-Control", "").split(",")
        if part.strip()
    }


def vary(response):
    return {name.strip().lower() for name in response.get("Vary", "").split(",") if name.strip()}


@pytest.fixture
def portrait(exhibition):
    return PortraitPageFactory(parent=exhibition, quote="Je suis arrivée un mardi.")


@pytest.mark.django_db
@pytest.mark.parametrize("visit", ["first", "second"])
def test_a_public_page_may_be_kept_by_a_shared_cache_and_revalidated(
    client, page_cache, portrait, visit
):
    response = client.get(portrait.url)
    if visit == "second":
        response = client.get(portrait.url)
        assert response["X-Page-Cache"] == "hit"
    cache_control = directives(response)
    assert "public" in cache_control and cache_control["max-age"] == "0"
    assert 0 < int(cache_control["s-maxage"]) <= 600
    assert "cookie" not in vary(response) and "accept-language" not in vary(response)
    assert response.cookies == {}  # nothing stored for anonymous visitors

    again = client.get(portrait.url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""


@pytest.mark.django_db
def test_an_edit_gives_the_page_a_new_validator(
    client, page_cache, portrait, django_capture_on_commit_callbacks
):
    etag = client.get(portrait.url)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        portrait.quote = "Je suis arrivée un mercredi."
        portrait.save_revision().publish()
    response = client.get(portrait.url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and b"un mercredi" in response.content


@pytest.mark.django_db
def test_the_language_is_the_addresss_not_the_browsers(client, page_cache, portrait):
    french = client.get(portrait.url, HTTP_ACCEPT_LANGUAGE="ar,en;q=0.8")
    assert french["Content-Language"] == "fr"
    assert b'<html lang="fr"' in french.content
    assert "accept-language" not in vary(french)


@pytest.mark.django_db
def test_a_short_link_still_follows_the_visitors_languages(client, page_cache, portrait):
    response = client.get(link_for(portrait).get_absolute_url())
    assert response.status_code == 302
    assert "accept-language" in vary(response)
    assert get_max_age(response) == 0  # never kept


@pytest.mark.django_db
def test_no_shared_cache_keeps_a_page_past_the_next_end_of_consent(
    client, page_cache, exhibition, django_capture_on_commit_callbacks
):
    ending = PortraitPageFactory(parent=exhibition)
    with django_capture_on_commit_callbacks(execute=True):
        ending.consent.valid_until = timezone.localdate()  # ends tonight
        ending.consent.save()
    response = client.get(exhibition.url)
    until_the_end = (ending.consent.ends_at() - timezone.now()).total_seconds()
    assert 0 < int(directives(response)["s-maxage"]) <= until_the_end


@pytest.mark.django_db
def test_no_shared_cache_keeps_a_page_past_midnight(client, page_cache, portrait, monkeypatch):
    """A page may print today's date (a citation's "consulted on")."""
    midnight = timezone.make_aware(
        datetime.datetime.combine(
            timezone.localdate() + datetime.timedelta(days=1), datetime.time()
        )
    )
    monkeypatch.setattr(timezone, "now", lambda: midnight - datetime.timedelta(seconds=90))
    response = client.get(portrait.url)
    assert 0 < int(directives(response)["s-maxage"]) <= 90


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["unknown query", "not found"])
def test_what_is_not_stored_is_not_kept_by_a_proxy_either(client, page_cache, portrait, address):
    url = f"{portrait.url}?utm_source=lettre" if address == "unknown query" else "/nulle-part/"
    response = client.get(url)
    assert "X-Page-Cache" not in response
    assert "no-cache" in directives(response) and "s-maxage" not in directives(response)


@pytest.mark.django_db
def test_a_signed_in_curator_gets_pages_no_shared_cache_keeps(
    client, page_cache, portrait, django_user_model
):
    client.force_login(django_user_model.objects.create_superuser("curatrice", password="x"))
    response = client.get(portrait.url)
    assert "private" in directives(response) and "s-maxage" not in directives(response)


def before_django(url, **headers):
    """What config/wsgi.py's front answers, or None where it hands the request to Django."""
    environ = RequestFactory().get(url, **headers).environ
    answered = {}

    def start_response(status, response_headers):
        answered.update(status=status, headers=dict(response_headers))

    def django(environ, start_response):
        answered["django"] = True
        return []

    body = b"".join(ServeStoredPages(django)(environ, start_response))
    return None if answered.get("django") else (answered["status"], answered["headers"], body)


@pytest.mark.django_db
def test_a_stored_page_is_answered_before_django_as_django_would(
    client, page_cache, portrait, django_capture_on_commit_callbacks
):
    assert before_django(portrait.url) is None  # not stored yet
    client.get(portrait.url)
    by_django = client.get(portrait.url)
    status, headers, body = before_django(portrait.url)
    assert status == "200 OK" and body == by_django.content
    for name in ("Content-Type", "ETag", "Content-Security-Policy", "X-Content-Type-Options",
                 "Referrer-Policy", "Cache-Control", "X-Frame-Options"):  # fmt: skip
        assert headers[name] == by_django[name], name
    assert headers["X-Page-Cache"] == "hit"

    assert before_django(portrait.url, HTTP_IF_NONE_MATCH=headers["ETag"])[0] == "304 Not Modified"
    assert before_django(portrait.url, HTTP_COOKIE="sessionid=abc") is None  # signed in
    assert before_django(f"{portrait.url}?utm=1") is None
    with django_capture_on_commit_callbacks(execute=True):
        portrait.quote = "Une autre citation."
        portrait.save_revision().publish()
    assert before_django(portrait.url) is None  # deleted by the edit: Django renders it


@pytest.mark.django_db
def test_a_portraits_tour_answered_before_django_follows_each_change(
    client, page_cache, portrait, django_capture_on_commit_callbacks
):
    """Each process keeps the answers it made, late parts put back (page_cache._copies): a
    portrait joining the exhibition, then that neighbour renamed, show at the next answer."""
    exhibition = portrait.get_parent()

    def answered():
        client.get(portrait.url)  # Django makes the tour again if it has to, and stores it
        first, second = before_django(portrait.url), before_django(portrait.url)
        assert first[2] == second[2] and first[1]["ETag"] == second[1]["ETag"]
        return first[2].decode()

    assert " / 1</span>" in answered()
    neighbour = PortraitPageFactory(parent=exhibition, live=False, display_name="Nadia")
    with django_capture_on_commit_callbacks(execute=True):
        neighbour.save_revision().publish()  # the portrait itself outlives it: only its tour
    assert " / 2</span>" in answered() and "Nadia" in answered()
    with django_capture_on_commit_callbacks(execute=True):
        neighbour.display_name = "Nadine"
        neighbour.save_revision().publish()
    html = answered()
    assert "Nadine" in html and "Nadia" not in html
