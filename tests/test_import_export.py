"""Bulk import (all or nothing, line and column for every problem) and export (round trip)."""

import csv
import io
import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from PIL import Image
from wagtail.models import Page, Revision

from gallery.models import (
    Consent,
    CuratedCollectionPage,
    ExhibitionImage,
    ExhibitionPage,
    PortraitPage,
)
from gallery.models.consent import Scope
from gallery.transfer.admin import SESSION_KEY, upload_names
from gallery.transfer.columns import BASIC, MAX_ROWS
from gallery.transfer.importer import check
from gallery.transfer.sources import PhotoFolder, PhotoZip, TransferError
from gallery.transfer.values import testimony_text as csv_testimony
from gallery.transfer.writer import write

from .factories import ExhibitionPageFactory
from .test_photo_privacy import metadata_in, photo_with_metadata


def photo(path, colour=(200, 120, 40), metadata=False):
    if metadata:
        path.write_bytes(photo_with_metadata())
    else:
        Image.new("RGB", (300, 400), colour).save(path, format="JPEG", quality=90)


ROWS = [
    {
        "slug": "zoe",
        "display_name": "Zoé 🌿",
        "full_name": "Zoé Martin-Ndiaye",
        "photo": "zoe.jpg",
        "photo_alt": "Silhouette devant une fenêtre",
        "photo_credit": "Atelier Œil",
        "licence": "CC BY 4.0",
        "stage": "arrivee",
        "country": "sn",
        "arrival_year": "2021",
        "town": "Brioude",
        "quote": "« Ici, j'ai recommencé. »",
        "testimony": "Premier paragraphe, avec des accents : é, è, ç.\n\nأنا هنا منذ سنتين 🙂",
        "collections": "premiers-pas",
        "consent_signed_on": "2025-03-01",
        "consent_until": "",
        "consent_scope": "",
    },
    {
        "slug": "",
        "display_name": "Karim",
        "full_name": "Mehdi BELKACEM",
        "photo": "karim.jpg",
        "photo_alt": "Homme souriant, vu de dos",
        "photo_credit": "",
        "licence": "",
        "stage": "Décret de naturalisation",
        "country": "",
        "arrival_year": "",
        "town": "",
        "quote": "Français depuis mardi.",
        "testimony": "Un seul paragraphe.",
        "collections": "premiers-pas;devenir-francais",
        "consent_signed_on": "2024-11-20",
        "consent_until": "2030-12-31",
        "consent_scope": "photo;testimony;stage;print",
    },
]


def write_csv(path, rows, delimiter=",", columns=BASIC):
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(
            file, fieldnames=columns, delimiter=delimiter, extrasaction="ignore"
        )
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def files(tmp_path, exhibition):
    photos = tmp_path / "photos"
    photos.mkdir()
    photo(photos / "zoe.jpg", metadata=True)
    photo(photos / "karim.jpg", colour=(40, 90, 160))
    return tmp_path, photos


def plan_of(data, photos, **kwargs):
    """The import plan of CSV bytes and a photo source (a folder's path, or a source) into
    the one exhibition."""
    if not hasattr(photos, "read"):
        photos = PhotoFolder(photos)
    return check(data, photos, ExhibitionPage.objects.get(), **kwargs)


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_portraits", *args, stdout=out, stderr=err)
    return out.getvalue()


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": ExhibitionImage.objects.count(),
        "consents": Consent.objects.count(),
        "files": sorted(str(p) for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()),
    }


