"""IIIF manifests and collections: what they hold (only what the pages show), valid by the
official IIIF Presentation 3 schema, cheap whatever a collection's size, gone from the page
cache the moment a portrait is taken down, and drawn by a real IIIF viewer (Mirador)."""

import contextlib
import datetime
import functools
import hashlib
import http.server
import io
import json
import os
import shutil
import subprocess
import tempfile
import threading
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django_countries import countries
from PIL import Image, ImageChops
from wagtail.models import Locale

from gallery.models import ExhibitionRendition, Licence, PortraitPage
from gallery.sharing.iiif import CONTENT_TYPE
from gallery.withdrawal import withdraw

from .factories import ExhibitionImageFactory, PortraitPageFactory
from .test_http_caching import before_django

# A git-ignored folder for what tests fetch once: the IIIF schema, Mirador.
CACHE = Path(os.environ.get("TEST_CACHE", Path(__file__).resolve().parent.parent / ".test-cache"))

# The official schema (IIIF/presentation-validator's schema/iiif_3_0.json), pinned. It is on
# neither PyPI nor npm, and its repository states no licence, so it is not vendored: fetched
# once into CACHE where GitHub is reachable, or put there by hand (same file, same hash).
SCHEMA_COMMIT = "fb5bd9039494701dc7472cdcaffe83fb5a212463"
SCHEMA_URL = (
    "https://raw.githubusercontent.com/IIIF/presentation-validator/"
    f"{SCHEMA_COMMIT}/schema/iiif_3_0.json"
)
SCHEMA_SHA256 = "14dd7ee8aee25d959be4b12feddb4179c726909fc85b925f6707f4ab3bfe2ad6"
SCHEMA_PATH = CACHE / "iiif" / "iiif_3_0.json"

MIRADOR = "4.0.0"  # its npm package ships a UMD bundle, dist/mirador.min.js

PHOTO_SIZE, PHOTO_COLOUR, PHOTO_HEX = (1700, 1200), (200, 30, 60), "#c81e3c"
# Never in the JSON: the full name (nothing public shows it), and the details a page shows
# only where consent covers them (origin, town, year, languages), which no manifest carries.
FULL_NAME, TOWN, YEAR, LANGUAGES = "Amina Berhane-Tesfay", "Yssingeaux", 1987, "tigrinya"
COUNTRY = "ER"


# The official schema ----------------------------------------------------------------------------


