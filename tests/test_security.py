"""Headers that keep the public site to itself, and sign-ins that cannot be guessed at."""

import pytest
from bs4 import BeautifulSoup

from .factories import PortraitPageFactory


def policies(response):
    directives = (part.strip() for part in response["Content-Security-Policy"].split(";"))
    csp = dict(directive.partition(" ")[::2] for directive in directives if directive)
    return csp, response["Permissions-Policy"]


@pytest.mark.redis
@pytest.mark.django_db
def test_public_pages_allow_only_their_own_scripts_and_no_frame(client, page_cache, exhibition):
    portrait = PortraitPageFactory(parent=exhibition)
    for _visit in ("miss", "hit"):  # served from the cache, the same headers
        response = client.get(portrait.url)
        csp, permissions = policies(response)
        assert csp["script-src"] == "'self'" and "unsafe" not in response["Content-Security-Policy"]
        assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
        assert "camera=()" in permissions and "geolocation=()" in permissions
    assert response["X-Page-Cache"] == "hit"
    soup = BeautifulSoup(response.content, "html.parser")
    # Structured data (JSON-LD) is a data block, never run: no policy applies to it.
    scripts = soup.find_all("script", type=lambda kind: kind != "application/ld+json")
    inline = [s for s in scripts if not s.get("src")]
    assert inline == [], "an inline script would be blocked"
    assert soup.find_all("script", type="application/ld+json")
    assert not soup.select("[style], [onclick], [onload]")


@pytest.mark.django_db
def test_failed_sign_ins_lock_the_account_even_for_the_right_password(client, django_user_model):
    """40 failed sign-ins, then the right password worked."""
    django_user_model.objects.create_superuser("curatrice", password="le-bon-mot-de-passe")
    right = {"username": "curatrice", "password": "le-bon-mot-de-passe"}
    assert client.post("/admin/login/", right)["Location"] == "/admin/"  # signs in
    client.logout()
    for _attempt in range(9):
        failed = client.post("/admin/login/", {"username": "curatrice", "password": "devine"})
        assert failed.status_code == 200  # the form again, with its error
    tenth = client.post("/admin/login/", {"username": "curatrice", "password": "devine"})
    assert tenth.status_code == 429
    locked = client.post(
        "/admin/login/", {"username": "curatrice", "password": "le-bon-mot-de-passe"}
    )
    assert locked.status_code == 429 and "Connexion bloquée" in locked.content.decode()
    assert client.get("/admin/").status_code == 302  # not signed in
    # Another address cannot unlock the account either.
    other = client.post(
        "/admin/login/",
        {"username": "curatrice", "password": "le-bon-mot-de-passe"},
        REMOTE_ADDR="10.0.0.9",
    )
    assert other.status_code == 429