@pytest.mark.django_db
def test_a_valid_file_creates_portraits_consents_and_collections(files):
    folder, photos = files
    output = run(
        str(write_csv(folder / "portraits.csv", ROWS)), "--images", str(photos), "--publish"
    )
    assert "2 created, 0 updated, 0 unchanged, published." in output

    zoe = PortraitPage.objects.get(slug="zoe")
    karim = PortraitPage.objects.get(slug="karim")  # slug derived from the name
    assert zoe.live and karim.live
    # Names and testimonies in any script survive unchanged.
    assert zoe.display_name == "Zoé 🌿" and zoe.quote == "« Ici, j'ai recommencé. »"
    paragraphs = [block.value.source for block in zoe.testimony]
    assert paragraphs == [
        "<p>Premier paragraphe, avec des accents : é, è, ç.</p>",
        "<p>أنا هنا منذ سنتين 🙂</p>",
    ]
    assert zoe.country_of_origin.code == "SN" and zoe.arrival_year == 2021
    assert zoe.photo.licence == "cc-by-4.0" and zoe.photo.credit == "Atelier Œil"
    assert metadata_in(zoe.photo.file.read())["gps"] == {}, "no metadata stored"
    assert zoe.consent.full_name == "Zoé Martin-Ndiaye"
    assert zoe.consent.scope == set(Scope) - {Scope.PRINT}
    assert karim.stage.slug == "decret-naturalisation"
    assert karim.name_is_pseudonym, "no consent for the name: it is a pseudonym"
    # Printing is agreed to by name only; an empty scope is everything the site shows.
    assert karim.consent.scope == {Scope.PHOTO, Scope.TESTIMONY, Scope.STAGE, Scope.PRINT}
    assert not zoe.consent.covers_print
    collections = {c.slug: c for c in CuratedCollectionPage.objects.all()}
    latest = collections["premiers-pas"].get_latest_revision_as_object()
    assert [e.portrait for e in latest.entries.all()] == [zoe, karim]
    assert not collections["devenir-francais"].live, "new collections wait for their curators"


@pytest.mark.django_db
def test_without_publish_portraits_are_drafts(files):
    folder, photos = files
    run(str(write_csv(folder / "p.csv", ROWS)), "--images", str(photos))
    assert PortraitPage.objects.filter(live=False).count() == 2


@pytest.mark.django_db
def test_a_dry_run_writes_nothing(files):
    folder, photos = files
    before = snapshot()
    output = run(str(write_csv(folder / "p.csv", ROWS)), "--images", str(photos), "--dry-run")
    assert "line 2: zoe — create" in output and "nothing was written" in output
    assert snapshot() == before


@pytest.mark.django_db
def test_every_problem_is_reported_with_its_line_and_column_and_nothing_is_written(files):
    folder, photos = files
    (photos / "broken.jpg").write_bytes(b"not an image at all")
    bad = [
        ROWS[0],
        {**ROWS[1], "stage": "inconnue", "country": "XX", "consent_signed_on": "20/11/2024"},
        {**ROWS[0], "slug": "zoe"},  # the same slug twice
        {**ROWS[1], "slug": "nadia", "display_name": "", "photo": "broken.jpg"},
        {**ROWS[1], "slug": "omar", "photo": "absente.jpg", "consent_scope": "photo;stage;voix"},
        {**ROWS[1], "slug": "sara", "country": "MA", "consent_scope": "photo;testimony;stage"},
    ]
    before = snapshot()
    with pytest.raises(CommandError, match="problem"):
        run(str(write_csv(folder / "p.csv", bad)), "--images", str(photos))
    assert snapshot() == before

    job = plan_of((folder / "p.csv").read_bytes(), photos, publish=False)
    found = {(p.line, p.column) for p in job.problems}
    assert found >= {
        (3, "stage"),
        (3, "country"),
        (3, "consent_signed_on"),
        (4, "slug"),
        (5, "display_name"),
        (5, "photo"),
        (6, "photo"),
        (6, "consent_scope"),
        (7, "country"),
    }
    messages = {str(p) for p in job.problems}
    assert "ligne 3, colonne « stage » : étape inconnue : « inconnue »." in messages
    assert any(
        "ligne 6, colonne « photo » : « absente.jpg » ne se trouve pas" in m for m in messages
    )


@pytest.mark.django_db
def test_reimporting_the_same_file_changes_and_duplicates_nothing(files):
    folder, photos = files
    path = write_csv(folder / "p.csv", ROWS)
    run(str(path), "--images", str(photos), "--publish")
    before = snapshot()
    output = run(str(path), "--images", str(photos), "--publish")
    assert "0 created, 0 updated, 2 unchanged" in output
    assert snapshot() == before


