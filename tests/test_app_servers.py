"""Two app servers behind one address, as in production: two gunicorn processes with
production settings, each with its own temporary folders (MEDIA_ROOT, TMPDIR, working
directory), sharing only PostgreSQL, Redis and the object store. Whatever one server did, the
other must see at the next request: nothing a request needs lives on one server's disk.

Needs PostgreSQL (APP_SERVERS_DATABASE_URL, else DATABASE_URL's server, else the local one),
Redis (APP_SERVERS_REDIS_URL, else db 2 of the local one) and SeaweedFS; skipped without them.
"""

import contextlib
import io
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
import zipfile
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import dj_database_url
import pytest
from django_otp.oath import TOTP
from PIL import Image

from .object_store import free_ports
from .test_import_export import ROWS, write_csv
from .test_photo_privacy import metadata_in, photo_with_metadata

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_SECONDS = 60
PASSWORD = secrets.token_urlsafe(16)
# Production asks every account that sees consent records for a code: the curator's
# authenticator, whose key the test knows.
TOTP_KEY = secrets.token_hex(20)
SECOND_FACTOR = "/admin/second-facteur/"


def database_url():
    explicit = os.environ.get("APP_SERVERS_DATABASE_URL")
    if explicit:
        return explicit
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith("postgres"):
        name = dj_database_url.parse(base)["NAME"]
        return base.rsplit("/", 1)[0] + f"/{name}_servers"
    return "postgres://postgres@127.0.0.1:5432/histoire_app_servers"


def maintenance_connection(url):
    """A connection to the `postgres` database of `url`'s server; skips without PostgreSQL."""
    import psycopg

    config = dj_database_url.parse(url)
    try:
        return psycopg.connect(
            host=config["HOST"] or "127.0.0.1",
            port=config["PORT"] or 5432,
            user=config["USER"],
            password=config["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
            connect_timeout=3,
        )
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL is needed for two app servers: {error}")


def drop_database(url, create_again=False):
    from psycopg import sql

    name = sql.Identifier(dj_database_url.parse(url)["NAME"])
    with maintenance_connection(url) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        if create_again:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(name))


def redis_url():
    import redis

    url = os.environ.get("APP_SERVERS_REDIS_URL", "redis://127.0.0.1:6379/2")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis is needed for two app servers: {error}")
    return url


def manage(*args, env):
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


class Server:
    """One gunicorn process on a free loopback port, in folders of its own."""

    def __init__(self, name, env, static_root):
        self.folder = Path(tempfile.mkdtemp(prefix=f"histoire-server-{name}-"))
        for sub in ("media", "tmp", "cwd"):
            (self.folder / sub).mkdir()
        shutil.copytree(static_root, self.folder / "static")
        (port,) = free_ports(1)
        self.url = f"http://127.0.0.1:{port}"
        self.log = open(self.folder / "gunicorn.log", "wb")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "config.wsgi",
                f"--bind=127.0.0.1:{port}",
                "--workers=1",
                "--threads=2",
                "--timeout=120",
            ],
            cwd=self.folder / "cwd",
            env={
                **env,
                "MEDIA_ROOT": str(self.folder / "media"),
                "STATIC_ROOT": str(self.folder / "static"),
                "TMPDIR": str(self.folder / "tmp"),
            },
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_up(self):
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while True:
            try:
                urllib.request.urlopen(self.url + "/", timeout=5)
                return
            except urllib.error.HTTPError:
                return  # it answers
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(self.logs()) from None
                time.sleep(0.3)

    def logs(self):
        return (self.folder / "gunicorn.log").read_text(errors="replace")[-3000:]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A signed-in curator's browser, which the load balancer sends to either server. It
    speaks plain HTTP to them as the TLS-terminating proxy does, saying the visit was HTTPS."""

    def __init__(self):
        self.cookies = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, server, path, data=None, files=None):
        headers = {
            "X-Forwarded-Proto": "https",
            "Referer": f"https://{urlsplit(server.url).netloc}/",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None or files:
            data = {**(data or {}), "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            if files:
                body, headers["Content-Type"] = multipart(data, files)
            else:
                body = urlencode(data).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(server.url + path, data=body, headers=headers)
        try:
            response = self.opener.open(request, timeout=120)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or ():
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        response.body = response.read()
        return response

    def sign_in(self, server, username):
        """Password, then the code of the curator's authenticator (production asks for it)."""
        self.request(server, "/admin/login/")
        answer = self.request(
            server, "/admin/login/", {"username": username, "password": PASSWORD, "next": "/admin/"}
        )
        assert answer.status == 302 and "sessionid" in self.cookies, answer.body[:2000]
        self.request(server, SECOND_FACTOR)
        answer = self.request(server, SECOND_FACTOR, {"code": next_code()})
        assert answer.status == 302, answer.body[:2000]
        assert self.request(server, "/admin/").status == 200


