"""Backup and restore (backup_exhibition, restore_exhibition), and the withdrawal ledger that
makes a restore withdraw again whoever withdrew after the backup was taken."""

import contextlib
import json
import os
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from gallery.models import PortraitPage
from gallery.withdrawal import withdraw
from infra.backup import write_manifest
from infra.ledger import BUCKET_ALIAS, bucket_storage
from infra.storage import split_bucket_storage

from .factories import PortraitPageFactory

needs_postgres = pytest.mark.skipif(
    not settings.USING_POSTGRES,
    reason="backups are pg_dump/pg_restore: set DATABASE_URL to a PostgreSQL database",
)


@pytest.fixture
def ledger(settings, tmp_path):
    settings.WITHDRAWAL_LEDGER = str(tmp_path / "ledger")
    return tmp_path / "ledger"


def ledger_entries(folder):
    return [json.loads(path.read_text()) for path in sorted(Path(folder).glob("*.json"))]


def test_a_withdrawal_is_recorded_in_the_ledger_without_personal_data(exhibition, ledger):
    portrait = PortraitPageFactory(parent=exhibition)
    person = (portrait.title, portrait.display_name, portrait.slug, portrait.consent.full_name)
    photo = portrait.photo.file.name
    rendition = portrait.photo.get_rendition("width-100").file.name
    withdraw(portrait)

    [raw] = [path.read_text() for path in ledger.glob("*.json")]
    assert not [word for word in person if word in raw], "no name, title or address"
    [entry] = ledger_entries(ledger)
    assert entry["page_ids"] == [portrait.pk]
    assert entry["translation_key"] == str(portrait.translation_key)
    assert {photo, rendition} <= set(entry["files"])
    assert entry["at"]


def test_a_ledger_inside_the_media_is_refused_and_nothing_is_withdrawn(exhibition, settings):
    settings.WITHDRAWAL_LEDGER = str(Path(settings.MEDIA_ROOT, "withdrawals"))
    portrait = PortraitPageFactory(parent=exhibition)
    with pytest.raises(ImproperlyConfigured):
        withdraw(portrait)
    assert PortraitPage.objects.filter(pk=portrait.pk).exists()


def test_a_ledger_in_a_media_bucket_is_refused_and_nothing_is_withdrawn(
    exhibition, media_in_object_store, settings
):
    """In a media bucket, a backup would carry the ledger (and the public one would show it)."""
    portrait = PortraitPageFactory(parent=exhibition)
    store = media_in_object_store
    media_bucket = {**store.environ(), "WITHDRAWAL_LEDGER_BUCKET": store.private_bucket}
    settings.STORAGES = {**settings.STORAGES, BUCKET_ALIAS: bucket_storage(media_bucket)}
    settings.WITHDRAWAL_LEDGER = BUCKET_ALIAS
    with pytest.raises(ImproperlyConfigured, match="media bucket"):
        withdraw(portrait)
    assert PortraitPage.objects.filter(pk=portrait.pk).exists()
    assert portrait.photo.file.name in store.keys(store.private_bucket)


def test_a_folder_without_manifest_is_not_restored(db, tmp_path):
    (tmp_path / "db.dump").write_bytes(b"half a backup")
    with pytest.raises(CommandError, match="not a finished backup"):
        call_command("restore_exhibition", str(tmp_path))


def test_without_its_ledger_nothing_is_restored(db, tmp_path, settings):
    """A ledger that cannot be read is not taken as empty: that would bring people back."""
    settings.WITHDRAWAL_LEDGER = str(tmp_path / "nowhere")
    (tmp_path / "backup" / "media").mkdir(parents=True)
    write_manifest(tmp_path / "backup", timezone.now(), database="db.dump", media="media")
    with pytest.raises(CommandError, match="withdrawal ledger"):
        call_command("restore_exhibition", str(tmp_path / "backup"))


