"""Backup and restore (backup_exhibition, restore_exhibition), and the withdrawal ledger that
makes a restore withdraw again whoever withdrew after the backup was taken."""

import json
import os
import subprocess
import sys
import textwrap
import uuid
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
# own, reports what visitors would get.
VISIT = textwrap.dedent(
    """
    import json, sys
    import django
    django.setup()
    from bs4 import BeautifulSoup
    from django.test import Client
    from gallery.models import Consent, ExhibitionImage

    client = Client()
    pages = {}
    for address in json.loads(sys.argv[1]):
        response = client.get(address)
        soup = BeautifulSoup(response.content, "html.parser")
        pages[address] = {
            "status": response.status_code,
            "title": soup.title.get_text(strip=True) if soup.title else "",
            "text": soup.get_text(" "),
            "links": [a["href"] for a in soup.select("a[href]")],
        }
    print(json.dumps({
        "pages": pages,
        "images": sorted(ExhibitionImage.objects.values_list("pk", flat=True)),
        "people": sorted(Consent.objects.values_list("full_name", flat=True)),
    }))
    """
)

DRILL_SETTINGS = textwrap.dedent(
    """
    import os
    from config.settings.test import *  # noqa: F403

    MEDIA_ROOT = os.environ["MEDIA_ROOT"]
    WITHDRAWAL_LEDGER = os.environ["WITHDRAWAL_LEDGER"]
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


def run_restored(tmp_path, database_url, media, ledger, *arguments):
    (tmp_path / "drill_settings.py").write_text(DRILL_SETTINGS)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "drill_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(settings.BASE_DIR)]),
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
        "WITHDRAWAL_LEDGER": str(ledger),
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
    restore_migrated_data, client, exhibition, ledger, new_database, tmp_path
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
    staying_files = {name for p in staying for name in [p.photo.file.name]}

    backup = tmp_path / "backup"
    call_command("backup_exhibition", str(backup))
    assert leaving_files <= {p.relative_to(backup / "media").as_posix()
                             for p in (backup / "media").rglob("*") if p.is_file()}  # fmt: skip
    withdraw(leaving)  # after the backup: the ledger remembers it

    media = tmp_path / "restored-media"
    output = run_restored(
        tmp_path, new_database, media, ledger, "manage.py", "restore_exhibition", str(backup)
    )
    assert "withdrawn again: 1 portrait(s)" in output
    report = json.loads(
        run_restored(
            tmp_path,
            new_database,
            media,
            ledger,
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
    assert pages[leaving.url]["status"] == 404
    search = pages[f"/recherche/?q={leaving.display_name}"]
    assert search["status"] == 200 and leaving.url not in search["links"]
    assert leaving.url not in pages[exhibition.url]["links"]
    assert leaving.display_name not in pages[exhibition.url]["text"]
    assert staying[0].url in pages[exhibition.url]["links"]
    assert person not in report["people"] and len(report["people"]) == 2
    assert leaving.photo_id not in report["images"]
    restored = {p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file()}
    assert staying_files <= restored, "the others' photos came back"
    assert not leaving_files & restored, "none of the withdrawn person's files did"