@pytest.mark.django_db
def test_reimporting_a_changed_row_updates_it_in_place(files):
    folder, photos = files
    run(str(write_csv(folder / "p.csv", ROWS)), "--images", str(photos), "--publish")
    changed = [{**ROWS[0], "quote": "Une autre phrase, la sienne."}, ROWS[1]]
    output = run(str(write_csv(folder / "p.csv", changed)), "--images", str(photos), "--publish")
    assert "0 created, 1 updated, 1 unchanged" in output
    assert PortraitPage.objects.get(slug="zoe").quote == "Une autre phrase, la sienne."
    assert PortraitPage.objects.filter(slug="zoe").count() == 1
    assert ExhibitionImage.objects.count() == 2


@pytest.mark.django_db
def test_a_spreadsheet_export_with_semicolons_and_a_bom_is_read(files):
    folder, photos = files
    path = write_csv(folder / "p.csv", ROWS, delimiter=";")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert "2 created" in run(str(path), "--images", str(photos))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"display_name,photo\nAmina,a.jpg\n", "colonne obligatoire absente"),
        ("é;".encode("latin-1") * 10, "n'est pas en UTF-8"),
        (b"", "vide"),
    ],
)
def test_unusable_files_get_a_clear_message(files, content, message):
    folder, photos = files
    (folder / "bad.csv").write_bytes(content)
    err = StringIO()
    with pytest.raises(CommandError) as error:
        call_command(
            "import_portraits", str(folder / "bad.csv"), "--images", str(photos), stderr=err
        )
    assert message in str(error.value) + err.getvalue()


@pytest.mark.django_db
def test_unknown_columns_are_reported(files):
    folder, photos = files
    path = write_csv(folder / "p.csv", [{**ROWS[0], "quotte": "x"}], columns=[*BASIC, "quotte"])
    job = plan_of(path.read_bytes(), photos)
    assert [str(p) for p in job.problems] == [
        "ligne 1, colonne « quotte » : colonne inconnue (faute de frappe ?)."
    ]


@pytest.mark.django_db
def test_export_then_import_into_an_empty_site_reproduces_the_exhibition(tmp_path, home):
    call_command("load_exhibition", stdout=StringIO())
    before = exhibition_state()
    export = tmp_path / "export"
    call_command("export_portraits", str(export), stdout=StringIO())
    assert (export / "portraits.csv").exists() and (export / "collections.json").exists()

    # An empty site: no exhibition, no collections, no images.
    for page in Page.objects.filter(depth=3):
        page.delete()
    ExhibitionImage.objects.all().delete()
    assert not PortraitPage.objects.exists()
    arguments = [
        str(export / "portraits.csv"),
        "--images",
        str(export / "photos"),
        "--collections",
        str(export / "collections.json"),
        "--publish",
    ]
    # An import never creates the exhibition page: it says to create it first.
    with pytest.raises(CommandError, match="Create the exhibition page first"):
        run(*arguments)
    assert not Page.objects.filter(depth=3).exists(), "nothing was written"

    ExhibitionPageFactory(parent=home, slug="exposition")
    run(*arguments)
    assert exhibition_state() == before


def exhibition_state():
    """What a visitor and a curator see of the exhibition, independent of ids."""
    exhibition = ExhibitionPage.objects.get()
    portraits = []
    for p in PortraitPage.objects.child_of(exhibition).order_by("path"):
        with p.photo.open_file() as f:
            pixels = Image.open(io.BytesIO(f.read())).convert("RGB").tobytes()
        consent = p.get_consent()
        portraits.append(
            {
                "slug": p.slug,
                "live": p.live,
                "fields": (p.title, p.display_name, p.name_is_pseudonym, p.quote, p.town,
                           p.country_of_origin.code, p.arrival_year, p.languages,
                           p.testimony_note, p.is_fictional, p.stage.slug,
                           p.easy_read, p.easy_read_proofread, p.content_note,
                           p.minimum_level, [t.slug for t in p.content_themes.all()]),
                "testimony": csv_testimony(p),
                "journey": [(m.year, m.month, m.stage_id and m.stage.slug, m.text)
                            for m in p.journey.all()],
                "photo": (p.photo.alt_text, p.photo.credit, p.photo.licence, pixels),
                "consent": (consent.full_name, consent.form_reference, consent.signed_on,
                            consent.valid_until, sorted(consent.scope)),
            }
        )  # fmt: skip
    collections = [
        (c.slug, c.title, c.introduction, c.live,
         [(e.portrait.slug, e.note) for e in c.entries.all()])
        for c in CuratedCollectionPage.objects.order_by("path")
    ]  # fmt: skip
    return {"portraits": portraits, "collections": collections}