def test_a_restore_refuses_a_ledger_in_a_media_bucket(db, tmp_path, settings):
    public = {
        "MEDIA_BUCKET": "histoire-media",
        "MEDIA_PUBLIC_BUCKET": "histoire-public",
        "MEDIA_PUBLIC_URL": "https://images.example.org/",
        "WITHDRAWAL_LEDGER_BUCKET": "histoire-public",
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": split_bucket_storage(public, public_prefixes=["images/"]),
        BUCKET_ALIAS: bucket_storage(public),
    }
    settings.WITHDRAWAL_LEDGER = BUCKET_ALIAS
    (tmp_path / "media").mkdir()
    write_manifest(tmp_path, timezone.now(), database="db.dump", media="media")
    with pytest.raises(CommandError, match=r"Nothing restored: .* media bucket"):
        call_command("restore_exhibition", str(tmp_path))


def test_a_backup_goes_into_a_new_folder(db, tmp_path):
    (tmp_path / "earlier.txt").write_text("something else")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup_exhibition", str(tmp_path))


@pytest.mark.skipif(settings.USING_POSTGRES, reason="SQLite only: what a SQLite site is told")
def test_sqlite_is_not_backed_up_by_the_command(db, tmp_path):
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("backup_exhibition", str(tmp_path / "backup"))
    assert not (tmp_path / "backup").exists(), "no half-written backup"


@needs_postgres
def test_a_restore_refuses_a_database_in_use(db, tmp_path):
    (tmp_path / "media").mkdir()
    write_manifest(tmp_path, timezone.now(), database="db.dump", media="media")
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_exhibition", str(tmp_path))


# The drill --------------------------------------------------------------------------------------

# A site started on the restored database and media: Django's test client, in a process of its
# own, reports what visitors would get, pictures included (those on the site through the client,
# those in a bucket with no credentials, as a visitor's browser reads them).
VISIT = textwrap.dedent(
    """
    import json, sys, urllib.error, urllib.request
    import django
    django.setup()
    from bs4 import BeautifulSoup
    from django.test import Client
    from gallery.models import Consent, ExhibitionImage

    client = Client()

    def fetch(address):
        if address.startswith("/"):
            return client.get(address).status_code
        try:
            with urllib.request.urlopen(address, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    pages = {}
    for address in json.loads(sys.argv[1]):
        response = client.get(address)
        soup = BeautifulSoup(response.content, "html.parser")
        sources = {img["src"] for img in soup.select("main img[src]")} | {
            candidate.split()[0]
            for tag in soup.select("main [srcset]")
            for candidate in tag["srcset"].split(",")
        }
        pages[address] = {
            "status": response.status_code,
            "title": soup.title.get_text(strip=True) if soup.title else "",
            "text": soup.get_text(" "),
            "links": [a["href"] for a in soup.select("a[href]")],
            "pictures": {source: fetch(source) for source in sorted(sources)},
        }
    print(json.dumps({
        "pages": pages,
        "images": sorted(ExhibitionImage.objects.values_list("pk", flat=True)),
        "people": sorted(Consent.objects.values_list("full_name", flat=True)),
    }))
    """
)

# The restored site's settings: the test settings, with the media and the ledger named by the
# environment as production names them (config/settings/production.py).
DRILL_SETTINGS = textwrap.dedent(
    """
    import os
    from config.settings.test import *  # noqa: F403

    MEDIA_ROOT = os.environ["MEDIA_ROOT"]
    WITHDRAWAL_LEDGER = os.environ["WITHDRAWAL_LEDGER"]
    if os.environ.get("MEDIA_BUCKET"):
        from infra import ledger
        from infra.storage import split_bucket_storage

        STORAGES = {
            **STORAGES,
            "default": split_bucket_storage(os.environ, ["images/"]),
            ledger.BUCKET_ALIAS: ledger.bucket_storage(os.environ),
        }
        MEDIA_URL = os.environ["MEDIA_PUBLIC_URL"]
        WITHDRAWAL_LEDGER = ledger.BUCKET_ALIAS
    """
)