USED_STEPS = []


def next_code():
    """A code the device still accepts: a code is refused once used, and the device takes the
    one of the previous or next 30-second step too."""
    totp = TOTP(bytes.fromhex(TOTP_KEY))
    now = totp.t()
    step = next((t for t in (now, now + 1) if t > max(USED_STEPS, default=-1)), None)
    if step is None:
        time.sleep(totp.step)
        return next_code()
    USED_STEPS.append(step)
    totp.drift = step - now
    return f"{totp.token():06d}"


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        disposition = f'Content-Disposition: form-data; name="{name}"'
        parts.append(f"--{boundary}\r\n{disposition}\r\n\r\n{value}\r\n".encode())
    for name, (filename, content, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@pytest.fixture(scope="module")
def servers(object_store):
    """Two app servers with production settings over one database, Redis and object store,
    and the name of a superuser (curator) who may use both."""
    if not (Path(sys.executable).parent / "gunicorn").exists():
        pytest.skip("gunicorn is not installed (pip install -e '.[dev]')")
    url = database_url()
    drop_database(url, create_again=True)  # an empty one, whatever a stopped run left
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}},
        **object_store.environ(),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "PYTHONPATH": str(ROOT),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "REDIS_URL": redis_url(),
        "CACHE_KEY_PREFIX": f"app-servers-{uuid.uuid4().hex[:8]}",  # this run's keys alone
        # A page answered once is answered again without asking Redis until a change is
        # announced: long enough here that only the announcement can make it show.
        "PAGE_CACHE_TRUST_SECONDS": "600",
        "SECURE_SSL_REDIRECT": "false",
        "PROXY_COUNT": "0",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    static_root = Path(tempfile.mkdtemp(prefix="histoire-servers-static-"))
    manage("migrate", "--no-input", env=env)
    manage("collectstatic", "--no-input", "-v", "0", env={**env, "STATIC_ROOT": str(static_root)})
    manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import User; from home.models import HomePage; "
        "from gallery.models import ExhibitionPage; "
        "from django_otp.plugins.otp_totp.models import TOTPDevice; "
        f"user = User.objects.create_superuser('curatrice', password={PASSWORD!r}); "
        f"TOTPDevice.objects.create(user=user, name='téléphone', key={TOTP_KEY!r}); "
        "HomePage.objects.get().add_child(instance=ExhibitionPage(title='L’exposition', "
        "slug='exposition', introduction='<p>Neuf personnes.</p>'))",
        env=env,
    )
    started = [Server("a", env, static_root), Server("b", env, static_root)]
    try:
        for server in started:
            server.wait_until_up()
        yield started
    finally:
        for server in started:
            server.stop()
        shutil.rmtree(static_root, ignore_errors=True)
        object_store.empty()
        drop_database(url)


def test_an_upload_through_one_server_is_served_by_the_other(servers, object_store):
    a, b = servers
    browser = Browser()
    browser.sign_in(a, "curatrice")
    added = browser.request(
        a,
        "/admin/images/add/",
        {"title": "Portrait", "alt_text": "Silhouette sur fond orange", "licence": "cc-by-4.0"},
        files={"file": ("amina-haddad.jpg", photo_with_metadata(), "image/jpeg")},
    )
    assert added.status == 302, added.body[-2000:]

    listing = browser.request(b, "/admin/images/").body.decode()  # the same session, on B
    edit = re.search(r'href="(/admin/images/(\d+)/)"', listing)
    assert edit, "the image uploaded through A is listed by B"
    page = browser.request(b, edit.group(1)).body.decode()
    thumbnails = set(re.findall(r'src="(/admin/[^"]+\.(?:jpg|jpeg|webp|avif))"', page))
    assert thumbnails, "B shows the image's thumbnail"
    for thumbnail in thumbnails:
        answer = browser.request(b, thumbnail)
        assert answer.status == 200
        Image.open(io.BytesIO(answer.body)).verify()
    # Nothing of it on either server's disk: the original is in the private bucket only.
    for server in servers:
        assert not any(p.is_file() for p in (server.folder / "media").rglob("*"))
    keys = object_store.keys(object_store.private_bucket)
    originals = [key for key in keys if key.startswith("original_images/")]
    assert len(originals) == 1
    stored = (
        object_store.client()
        .get_object(Bucket=object_store.private_bucket, Key=originals[0])["Body"]
        .read()
    )
    assert metadata_in(stored)["gps"] == {}