def zip_of(photos, extra=None):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in photos.iterdir():
            archive.write(path, arcname=f"photos/{path.name}")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def curator_client(client, user_in):
    client.force_login(user_in("Curateurs"))
    return client


def upload(client, folder, photos, exhibition, **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        "/admin/portraits/import/",
        {
            "csv_file": SimpleUploadedFile("p.csv", write_csv(folder / "p.csv", ROWS).read_bytes()),
            "photos": SimpleUploadedFile("p.zip", zip_of(photos)),
            "exhibition": exhibition.pk,
            **extra,
        },
    )


@pytest.mark.django_db
def test_a_curator_cannot_publish_by_import_even_by_forging_the_form(
    curator_client, files, exhibition
):
    upload(curator_client, *files, exhibition, publish="on")
    curator_client.post("/admin/portraits/import/", {"action": "confirm"})
    assert PortraitPage.objects.filter(slug__in=["zoe", "karim"], live=False).count() == 2


@pytest.mark.django_db
def test_a_reviewer_publishes_by_import_only_while_allowed_to(client, user_in, files, exhibition):
    reviewer_client, reviewer = client, user_in("Relecteurs")
    client.force_login(reviewer)
    preview = upload(reviewer_client, *files, exhibition, publish="on")
    assert "publish" in preview.context["form"].fields
    assert "Confirmer l'import" in preview.content.decode()

    reviewer.groups.clear()  # the role is taken back between preview and confirmation
    reviewer.groups.add(reviewer.groups.model.objects.get(name="Curateurs"))
    denied = reviewer_client.post("/admin/portraits/import/", {"action": "confirm"})
    assert denied["Location"] == "/admin/", "Wagtail's answer to a permission denied"
    assert not PortraitPage.objects.filter(slug="zoe").exists()

    reviewer.groups.clear()
    reviewer.groups.add(reviewer.groups.model.objects.get(name="Relecteurs"))
    done = reviewer_client.post("/admin/portraits/import/", {"action": "confirm"})
    assert done.status_code == 302
    assert PortraitPage.objects.filter(slug__in=["zoe", "karim"], live=True).count() == 2


@pytest.mark.django_db
def test_curators_import_from_the_admin_with_a_preview(curator_client, files, exhibition):
    from django.core.files.uploadedfile import SimpleUploadedFile

    folder, photos = files
    url = "/admin/portraits/import/"
    assert curator_client.get(url).status_code == 200
    csv_file = SimpleUploadedFile("portraits.csv", write_csv(folder / "p.csv", ROWS).read_bytes())
    zip_file = SimpleUploadedFile(
        "photos.zip", zip_of(photos, {"../../etc/passwd": b"x"}), "application/zip"
    )
    preview = curator_client.post(
        url, {"csv_file": csv_file, "photos": zip_file, "exhibition": exhibition.pk}
    )
    html = preview.content.decode()
    assert "Aperçu de l'import" in html and "zoe" in html and "créé" in html
    assert not PortraitPage.objects.filter(slug="zoe").exists(), "nothing before confirming"
    assert "publish" not in preview.context["form"].fields, "curators import drafts"

    done = curator_client.post(url, {"action": "confirm"})
    assert done.status_code == 302
    assert PortraitPage.objects.filter(slug__in=["zoe", "karim"], live=False).count() == 2