def visit(client, addresses):
    """What the test's own site shows (the same report as VISIT)."""
    pages = {}
    for address in addresses:
        response = client.get(address)
        soup = BeautifulSoup(response.content, "html.parser")
        pages[address] = {"status": response.status_code, "title": soup.title.get_text(strip=True)}
    return pages


@pytest.fixture
def new_database():
    """An empty PostgreSQL database beside the tests' one (named after DATABASE_URL's), dropped
    afterwards; yields its URL."""
    base = dj_database_url.parse(os.environ["DATABASE_URL"])["NAME"]
    name = f"{base}_restore_{uuid.uuid4().hex[:8]}"
    config = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    credentials = config["USER"] + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
    address = f"{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}"
    yield f"postgres://{credentials}@{address}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Drill:
    """Where the drill's site keeps its media and ledger, and where the restore puts the media.

    `environ`: what the restored site's settings read; `restored_files()`: every file name in
    the restored media; `public_url`: where visitors read the restored public renditions (None:
    from the site itself)."""

    environ: dict
    restored_files: Callable[[], set]
    public_url: str | None = None


def files_under(folder):
    """Every file's name under `folder`, as the storage names it."""
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def local_disk_drill(settings, tmp_path):
    ledger = tmp_path / "ledger"
    settings.WITHDRAWAL_LEDGER = str(ledger)
    media = tmp_path / "restored-media"
    return Drill(
        environ={"MEDIA_ROOT": str(media), "WITHDRAWAL_LEDGER": str(ledger)},
        restored_files=lambda: files_under(media),
    )


def new_bucket(store, kind, public=False):
    """A new, empty bucket in `store`; a public one is readable anonymously (bucket policy), as
    an operator sets up a new public bucket."""
    client = store.client()
    name = f"histoire-{kind}-{uuid.uuid4().hex[:8]}"
    client.create_bucket(Bucket=name)
    if public:
        statement = {
            "Effect": "Allow",
            "Principal": "*",
            "Action": ["s3:GetObject"],
            "Resource": [f"arn:aws:s3:::{name}/*"],
        }
        policy = {"Version": "2012-10-17", "Statement": [statement]}
        client.put_bucket_policy(Bucket=name, Policy=json.dumps(policy))
    return name


def drop_bucket(store, name):
    client = store.client()
    for key in store.keys(name):
        client.delete_object(Bucket=name, Key=key)
    client.delete_bucket(Bucket=name)


@contextlib.contextmanager
def object_store_drill(store, settings, tmp_path):
    """The site's media in the two buckets of `media_in_object_store`, its ledger in a bucket
    of its own; the restore goes into two new buckets of the same store."""
    ledger, private, public = (
        new_bucket(store, "ledger"),
        new_bucket(store, "restored"),
        new_bucket(store, "restored-public", public=True),
    )
    settings.STORAGES = {
        **settings.STORAGES,
        BUCKET_ALIAS: bucket_storage({**store.environ(), "WITHDRAWAL_LEDGER_BUCKET": ledger}),
    }
    settings.WITHDRAWAL_LEDGER = BUCKET_ALIAS
    public_url = f"{store.endpoint}/{public}/"
    try:
        yield Drill(
            environ={
                **store.environ(),
                "MEDIA_BUCKET": private,
                "MEDIA_PUBLIC_BUCKET": public,
                "MEDIA_PUBLIC_URL": public_url,
                "WITHDRAWAL_LEDGER_BUCKET": ledger,
                "MEDIA_ROOT": str(tmp_path / "no-media-on-disk"),
                "WITHDRAWAL_LEDGER": "unused",
            },
            restored_files=lambda: {*store.keys(private), *store.keys(public)},
            public_url=public_url,
        )
    finally:
        for bucket in (ledger, private, public):
            drop_bucket(store, bucket)


@pytest.fixture(params=["local disk", "object store"])
def drill(request, settings, tmp_path):
    if request.param == "local disk":
        yield local_disk_drill(settings, tmp_path)
        return
    store = request.getfixturevalue("media_in_object_store")
    with object_store_drill(store, settings, tmp_path) as found:
        yield found