def _write_atomically(path, data):
    """Two test runs side by side (CI's) may fetch at once: each writes its own file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as file:
        file.write(data)
    os.replace(file.name, path)


@functools.cache
def schema_validator():
    """(the official schema's validator, None) or (None, why it is missing)."""
    try:
        from jsonschema import Draft7Validator  # a dev dependency
    except ImportError:
        return None, "jsonschema is not installed (pip install jsonschema)"
    if not SCHEMA_PATH.exists():
        try:
            with urllib.request.urlopen(SCHEMA_URL, timeout=10) as answer:
                _write_atomically(SCHEMA_PATH, answer.read())
        except OSError as error:
            return None, (
                f"the official IIIF schema is not in {SCHEMA_PATH} and {SCHEMA_URL} is "
                f"unreachable ({error}); put that file there (sha256 {SCHEMA_SHA256})"
            )
    data = SCHEMA_PATH.read_bytes()
    assert hashlib.sha256(data).hexdigest() == SCHEMA_SHA256, f"{SCHEMA_PATH}: another file"
    return Draft7Validator(json.loads(data)), None


def schema_errors(document):
    validator, _missing = schema_validator()
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def fetch(client, url):
    """(response, its JSON) for a IIIF address; every document is checked against the
    official schema where it is at hand (`test_documents_follow_the_official_schema` says
    when it is not)."""
    response = client.get(url)
    if response.status_code != 200:
        return response, None
    assert response["Content-Type"] == CONTENT_TYPE
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    if schema_validator()[0] is not None:
        assert schema_errors(document) == [], url
    return response, document


# Portraits ---------------------------------------------------------------------------------------


def manifest_url(portrait):
    return reverse("iiif_manifest", args=[portrait.translation_key])


def collection_url(collection):
    return reverse("iiif_collection", args=[collection.translation_key])


@pytest.fixture
def person(exhibition):
    """A portrait in French and in English, with every detail the person told the curators."""
    # Its renditions are not prepared ahead (no commit): its manifest makes the two it needs.
    photo = ExhibitionImageFactory(
        file__width=PHOTO_SIZE[0],
        file__height=PHOTO_SIZE[1],
        file__color=PHOTO_HEX,
        credit="Atelier Lumière",
        licence=Licence.CC_BY,
    )
    french = PortraitPageFactory(
        parent=exhibition,
        slug="cuisiner",
        title="Cuisiner pour se sentir chez soi",
        display_name="Amina",
        quote="Ici, j'ai appris la patience.",
        photo=photo,
        country_of_origin=COUNTRY,
        town=TOWN,
        arrival_year=YEAR,
        languages=f"{LANGUAGES}, français",
        consent__full_name=FULL_NAME,
    )
    english = french.copy_for_translation(
        Locale.objects.get_or_create(language_code="en")[0], copy_parents=True
    )
    english.title = "Cooking to feel at home"
    english.quote = "Here, I learnt patience."
    english.save_revision().publish()
    return PortraitPage.objects.get(pk=french.pk), PortraitPage.objects.get(pk=english.pk)


def no_photo(portrait):
    """A portrait whose photo was deleted from the library (the field is then emptied)."""
    PortraitPage.objects.filter(pk=portrait.pk).update(photo=None)
    return portrait


def strings(document):
    """Every text a JSON document holds, its keys too."""
    if isinstance(document, dict):
        return [*document, *(s for value in document.values() for s in strings(value))]
    if isinstance(document, list):
        return [s for value in document for s in strings(value)]
    return [str(document)]


def assert_tells_nothing_more(document):
    everything = " ".join(strings(document))
    country_names = set()
    for language in ("fr", "en", "ar"):
        with translation.override(language):
            country_names.add(str(countries.name(COUNTRY)))
    for secret in (FULL_NAME, "Berhane", TOWN, LANGUAGES, *country_names):
        assert secret not in everything, secret
    # Addresses hold random hexadecimal names: the year is looked for in the texts.
    texts = [s for s in strings(document) if not s.startswith("http")]
    assert not any(str(YEAR) in text for text in texts)


@pytest.mark.django_db
def test_a_manifest_holds_what_the_page_shows_in_each_language(client, person):
    french, english = person
    response, manifest = fetch(client, manifest_url(french))
    assert response.status_code == 200
    assert manifest["@context"] == "http://iiif.io/api/presentation/3/context.json"
    assert manifest["type"] == "Manifest"
    assert manifest["id"] == f"http://testserver{manifest_url(french)}"
    assert manifest["label"] == {
        "fr": ["Amina, Cuisiner pour se sentir chez soi"],
        "en": ["Amina, Cooking to feel at home"],
    }
    assert manifest["summary"] == {
        "fr": ["Ici, j'ai appris la patience."],
        "en": ["Here, I learnt patience."],
    }
    assert [(h["id"], h["language"]) for h in manifest["homepage"]] == [
        (f"http://testserver{french.url}", ["fr"]),
        (f"http://testserver{english.url}", ["en"]),
    ]
    assert manifest["rights"] == "http://creativecommons.org/licenses/by/4.0/"
    with translation.override("en"):
        credit_in_english = translation.gettext("Crédit")
    assert manifest["requiredStatement"] == {
        "label": {"fr": ["Crédit"], "en": [credit_in_english]},
        "value": {"fr": ["Atelier Lumière — CC BY 4.0"], "en": ["Atelier Lumière — CC BY 4.0"]},
    }

    # One canvas of the photo's real size, painted with its public ZOOM rendition.
    [canvas] = manifest["items"]
    assert (canvas["type"], canvas["width"], canvas["height"]) == ("Canvas", *PHOTO_SIZE)
    [page] = canvas["items"]
    [painting] = page["items"]
    assert (painting["motivation"], painting["target"]) == ("painting", canvas["id"])
    body = painting["body"]
    assert (body["type"], body["format"], body["width"], body["height"]) == (
        "Image", "image/jpeg", 1600, 1129,  # ZOOM: 1600 pixels wide
    )  # fmt: skip
    assert body["label"] == {"fr": [french.photo.alt_text]}
    [thumbnail] = manifest["thumbnail"]
    assert (thumbnail["format"], thumbnail["width"], thumbnail["height"]) == (
        "image/jpeg",
        320,
        400,
    )
    for image in (body, thumbnail):
        address = urlsplit(image["id"])
        assert address.netloc == "testserver" and address.path.startswith("/media/images/")
        file = client.get(address.path)
        assert file.status_code == 200 and file["Content-Type"] == "image/jpeg"
        assert Image.open(io.BytesIO(b"".join(file.streaming_content))).size == (
            image["width"], image["height"],
        )  # fmt: skip
    assert_tells_nothing_more(manifest)


@pytest.mark.django_db
def test_what_has_nothing_visible_to_paint_has_no_manifest(client, exhibition, person):
    without_photo = no_photo(PortraitPageFactory(parent=exhibition))
    draft = PortraitPageFactory(parent=exhibition, live=False)
    unconsented = PortraitPageFactory(parent=exhibition, consent=None)
    for portrait in (without_photo, draft, unconsented):
        assert client.get(manifest_url(portrait)).status_code == 404
    unknown = "00000000-0000-4000-8000-000000000000"
    assert client.get(f"/iiif/portraits/{unknown}/manifest.json").status_code == 404
    # An English page alone still has its manifest, in English only.
    french, english = person
    french.unpublish()
    _, manifest = fetch(client, manifest_url(english))
    assert list(manifest["label"]) == ["en"]


# Collections -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_collection_lists_the_manifests_of_its_visible_portraits_in_its_order(
    client, exhibition, make_collection, person
):
    french, _english = person
    first = PortraitPageFactory(parent=exhibition, display_name="Bérénice", title="Le marché")
    without_photo = no_photo(PortraitPageFactory(parent=exhibition))
    draft = PortraitPageFactory(parent=exhibition, live=False)
    collection = make_collection(
        [first, without_photo, draft, french],
        title="Devenir français",
        introduction="<p>Des chemins <b>différents</b> &amp; une même fête.</p>",
    )
    response, document = fetch(client, collection_url(collection))
    assert response.status_code == 200
    assert document["type"] == "Collection"
    assert document["label"] == {"fr": ["Devenir français"]}
    assert document["summary"] == {"fr": ["Des chemins différents & une même fête."]}
    assert document["homepage"][0]["id"] == f"http://testserver{collection.url}"
    assert document["items"] == [
        {
            "id": f"http://testserver{manifest_url(first)}",
            "type": "Manifest",
            "label": {"fr": ["Bérénice, Le marché"]},
        },
        {
            "id": f"http://testserver{manifest_url(french)}",
            "type": "Manifest",
            "label": {
                "fr": ["Amina, Cuisiner pour se sentir chez soi"],
                "en": ["Amina, Cooking to feel at home"],
            },
        },
    ]
    for item in document["items"]:
        assert fetch(client, urlsplit(item["id"]).path)[0].status_code == 200
    assert_tells_nothing_more(document)

    collection.unpublish()
    assert client.get(collection_url(collection)).status_code == 404