@pytest.mark.django_db
def test_the_admin_preview_lists_every_problem_and_offers_no_confirmation(
    curator_client, files, exhibition
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    folder, photos = files
    bad = [{**ROWS[0], "stage": "inconnue"}, {**ROWS[1], "photo": "absente.jpg"}]
    response = curator_client.post(
        "/admin/portraits/import/",
        {
            "csv_file": SimpleUploadedFile("p.csv", write_csv(folder / "p.csv", bad).read_bytes()),
            "photos": SimpleUploadedFile("p.zip", zip_of(photos)),
            "exhibition": exhibition.pk,
        },
    )
    html = response.content.decode()
    assert "ligne 2, colonne « stage »" in html and "ligne 3, colonne « photo »" in html
    assert "Confirmer l'import" not in html
    confirm = curator_client.post("/admin/portraits/import/", {"action": "confirm"})
    assert confirm.status_code == 200 and "rien ne sera importé" in confirm.content.decode()
    assert not PortraitPage.objects.exists()


@pytest.mark.django_db
def test_the_export_cannot_run_formulas_in_a_spreadsheet_and_still_reimports(tmp_path, home):
    call_command("load_exhibition", stdout=StringIO())
    portrait = PortraitPage.objects.get(slug="dawit")
    portrait.quote = '=HYPERLINK("https://evil.example","clic")'
    portrait.save_revision().publish()
    call_command("export_portraits", str(tmp_path), stdout=StringIO())

    with open(tmp_path / "portraits.csv", encoding="utf-8") as file:
        rows = {row["slug"]: row for row in csv.DictReader(file)}
    assert rows["dawit"]["quote"] == "'" + portrait.quote
    job = plan_of((tmp_path / "portraits.csv").read_bytes(), tmp_path / "photos")
    assert job.is_valid and job.rows[0].data["quote"] == portrait.quote


@pytest.mark.django_db
def test_two_people_with_the_same_photo_file_get_an_image_each(files):
    folder, photos = files
    same = [ROWS[0], {**ROWS[1], "photo": "zoe.jpg", "photo_alt": "Une autre description"}]
    run(str(write_csv(folder / "p.csv", same)), "--images", str(photos))
    zoe, karim = PortraitPage.objects.get(slug="zoe"), PortraitPage.objects.get(slug="karim")
    assert zoe.get_latest_revision_as_object().photo != karim.get_latest_revision_as_object().photo
    assert "2 unchanged" in run(str(folder / "p.csv"), "--images", str(photos))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "column"),
    [
        ({"arrival_year": "²⁰¹⁹"}, "arrival_year"),
        ({"journey": "2019-13;;Un mois qui n'existe pas"}, "journey"),
        ({"journey": "0000-01;;L'an zéro"}, "journey"),
        ({"slug": "a" * 300}, "slug"),
    ],
)
def test_impossible_values_are_problems_not_crashes(files, change, column):
    folder, photos = files
    path = write_csv(folder / "p.csv", [{**ROWS[0], **change}], columns=[*BASIC, "journey"])
    job = plan_of(path.read_bytes(), photos, publish=True)
    assert column in {p.column for p in job.problems}


@pytest.mark.django_db
def test_a_zip_with_two_photos_of_the_same_name_is_refused(files):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a/zoe.jpg", b"1")
        archive.writestr("b/zoe.jpg", b"2")
    with pytest.raises(TransferError, match=r"deux photos nommées « zoe\.jpg »"):
        PhotoZip(buffer).check()


@pytest.mark.django_db
def test_the_export_is_readable_by_its_owner_alone(tmp_path, home):
    """It holds full names and consent: other accounts on the server cannot read it."""
    call_command("load_exhibition", stdout=StringIO())
    target = tmp_path / "export"
    call_command("export_portraits", str(target), stdout=StringIO())
    paths = [target, *target.rglob("*")]
    assert len(paths) > 10  # the folder, photos/, the CSV, collections.json, the photos
    assert {oct(path.stat().st_mode & 0o777) for path in paths if path.is_dir()} == {"0o700"}
    assert {oct(path.stat().st_mode & 0o777) for path in paths if path.is_file()} == {"0o600"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field_offset", "value"),
    [(10, 9), (8, 1)],  # compressed with Deflate64 (unsupported); encrypted (needs a password)
    ids=["unsupported compression", "encrypted"],
)
def test_a_photo_the_zip_cannot_give_back_is_a_problem_not_a_crash(files, field_offset, value):
    import struct
    import zipfile

    folder, photos = files
    data = bytearray(zip_of(photos))
    # Rewrite zoe.jpg's entry in the central directory, where ZipFile reads how to open it.
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        names = [info.filename for info in archive.infolist()]
    entry = data.find(b"PK\x01\x02")
    for name in names:
        if name.endswith("zoe.jpg"):
            struct.pack_into("<H", data, entry + field_offset, value)
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, entry + 28)
        entry += 46 + name_length + extra_length + comment_length

    path = write_csv(folder / "p.csv", ROWS)
    job = plan_of(path.read_bytes(), PhotoZip(io.BytesIO(bytes(data))), publish=True)
    assert [(p.line, p.column) for p in job.problems] == [(2, "photo")]
    assert "ne peut pas être lue dans le ZIP" in str(job.problems[0])
    with pytest.raises(TransferError, match="rien n'a été importé"):
        write(job)
    assert not PortraitPage.objects.exists()


