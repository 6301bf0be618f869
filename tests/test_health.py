"""The health check load balancers ask (/sante/): up when the database, the cache and the media
storage answer, down (503) when one does not; anonymous callers learn nothing more."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
DOWN = "indisponible\n"


def closed_port():
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def superuser_client(django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("admin", password="x"))
    return client


@pytest.fixture
def cache_down(settings):
    """The shared cache is a Redis nobody answers at, and the page cache uses it too."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
        },
    }
    settings.PAGE_CACHE_ALIAS = "default"
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def storage_down(settings, tmp_path):
    """The media folder is gone (a lost mount): its path now leads through a plain file."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.MEDIA_ROOT = str(blocker / "media")


@pytest.mark.django_db
def test_up_answers_ok_and_is_never_stored(client):
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.content.decode() == "ok\n"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies  # no session for a probe
    assert "Cookie" not in response.get("Vary", "")
    assert client.head("/sante/").status_code == 200
    assert client.post("/sante/").status_code == 405


@pytest.mark.django_db
def test_up_is_never_served_from_the_page_cache(client, page_cache):
    for _ in range(2):
        response = client.get("/sante/")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response


@pytest.mark.django_db
def test_cache_down_is_a_503_with_no_detail_for_anonymous_callers(client, cache_down):
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.content.decode() == DOWN
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_storage_down_is_a_503_and_a_superuser_sees_which_part(
    client, superuser_client, storage_down
):
    response = client.get("/sante/")
    assert (response.status_code, response.content.decode()) == (503, DOWN)

    detail = superuser_client.get("/sante/").content.decode()
    assert detail.startswith("indisponible\n")
    assert "stockage des médias : " in detail
    assert "base de données" not in detail and "cache" not in detail


@pytest.mark.django_db
def test_a_signed_in_curator_who_is_not_superuser_sees_no_detail(user_in, storage_down):
    curator = Client()
    curator.force_login(user_in("Curateurs"))
    response = curator.get("/sante/")
    assert (response.status_code, response.content.decode()) == (503, DOWN)


def test_database_down_is_a_503_not_an_error():
    """A server whose PostgreSQL does not answer (a closed port), in a process of its own."""
    script = (
        "import django; django.setup(); from django.test import Client; "
        "response = Client().get('/sante/'); "
        "print(response.status_code, repr(response.content.decode()))"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed_port()}/histoire",
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == f"503 {DOWN!r}"