def run_restored(tmp_path, database_url, drill, *arguments):
    (tmp_path / "drill_settings.py").write_text(DRILL_SETTINGS)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "drill_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(settings.BASE_DIR)]),
        "DATABASE_URL": database_url,
        **drill.environ,
    }
    result = subprocess.run(
        [sys.executable, *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_drill_same_pages_and_nobody_who_withdrew(
    restore_migrated_data, client, exhibition, drill, new_database, tmp_path
):
    staying = [PortraitPageFactory(parent=exhibition) for _ in range(2)]
    leaving = PortraitPageFactory(parent=exhibition)
    addresses = ["/", exhibition.url, *(p.url for p in staying)]
    before = visit(client, [*addresses, leaving.url])  # also makes their renditions
    assert {page["status"] for page in before.values()} == {200}
    person = leaving.consent.full_name
    leaving_files = {
        leaving.photo.file.name,
        *leaving.photo.renditions.values_list("file", flat=True),
    }
    staying_files = {
        name
        for p in staying
        for name in [p.photo.file.name, *p.photo.renditions.values_list("file", flat=True)]
    }

    backup = tmp_path / "backup"
    call_command("backup_exhibition", str(backup))
    assert leaving_files <= files_under(backup / "media")
    withdraw(leaving)  # after the backup: the ledger remembers it

    output = run_restored(
        tmp_path, new_database, drill, "manage.py", "restore_exhibition", str(backup)
    )
    assert "withdrawn again: 1 portrait(s)" in output
    report = json.loads(
        run_restored(
            tmp_path,
            new_database,
            drill,
            "-c",
            VISIT,
            json.dumps([*addresses, leaving.url, f"/recherche/?q={leaving.display_name}"]),
        )
    )

    pages = report["pages"]
    for address in addresses:
        assert (pages[address]["status"], pages[address]["title"]) == (
            before[address]["status"],
            before[address]["title"],
        ), address
    pictures = {}
    for address in addresses:
        pictures.update(pages[address]["pictures"])
    assert len(pictures) >= len(staying), "the portraits' photos are on the pages"
    assert set(pictures.values()) == {200}, "every picture loads"
    if drill.public_url:
        assert all(src.startswith(drill.public_url) for src in pictures), (
            "read by visitors from the restored public bucket, never the old one"
        )
    assert pages[leaving.url]["status"] == 404
    search = pages[f"/recherche/?q={leaving.display_name}"]
    assert search["status"] == 200 and leaving.url not in search["links"]
    assert leaving.url not in pages[exhibition.url]["links"]
    assert leaving.display_name not in pages[exhibition.url]["text"]
    assert staying[0].url in pages[exhibition.url]["links"]
    assert person not in report["people"] and len(report["people"]) == 2
    assert leaving.photo_id not in report["images"]
    restored = drill.restored_files()
    assert staying_files <= restored, "the others' photos came back"
    assert not leaving_files & restored, "none of the withdrawn person's files did"


@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_over_a_site_leaves_only_the_backups_files(
    restore_migrated_data, exhibition, new_database, settings, tmp_path
):
    """A file made after the backup belongs to rows the restore took away: left behind, nothing
    would ever delete it (and a public rendition would stay readable)."""
    PortraitPageFactory(parent=exhibition)
    backup = tmp_path / "backup"
    call_command("backup_exhibition", str(backup))
    site = local_disk_drill(settings, tmp_path)
    Path(site.environ["WITHDRAWAL_LEDGER"]).mkdir()
    restore = ["manage.py", "restore_exhibition", str(backup)]
    run_restored(tmp_path, new_database, site, *restore)
    stray = Path(site.environ["MEDIA_ROOT"], "images", "made-after-the-backup.webp")
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"a picture of someone the restored site does not know")

    output = run_restored(tmp_path, new_database, site, *restore, "--replace")
    assert "1 file(s) not in the backup deleted" in output
    assert site.restored_files() == files_under(backup / "media") != set()