@pytest.mark.django_db
def test_documents_follow_the_official_schema(client, exhibition, make_collection, person):
    validator, missing = schema_validator()
    if validator is None:
        pytest.skip(missing)
    french, _english = person
    _, manifest = fetch(client, manifest_url(french))  # fetch() validates them
    _, collection = fetch(client, collection_url(make_collection([french])))
    assert schema_errors(manifest) == schema_errors(collection) == []
    # The schema is strict where IIIF is: rights only as http Creative Commons or
    # RightsStatements.org addresses, a canvas with its size.
    broken = {**manifest, "rights": "https://creativecommons.org/licenses/by/4.0/"}
    assert schema_errors(broken)
    canvas = {k: v for k, v in manifest["items"][0].items() if k != "height"}
    assert schema_errors({**manifest, "items": [canvas]})


@pytest.mark.django_db
def test_a_collection_costs_the_same_queries_whatever_its_size(
    client, exhibition, make_collection, make_portraits
):
    """And makes no rendition: it only names its manifests."""
    small = make_collection(make_portraits(2))
    large = make_collection(make_portraits(8))
    counts = {}
    for collection in (small, large):
        client.get(collection_url(collection))  # the site's routes are then known
        with CaptureQueriesContext(connection) as queries:
            _response, document = fetch(client, collection_url(collection))
        counts[len(document["items"])] = len(queries)
        assert not any("rendition" in query["sql"] for query in queries.captured_queries)
    assert counts[2] == counts[8] <= 4, counts
    assert not ExhibitionRendition.objects.exists()

    # A manifest reads its two renditions (made here, prepared at publication elsewhere).
    portrait = large.entries.first().portrait
    client.get(manifest_url(portrait))
    with CaptureQueriesContext(connection) as queries:
        fetch(client, manifest_url(portrait))
    assert len(queries) <= 3, [query["sql"] for query in queries.captured_queries]


