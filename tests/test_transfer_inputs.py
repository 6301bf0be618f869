"""Hostile or broken files: every message names the problem (line, column, file) in the
curators' words, never Python's, and nothing is written."""

import io
import re
import zipfile
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from gallery.models import PortraitPage

from .test_import_export import ROWS, photo, snapshot, write_csv, zip_of

PYTHON_WORDS = re.compile(
    r"object at 0x|Traceback|\b\w*(Error|Exception|BadZipFile)\b|errno|\.py\b", re.IGNORECASE
)


def assert_for_curators(text):
    assert not PYTHON_WORDS.search(text), text


def command_output(*args):
    """What the command says, out and err, when it refuses."""
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_portraits", *args, stdout=out, stderr=err)
    return f"{refused.value}\n{err.getvalue()}{out.getvalue()}"


def refused(folder, photos, content):
    """What the command says of a CSV it refuses, once checked to be in curators' words and
    to have written nothing."""
    (folder / "p.csv").write_bytes(content)
    before = snapshot()
    message = command_output(str(folder / "p.csv"), "--images", str(photos))
    assert_for_curators(message)
    assert snapshot() == before
    return message


@pytest.fixture
def folder(tmp_path, exhibition):
    photos = tmp_path / "photos"
    photos.mkdir()
    photo(photos / "zoe.jpg")
    photo(photos / "karim.jpg", colour=(40, 90, 160))
    return tmp_path, photos


def csv_bytes(folder, rows=ROWS, **kwargs):
    return write_csv(folder / "rows.csv", rows, **kwargs).read_bytes()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "Le fichier est vide."),
        (b"   \n\n", "Le fichier est vide."),
        ("slug,display_name\nzoé,Zoé\n".encode("latin-1"), "pas en UTF-8 (ligne 2)"),
        (b"\xef\xbb\xbf", "Le fichier est vide."),  # a BOM and nothing else
    ],
)
def test_unreadable_csv_files(folder, content, expected):
    tmp, photos = folder
    assert expected in refused(tmp, photos, content)


@pytest.mark.django_db
def test_a_row_with_too_many_values_names_its_line(folder):
    tmp, photos = folder
    content = csv_bytes(tmp)
    lines = content.decode().splitlines()
    lines[-1] += ",en trop,encore"  # the last row: Karim's, line 3 as a spreadsheet counts
    message = refused(tmp, photos, "\n".join(lines).encode())
    assert "ligne 3 : plus de valeurs que de colonnes (2 de trop)" in message


@pytest.mark.django_db
def test_a_cell_too_long_for_the_csv_reader_is_a_line_not_a_crash(folder):
    tmp, photos = folder
    content = csv_bytes(tmp, [{**ROWS[0], "testimony": '"' + "x" * 200_000}])
    assert "Ligne 2 : le CSV est mal formé" in refused(tmp, photos, content)


@pytest.mark.django_db
def test_a_bom_before_the_header_is_read(folder):
    tmp, photos = folder
    out = StringIO()
    (tmp / "p.csv").write_bytes(b"\xef\xbb\xbf" + csv_bytes(tmp))
    call_command("import_portraits", str(tmp / "p.csv"), "--images", str(photos), stdout=out)
    assert "2 created" in out.getvalue()


@pytest.mark.django_db
def test_a_broken_photo_names_its_line_column_and_file(folder):
    tmp, photos = folder
    (photos / "karim.jpg").write_bytes(b"\xff\xd8\xff not a whole JPEG")
    message = refused(tmp, photos, csv_bytes(tmp))
    assert "ligne 3, colonne « photo » : « karim.jpg » : Ce fichier n'est pas une image" in message