def zip_of_photos():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photos/zoe.jpg", photo_with_metadata())
        colour = io.BytesIO()
        Image.new("RGB", (300, 400), (40, 90, 160)).save(colour, format="JPEG")
        archive.writestr("photos/karim.jpg", colour.getvalue())
    return buffer.getvalue()


def test_an_import_previewed_on_one_is_confirmed_and_published_on_the_other(
    servers, object_store, tmp_path
):
    a, b = servers
    visitor = Browser()
    for _ in range(3):  # stored, then answered by A from what it keeps (infra/announcements.py)
        before = visitor.request(a, "/exposition/")
    assert before.status == 200 and "/exposition/zoe/" not in before.body.decode()
    assert before.headers["X-Page-Cache"] == "hit"

    curator = Browser()
    curator.sign_in(a, "curatrice")
    exhibition = re.search(
        r'<option value="(\d+)"[^>]*>[^<]*exposition',
        curator.request(a, "/admin/portraits/import/").body.decode(),
        re.IGNORECASE,
    )
    assert exhibition
    preview = curator.request(
        a,
        "/admin/portraits/import/",
        {"exhibition": exhibition.group(1), "publish": "on"},
        files={
            "csv_file": ("p.csv", write_csv(tmp_path / "p.csv", ROWS).read_bytes(), "text/csv"),
            "photos": ("p.zip", zip_of_photos(), "application/zip"),
        },
    )
    assert "Confirmer l'import" in preview.body.decode(), preview.body[-3000:]
    waiting = [k for k in object_store.keys(object_store.private_bucket) if "imports/" in k]
    assert len(waiting) == 2  # the CSV and the ZIP, in the private bucket, not on A's disk

    done = curator.request(b, "/admin/portraits/import/", {"action": "confirm"})
    assert done.status == 302, done.body[-3000:]
    assert done.headers["Location"].startswith("/admin/pages/"), "to the exhibition, no error"
    assert not [k for k in object_store.keys(object_store.private_bucket) if "imports/" in k]

    # Published on B: seen on A at the next request, its photos read from the public bucket.
    after = visitor.request(a, "/exposition/").body.decode()
    assert 'href="/exposition/zoe/"' in after
    images = re.findall(r'src="([^"]+)"', after)
    public = [url for url in images if url.startswith(object_store.public_url)]
    assert public, images
    with contextlib.closing(urllib.request.urlopen(public[0], timeout=10)) as response:
        assert response.status == 200
    assert visitor.request(b, "/exposition/zoe/").status == 200

    # Withdrawn on B: gone from A at the next request, though A answers Zoé's page from what
    # it keeps and trusts that for 600 s here: only the announcement can take it down.
    for _ in range(3):
        kept = visitor.request(a, "/exposition/zoe/")
    assert kept.status == 200 and kept.headers["X-Page-Cache"] == "hit"
    explorer = curator.request(b, done.headers["Location"]).body.decode()
    zoe = re.search(r'href="/admin/pages/(\d+)/edit/"[^>]*>(?:(?!</a>).)*Zo', explorer, re.S)
    assert zoe, explorer[-3000:]
    gone = curator.request(b, f"/admin/portraits/{zoe.group(1)}/retrait/", {"confirm": "yes"})
    assert gone.status == 302, gone.body[-3000:]
    assert visitor.request(a, "/exposition/zoe/").status == 404
    assert 'href="/exposition/zoe/"' not in visitor.request(a, "/exposition/").body.decode()