# The page cache ----------------------------------------------------------------------------------


def cached(client, url):
    """The document at `url`, asked twice: stored by the page cache, then answered from it,
    with the headers a viewer on another site needs."""
    assert client.get(url)["X-Page-Cache"] == "miss"
    response, document = fetch(client, url)  # fetch() checks the type and CORS headers
    assert response["X-Page-Cache"] == "hit"
    status, headers, _body = before_django(url)  # and the front before Django (config/wsgi.py)
    assert status == "200 OK" and headers["Access-Control-Allow-Origin"] == "*"
    assert headers["Content-Type"] == CONTENT_TYPE
    return document


@pytest.mark.django_db
def test_an_edit_of_a_portrait_is_in_its_manifest_and_collection_at_once(
    client, page_cache, exhibition, make_collection, person, django_capture_on_commit_callbacks
):
    """As the pages showing it, they are deleted from the cache; every other page stays."""
    french, _english = person
    waiting = no_photo(PortraitPageFactory(parent=exhibition, display_name="Bérénice"))
    other = PortraitPageFactory(parent=exhibition)
    collection = make_collection([french, waiting])
    cached(client, manifest_url(french))
    cached(client, manifest_url(other))
    assert len(cached(client, collection_url(collection))["items"]) == 1
    with django_capture_on_commit_callbacks(execute=True):
        french.display_name = "Aminata"
        french.quote = "Une citation corrigée."
        french.save_revision().publish()
        waiting = PortraitPage.objects.get(pk=waiting.pk)
        waiting.photo = ExhibitionImageFactory()
        waiting.save_revision().publish()
    response, manifest = fetch(client, manifest_url(french))
    assert response["X-Page-Cache"] == "miss"
    assert manifest["summary"]["fr"] == ["Une citation corrigée."]
    _, document = fetch(client, collection_url(collection))
    assert [item["label"]["fr"][0] for item in document["items"]] == [
        "Aminata, Cuisiner pour se sentir chez soi",
        f"Bérénice, {waiting.title}",
    ]
    assert client.get(manifest_url(other))["X-Page-Cache"] == "hit"


def unpublish(portrait):
    for page in portrait.get_translations(inclusive=True):  # one left live keeps its manifest
        page.unpublish()


def end_consent(portrait):
    portrait.consent.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    portrait.consent.save()


@pytest.mark.parametrize("take_down", [unpublish, end_consent, withdraw])
@pytest.mark.django_db
def test_a_portrait_taken_down_leaves_its_manifest_and_collection_at_once(
    client,
    page_cache,
    exhibition,
    make_collection,
    person,
    take_down,
    django_capture_on_commit_callbacks,
):
    french, english = person
    stays = PortraitPageFactory(parent=exhibition, display_name="Bérénice")
    collection = make_collection([french, stays])
    urls = [manifest_url(french), manifest_url(english)]  # one address for every language
    cached(client, urls[0])
    assert len(cached(client, collection_url(collection))["items"]) == 2

    with django_capture_on_commit_callbacks(execute=True):
        take_down(french)

    for url in urls:
        assert client.get(url).status_code == 404
        assert before_django(url) is None  # nothing stored answers it any more
    response, document = fetch(client, collection_url(collection))
    assert response["X-Page-Cache"] == "miss"
    assert [item["id"] for item in document["items"]] == [f"http://testserver{manifest_url(stays)}"]