@pytest.mark.django_db
def test_a_missing_images_folder_or_collections_file(folder):
    tmp, photos = folder
    (tmp / "p.csv").write_bytes(csv_bytes(tmp))
    message = command_output(str(tmp / "p.csv"), "--images", str(tmp / "nulle-part"))
    assert "Le dossier de photos" in message and "nulle-part" in message
    (tmp / "c.json").write_text('[{"slug": "a",]', encoding="utf-8")
    args = [str(tmp / "p.csv"), "--images", str(photos), "--collections", str(tmp / "c.json")]
    unreadable = command_output(*args)
    assert "« c.json » n'est pas du JSON" in unreadable
    absent = command_output(str(tmp / "absent.csv"), "--images", str(photos))
    for text in (message, unreadable, absent):
        assert_for_curators(text)
    assert not PortraitPage.objects.exists()


# The admin: a ZIP of photos ------------------------------------------------------------------


def preview(client, folder, exhibition, csv_content, zip_content):
    response = client.post(
        "/admin/portraits/import/",
        {
            "csv_file": SimpleUploadedFile("p.csv", csv_content),
            "photos": SimpleUploadedFile("p.zip", zip_content),
            "exhibition": exhibition.pk,
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    problems = re.findall(r'<li class="error-message">(.*?)</li>', html, re.S)
    assert "Confirmer l'import" not in html
    return problems


@pytest.fixture
def curator(client, user_in):
    client.force_login(user_in("Curateurs"))
    return client


@pytest.mark.django_db
def test_a_file_that_is_not_a_zip(curator, folder, exhibition):
    tmp, _photos = folder
    problems = preview(curator, tmp, exhibition, csv_bytes(tmp), b"PK\x03\x04 pas un zip")
    assert problems == ["Le fichier de photos n&#x27;est pas un fichier ZIP lisible."]
    assert not PortraitPage.objects.exists()


@pytest.mark.django_db
def test_a_broken_image_and_a_missing_photo_in_the_zip(curator, folder, exhibition):
    tmp, photos = folder
    (photos / "karim.jpg").unlink()
    broken = zip_of(photos, {"photos/karim.jpg": b"GIF89a broken"})
    problems = preview(curator, tmp, exhibition, csv_bytes(tmp), broken)
    assert len(problems) == 1 and problems[0].startswith(
        "ligne 3, colonne « photo » : « karim.jpg »"
    )
    rows = [ROWS[0], {**ROWS[1], "photo": "absente.jpg"}]
    problems = preview(curator, tmp, exhibition, csv_bytes(tmp, rows), zip_of(photos))
    assert problems == [
        "ligne 3, colonne « photo » : « absente.jpg » ne se trouve pas parmi les photos."
    ]
    for problem in problems:
        assert_for_curators(problem)
    assert not PortraitPage.objects.exists()


@pytest.mark.django_db
def test_a_corrupt_member_of_the_zip(curator, folder, exhibition):
    tmp, photos = folder
    data = bytearray(zip_of(photos))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = next(i for i in archive.infolist() if i.filename.endswith("zoe.jpg"))
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start : start + 40] = b"\x00" * 40  # its bytes no longer match their checksum
    problems = preview(curator, tmp, exhibition, csv_bytes(tmp), bytes(data))
    assert len(problems) == 1 and "ligne 2, colonne « photo » : « zoe.jpg »" in problems[0]
    assert "abîmé" in problems[0]
    assert_for_curators(problems[0])


@pytest.mark.django_db
def test_without_an_exhibition_the_admin_says_to_create_it(curator, home):
    html = curator.get("/admin/portraits/import/").content.decode()
    assert "créez d'abord la page de l'exposition" in html.replace("&#x27;", "'")
    assert 'enctype="multipart/form-data"' not in html


@pytest.mark.django_db
def test_without_an_exhibition_the_command_says_to_create_it(tmp_path, home):
    (tmp_path / "p.csv").write_bytes(csv_bytes(tmp_path))
    message = command_output(str(tmp_path / "p.csv"), "--images", str(tmp_path))
    assert "Create the exhibition page first" in message
    assert not PortraitPage.objects.exists()