@pytest.mark.django_db
def test_a_collections_file_is_checked_like_the_rows(files):
    """A collections.json with <script> in an introduction was stored as is and published
    without --publish: stored XSS on the collection page."""
    folder, photos = files
    csv_path = write_csv(folder / "portraits.csv", ROWS)
    hostile = [
        {
            "slug": "premiers-pas",
            "title": "Premiers pas",
            "introduction": (
                '<p>Bienvenue</p><script>alert(1)</script><a href="javascript:x()">x</a>'
            ),
            "live": True,
            "entries": [{"portrait": "zoe", "note": "Zoé Martin-Ndiaye, voisine."}],
        }
    ]
    collections = folder / "collections.json"
    collections.write_text(json.dumps(hostile), encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError):
        run(str(csv_path), "--images", str(photos), "--collections", str(collections))
    job = plan_of(csv_path.read_bytes(), photos, collections_data=hostile)
    problems = " ".join(str(problem) for problem in job.problems)
    assert "<script>" in problems and "javascript:x()" in problems
    assert snapshot() == before

    # Clean and without --publish: drafts only.
    hostile[0]["introduction"] = "<p>Bienvenue <b>à tous</b></p>"
    hostile[0]["entries"][0]["note"] = "Une voisine."
    collections.write_text(json.dumps(hostile), encoding="utf-8")
    run(str(csv_path), "--images", str(photos), "--collections", str(collections))
    collection = CuratedCollectionPage.objects.get(slug="premiers-pas")
    assert not collection.live
    introduction = collection.get_latest_revision_as_object().introduction
    assert "<b>à tous</b>" in introduction and "<script" not in introduction


@pytest.mark.django_db
def test_the_admin_importer_refuses_what_it_cannot_show(curator_client, files, exhibition):
    """A 100,000-row CSV returned a 12 MB preview page."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    folder, photos = files
    rows = [{**ROWS[1], "slug": f"karim-{i}"} for i in range(MAX_ROWS + 1)]
    response = curator_client.post(
        "/admin/portraits/import/",
        {
            "csv_file": SimpleUploadedFile("p.csv", write_csv(folder / "p.csv", rows).read_bytes()),
            "photos": SimpleUploadedFile("p.zip", zip_of(photos)),
            "exhibition": exhibition.pk,
        },
    )
    html = response.content.decode()
    assert f"au plus {MAX_ROWS} par import" in html and len(html) < 100_000
    assert "Confirmer l'import" not in html and not PortraitPage.objects.exists()
    huge = SimpleUploadedFile("p.csv", b"slug\n" + b"x" * (6 * 1024 * 1024))
    too_big = curator_client.post(
        "/admin/portraits/import/",
        {
            "csv_file": huge,
            "photos": SimpleUploadedFile("p.zip", zip_of(photos)),
            "exhibition": exhibition.pk,
        },
    )
    assert "au plus 5 Mo" in too_big.content.decode()


@pytest.mark.django_db
def test_cancelling_a_preview_deletes_the_uploaded_files(curator_client, files, exhibition):

    upload(curator_client, *files, exhibition)
    stored = upload_names(curator_client.session[SESSION_KEY]["token"])
    assert all(default_storage.exists(name) for name in stored)
    cancelled = curator_client.post("/admin/portraits/import/", {"action": "cancel"})
    assert cancelled.status_code == 302 and cancelled["Location"] == "/admin/portraits/import/"
    assert not any(default_storage.exists(name) for name in stored)
    assert SESSION_KEY not in curator_client.session
    assert not PortraitPage.objects.exists()