# In a real IIIF viewer ---------------------------------------------------------------------------


def mirador():
    """Mirador's UMD bundle, fetched once with npm into CACHE; None when npm cannot."""
    folder = CACHE / f"mirador-{MIRADOR}"
    bundle = folder / "mirador.min.js"
    if bundle.exists():
        return folder
    npm = shutil.which("npm")
    if npm is None:
        return None
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE) as work:
        packed = subprocess.run(
            [npm, "pack", f"mirador@{MIRADOR}", "--silent", "--pack-destination", work],
            capture_output=True, text=True, timeout=180,
        )  # fmt: skip
        if packed.returncode != 0:
            return None
        shutil.unpack_archive(Path(work) / packed.stdout.strip().splitlines()[-1], work)
        made = Path(work) / "made"
        made.mkdir()
        for name in ("dist/mirador.min.js", "LICENSE"):
            shutil.copy(Path(work) / "package" / name, made)
        with contextlib.suppress(OSError):  # another run may have put it there meanwhile
            os.replace(made, folder)
    return folder if bundle.exists() else None


VIEWER_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Mirador</title></head>
<body style="margin:0"><div id="viewer" style="position:absolute;inset:0"></div>
<script src="mirador.min.js"></script>
<script>
  const manifest = new URLSearchParams(location.search).get("manifest");
  Mirador.viewer({
    id: "viewer", windows: [{manifestId: manifest}],
    window: {sideBarOpen: false, allowClose: false}, workspaceControlPanel: {enabled: false},
  });
</script></body></html>
"""


@pytest.fixture
def viewer_site(tmp_path):
    """Mirador, served from a second local address: another origin than the site's."""
    folder = mirador()
    if folder is None:
        pytest.skip(f"npm could not fetch mirador@{MIRADOR} (no npm, or no registry)")
    shutil.copy(folder / "mirador.min.js", tmp_path)
    (tmp_path / "index.html").write_text(VIEWER_PAGE)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=tmp_path)
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def share_of_colour(png, colour, tolerance=24):
    """The share of a screenshot's pixels within `tolerance` of `colour` on every channel."""
    shot = Image.open(io.BytesIO(png)).convert("RGB")
    red, green, blue = ImageChops.difference(shot, Image.new("RGB", shot.size, colour)).split()
    farthest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    return sum(farthest.histogram()[:tolerance]) / (shot.width * shot.height)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_mirador_on_another_site_draws_the_portrait(
    restore_migrated_data, live_server, viewer_site, browser, exhibition
):
    portrait = PortraitPageFactory(
        parent=exhibition,
        photo=ExhibitionImageFactory(file__width=600, file__height=800, file__color=PHOTO_HEX),
    )
    address = f"{live_server.url}{manifest_url(portrait)}"
    with urllib.request.urlopen(address, timeout=30) as answer:
        painted = json.load(answer)["items"][0]["items"][0]["items"][0]["body"]["id"]

    context = browser.new_context(viewport={"width": 1000, "height": 800})
    page = context.new_page()
    try:
        with page.expect_response(lambda response: response.url == painted, timeout=30_000) as got:
            page.goto(f"{viewer_site}/index.html?manifest={quote(address, safe='')}")
        assert got.value.status == 200
        page.wait_for_selector(".openseadragon-canvas canvas", timeout=30_000)
        # Drawn: a good part of the viewer is the photo's colour (OpenSeadragon fades it in).
        share = 0.0
        for _attempt in range(40):
            share = share_of_colour(page.screenshot(), PHOTO_COLOUR)
            if share > 0.1:
                break
            page.wait_for_timeout(250)
        assert share > 0.1, f"the photo covers {share:.1%} of the viewer"
    finally:
        context.close()
