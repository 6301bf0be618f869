"""Other sites may frame a portrait's or a collection's card (`integrer/`), found by oEmbed
(/oembed/), and nothing else of the site; the card goes when consent does."""

import datetime
import functools
import json
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Locale

from gallery.models import Consent, ExhibitionImage, PortraitPage
from gallery.sharing.embeds import FRAME_SIZES
from gallery.withdrawal import withdraw
from infra.page_cache import VERSION_KEY, announce_change

from .factories import PortraitPageFactory
from .test_browser import LOW_CONTRAST_TEXT, photograph
from .test_full_name import FULL_NAME
from .test_http_caching import before_django

SITE = "http://localhost"  # the default site's own address (home migration)


def embed_url(page):
    return page.url + "integrer/"


def oembed(client, url, **params):
    return client.get("/oembed/", {"url": url, **params})


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def portrait(exhibition):
    return PortraitPageFactory(
        parent=exhibition,
        display_name="Nour",
        title="Apprendre en cuisinant",
        quote="Le français, je l'ai appris au marché.",
        consent__full_name=FULL_NAME,
    )


# The card ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_portraits_card_shows_who_what_and_where_to_read_more(client, portrait):
    response = client.get(embed_url(portrait))
    assert response.status_code == 200
    html = soup(response)
    text = html.get_text(" ", strip=True)
    for shown in ("Nour", "Apprendre en cuisinant", "Le français, je l'ai appris au marché."):
        assert shown in text
    assert portrait.stage.name in text
    link = html.select_one("a[target=_blank]")
    assert link["href"] == portrait.url and link["rel"] == ["noopener"]
    assert "nouvel onglet" in link.get_text()
    sources = html.select("picture source")
    assert {s["type"] for s in sources} == {"image/avif", "image/webp"}
    assert all(s["sizes"] == "8rem" for s in sources)
    assert html.select_one("img")["alt"] == portrait.photo.alt_text
    assert (html.html["lang"], html.html["dir"]) == ("fr", "ltr")
    # Its own small page: none of the site's header, footer, switcher, user bar or scripts.
    assert not html.select("header, footer, nav, script, .skip-link, [style]")
    assert [link["href"] for link in html.select("link[rel=stylesheet]")] == [
        "/static/css/embed.css"
    ]
    assert response.cookies == {} and "Set-Cookie" not in response
    assert "Portrait fictif" not in text


@pytest.mark.django_db
def test_a_fictional_portraits_card_says_so(client, exhibition):
    fictional = PortraitPageFactory(parent=exhibition, is_fictional=True)
    notice = soup(client.get(embed_url(fictional))).select_one("[role=note]")
    assert notice and "Portrait fictif." in notice.get_text()


@pytest.mark.django_db
def test_an_arabic_portraits_card_reads_right_to_left(client, portrait):
    arabic = portrait.copy_for_translation(
        Locale.objects.create(language_code="ar"), copy_parents=True
    )
    arabic.save_revision().publish()
    assert embed_url(arabic).startswith("/ar/")
    html = soup(client.get(embed_url(arabic)))
    assert (html.html["lang"], html.html["dir"]) == ("ar", "rtl")
    assert "Nour" in html.get_text()
    answer = oembed(client, arabic.get_full_url()).json()
    assert f'src="{arabic.get_full_url()}integrer/"' in answer["html"]


@pytest.mark.django_db
def test_a_collections_card_shows_its_first_visible_portraits(client, exhibition, make_collection):
    portraits = [PortraitPageFactory(parent=exhibition) for _ in range(8)]
    draft = PortraitPageFactory(parent=exhibition, live=False, display_name="Brouillon")
    fictional = portraits[1]
    fictional.is_fictional = True
    fictional.save_revision().publish()
    collection = make_collection([draft, *portraits], title="Apprendre le français")
    response = client.get(embed_url(collection))
    assert response.status_code == 200 and response.cookies == {}
    html = soup(response)
    names = [n.get_text() for n in html.select(".embed__portrait-name")]
    assert names == [p.display_name for p in portraits[:6]]
    assert len(html.select(".embed__badge")) == 1  # the fictional one says so
    text = html.get_text(" ", strip=True)
    assert "Apprendre le français" in text and "Ce qui relie ces portraits." in text
    link = html.select_one("a[target=_blank]")
    assert link["href"] == collection.url and "8 portraits" in link.get_text()


# Framing ----------------------------------------------------------------------------------------


def frame_ancestors(headers):
    policy = headers.get("Content-Security-Policy", "")
    directives = dict(part.strip().partition(" ")[::2] for part in policy.split(";"))
    return directives.get("frame-ancestors")


@pytest.mark.django_db
@pytest.mark.parametrize("cache", ["no page cache", "page cache"])
def test_only_the_cards_may_be_framed_direct_or_from_the_cache(
    client, request, portrait, make_collection, cache
):
    collection = make_collection([portrait])
    if cache == "page cache":
        request.getfixturevalue("page_cache")
    cards = [embed_url(portrait), embed_url(collection)]
    pages = [portrait.url, collection.url, portrait.get_parent().url, "/"]
    for url in cards + pages:
        first, second = client.get(url), client.get(url)
        framed = url in cards
        for response in (first, second):
            assert response.status_code == 200, url
            if framed:
                assert frame_ancestors(response) == "*", url
                assert "X-Frame-Options" not in response, url
            else:
                assert frame_ancestors(response) == "'none'", url
                assert response["X-Frame-Options"] == "DENY", url
        if cache == "page cache":
            assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit"), url
            status, headers, _body = before_django(url)  # config/wsgi.py's front
            assert status == "200 OK" and headers["X-Page-Cache"] == "hit"
            assert frame_ancestors(headers) == frame_ancestors(first), url
            assert headers.get("X-Frame-Options") == first.get("X-Frame-Options"), url
            assert headers["Content-Security-Policy"] == first["Content-Security-Policy"]


# oEmbed -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_oembed_answers_a_rich_frame_of_the_card(client, portrait):
    page_url = portrait.get_full_url()
    assert page_url.startswith(SITE)
    response = oembed(client, page_url, format="json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    answer = response.json()
    assert answer["type"] == "rich" and answer["version"] == "1.0"
    assert answer["title"] == "Nour, Apprendre en cuisinant"
    assert answer["provider_name"] == "Histoire de s'intégrer"
    assert answer["provider_url"] == f"{SITE}/"
    assert (answer["width"], answer["height"]) == (480, 360)
    frame = BeautifulSoup(answer["html"], "html.parser").iframe
    assert frame["src"] == page_url + "integrer/"
    assert (frame["width"], frame["height"]) == ("480", "360")
    assert frame["title"] == answer["title"] and frame["loading"] == "lazy"
    assert answer["thumbnail_url"].startswith(f"{SITE}/media/images/")
    assert client.get(answer["thumbnail_url"].removeprefix(SITE)).status_code == 200
    assert answer["thumbnail_width"] > 0 and answer["thumbnail_height"] > 0
    assert 0 < answer["cache_age"] <= 3600


@pytest.mark.django_db
def test_oembed_of_a_collection_and_of_the_address_a_visitor_used(
    client, portrait, make_collection
):
    collection = make_collection([portrait], title="Apprendre le français")
    answer = oembed(client, f"http://testserver{collection.url}").json()
    assert answer["title"] == "Apprendre le français"
    assert (answer["width"], answer["height"]) == (560, 420)
    assert "/integrer/" in answer["html"] and "thumbnail_url" in answer
    # Without its last slash, as people copy addresses.
    assert oembed(client, portrait.get_full_url().rstrip("/")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("bounds", "size"),
    [
        ({"maxwidth": "300"}, (300, 576)),  # narrower, so taller: the card reflows
        ({"maxwidth": "300", "maxheight": "400"}, (300, 400)),
        ({"maxheight": "200"}, (480, 200)),
        ({"maxwidth": "1000", "maxheight": "1000"}, (480, 360)),  # never larger than the card
        ({"maxwidth": "40", "maxheight": "30"}, (40, 30)),  # clamped, not refused
    ],
)
def test_oembed_keeps_within_maxwidth_and_maxheight(client, portrait, bounds, size):
    answer = oembed(client, portrait.get_full_url(), **bounds).json()
    assert (answer["width"], answer["height"]) == size
    frame = BeautifulSoup(answer["html"], "html.parser").iframe
    assert (int(frame["width"]), int(frame["height"])) == size


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"format": "xml"}, 501, "json"),
        ({"url": ""}, 400, "« url » est obligatoire"),
        ({"url": "pas une adresse"}, 400, "http ou https"),
        ({"url": "ftp://localhost/exposition/"}, 400, "http ou https"),
        ({"url": "http://localhost:port/"}, 400, "http ou https"),
        ({"maxwidth": "large"}, 400, "maxwidth"),
        ({"maxheight": "0"}, 400, "maxheight"),
    ],
)
def test_oembed_says_what_is_wrong_with_a_request(client, portrait, params, status, message):
    response = client.get("/oembed/", {"url": portrait.get_full_url(), **params})
    assert response.status_code == status
    assert message in response.content.decode()


@pytest.mark.django_db
def test_oembed_knows_only_visible_portraits_and_collections_of_this_site(
    client, portrait, exhibition, make_collection
):
    draft = PortraitPageFactory(parent=exhibition, live=False)
    collection = make_collection([portrait])
    refused = [
        f"http://ailleurs.example{portrait.url}",  # another host
        f"{SITE}:8080{portrait.url}",  # another port
        f"{SITE}{exhibition.url}{draft.slug}/",  # not published
        f"{SITE}/exposition/personne/",
        f"{SITE}{exhibition.url}",  # a page, but no portrait or collection
        f"{SITE}/",
        f"{SITE}{portrait.url}fiche/",  # one of its routes, not the portrait itself
        f"{SITE}{portrait.url}integrer/",
        f"{SITE}{collection.url}{portrait.slug}/",
        f"{SITE}/recherche/",
        f"{SITE}/oembed/",
    ]
    for url in refused:
        assert oembed(client, url).status_code == 404, url
    assert oembed(client, f"{SITE}{portrait.url}").status_code == 200


@pytest.mark.django_db
def test_the_full_name_is_in_no_card_and_no_oembed_answer(client, portrait, make_collection):
    collection = make_collection([portrait])
    for page in (portrait, collection):
        card, answer = client.get(embed_url(page)), oembed(client, page.get_full_url())
        assert card.status_code == answer.status_code == 200
        assert "Nour" in card.content.decode()
        for text in (card.content.decode(), json.dumps(answer.json(), ensure_ascii=False)):
            for part in ("Amina", "Haddad"):
                assert part not in text, part


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert oembed(client, url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_oembed_costs_the_same_queries_whatever_the_number_of_portraits(
    client, portrait, exhibition, make_collection
):
    collection = make_collection([portrait])
    urls = [portrait.get_full_url(), collection.get_full_url()]
    for url in urls:
        count_queries(client, url)  # the first answer makes the thumbnails' renditions
    few = [count_queries(client, url) for url in urls]
    others = [PortraitPageFactory(parent=exhibition) for _ in range(6)]
    for other in others:
        collection.entries.create(portrait=other)
    collection.save_revision().publish()
    many = [count_queries(client, url) for url in urls]
    print("oEmbed queries (portrait, collection):", few, many)
    assert many == few and max(few) <= 12


# Discovery ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_portrait_and_collection_pages_link_to_their_oembed_answer(
    client, portrait, exhibition, make_collection
):
    collection = make_collection([portrait])
    for page in (portrait, collection):
        link = soup(client.get(page.url)).select_one('link[type="application/json+oembed"]')
        assert link["rel"] == ["alternate"]
        assert link["href"] == f"{SITE}/oembed/?" + urlencode(
            {"url": page.get_full_url(), "format": "json"}
        )
        assert link["title"] == (
            "Nour, Apprendre en cuisinant" if page is portrait else collection.title
        )
        assert oembed(client, page.get_full_url()).status_code == 200
    for url in (exhibition.url, "/", "/recherche/?q=cuisine"):
        assert not soup(client.get(url)).select('link[type="application/json+oembed"]'), url


# Consent and the page cache -----------------------------------------------------------------------


def end_of_consent_reached(portrait):
    """What the passing of time does to a portrait whose consent ends, before publish_scheduled
    runs: still live, past its end, and the content version (which ended then) gone."""
    PortraitPage.objects.filter(pk=portrait.pk).update(
        expire_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    Consent.objects.filter(pk=portrait.consent.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    caches["pages"].delete(VERSION_KEY)  # Redis's doing at the version's end
    # And the clock's, in every process: none trusts what it read past the version's end
    # (infra/announcements.py), here passed without the clock.
    announce_change()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change", ["unpublished", "consent ended", "end of consent reached", "withdrawn"]
)
def test_a_portrait_taken_down_leaves_its_cards_and_oembed_at_once(
    client, page_cache, portrait, exhibition, make_collection, change,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    stays = PortraitPageFactory(parent=exhibition, display_name="Bérénice")
    collection = make_collection([portrait, stays])
    if change == "end of consent reached":
        with django_capture_on_commit_callbacks(execute=True):
            portrait.consent.valid_until = timezone.localdate() + datetime.timedelta(days=3)
            portrait.consent.save()
    card, page_url = embed_url(portrait), portrait.get_full_url()
    for url in (card, embed_url(collection)):
        client.get(url)
        response = client.get(url)
        assert response["X-Page-Cache"] == "hit" and "Nour" in response.content.decode()
        assert before_django(url) is not None  # answered from the store, before Django
    answer = oembed(client, page_url)
    # Made afresh for every request: its address has a query no stored page has.
    assert answer.status_code == 200 and "X-Page-Cache" not in answer
    assert "no-cache" in answer["Cache-Control"]

    with django_capture_on_commit_callbacks(execute=True):
        if change == "unpublished":
            portrait.unpublish()
        elif change == "consent ended":
            portrait.consent.valid_until = timezone.localdate() - datetime.timedelta(days=1)
            portrait.consent.save()
        elif change == "end of consent reached":
            end_of_consent_reached(portrait)
        else:
            withdraw(portrait)

    assert before_django(card) is None
    assert client.get(card).status_code == 404
    assert oembed(client, page_url).status_code == 404
    html = client.get(embed_url(collection)).content.decode()
    assert "Nour" not in html and "Bérénice" in html


@pytest.mark.django_db
def test_an_edit_of_a_portrait_shows_at_once_on_the_cards_showing_it(
    client, page_cache, portrait, make_collection, django_capture_on_commit_callbacks
):
    collection = make_collection([portrait])
    cards = [embed_url(portrait), embed_url(collection)]
    for url in cards:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        portrait.display_name = "Nourhane"
        portrait.quote = "Une citation corrigée."
        portrait.save_revision().publish()
    for url in cards:
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss" and "Nourhane" in response.content.decode()
    assert "Une citation corrigée." in client.get(cards[0]).content.decode()


# In a browser, on another site ------------------------------------------------------------------


@pytest.fixture
def other_site(tmp_path):
    """A tiny site on a second loopback port: `put(html)` serves it at the returned address."""
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def put(html):
        (tmp_path / "index.html").write_text(html, encoding="utf-8")
        return f"http://127.0.0.1:{server.server_address[1]}/index.html"

    yield put
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


FRAMES = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Le blog d'une classe</title></head>
<body>
<iframe name="card" src="{card}" width="480" height="360" title="Carte"></iframe>
<iframe name="page" src="{page}" width="480" height="360" title="Page"></iframe>
</body></html>"""

PHONE, DESKTOP = {"width": 375, "height": 667}, {"width": 1280, "height": 800}
BUDGET_BYTES = 60 * 1024


def transferred(page):
    """(name, bytes over the wire) of the document and each resource it loaded."""
    return page.evaluate(
        """() => performance.getEntriesByType('navigation')
                 .concat(performance.getEntriesByType('resource'))
                 .map((entry) => [entry.name, entry.transferSize])"""
    )


@pytest.fixture
def framed(restore_migrated_data, live_server, exhibition, make_collection):
    """A portrait with a photograph as hard to compress as a camera's, in a collection of
    six, served by the live server: (the portrait card's, its page's, the collection card's
    absolute addresses)."""
    photo = ExhibitionImage.objects.create(
        title="Photographie", file=photograph(), alt_text="Une femme sourit derrière un étal"
    )
    portrait = PortraitPageFactory(
        parent=exhibition,
        photo=photo,
        display_name="Nour",
        quote="Le français, je l'ai appris au marché.",
        is_fictional=True,
    )
    others = [PortraitPageFactory(parent=exhibition) for _ in range(5)]
    collection = make_collection([portrait, *others])
    return [
        live_server.url + url for url in (embed_url(portrait), portrait.url, embed_url(collection))
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_another_site_frames_the_card_but_not_the_page(browser, other_site, framed):
    card, page_url, _collection = framed
    context = browser.new_context(viewport=DESKTOP, locale="fr-FR")
    tab = context.new_page()
    answered = {}
    tab.on("response", lambda response: answered.setdefault(response.url, response.status))
    tab.goto(other_site(FRAMES.format(card=card, page=page_url)), wait_until="load")
    # The card is in its frame, as a visitor of the other site sees it.
    shown = tab.frame(name="card")
    expect(shown.get_by_role("heading", level=1)).to_contain_text("Nour")
    expect(shown.locator("blockquote")).to_have_text("Le français, je l'ai appris au marché.")
    assert shown.evaluate("document.querySelector('img').naturalWidth") > 0
    # The page was sent, and Chromium refused to show it in a frame: its error page instead.
    assert answered.get(page_url) == 200
    refused = tab.frame(name="page")
    assert refused.url.startswith("chrome-error://")
    assert "Nour" not in refused.evaluate("document.body ? document.body.innerText : ''")
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_cards_are_accessible_and_light_on_a_phone_and_a_desktop(browser, framed):
    """axe-core finds nothing at 375 and 1280 px; every text stands out at 4.5:1 (axe skips
    some); the portrait card's first load stays under 60 KB whatever the screen's density."""
    portrait_card, _page, collection_card = framed
    axe = Axe()
    for url in (portrait_card, collection_card):
        for viewport in (PHONE, DESKTOP):
            context = browser.new_context(viewport=viewport, locale="fr-FR")
            tab = context.new_page()
            tab.goto(url, wait_until="networkidle")
            found = axe.run(tab).response["violations"]
            assert found == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in found]
            contrast = tab.evaluate(LOW_CONTRAST_TEXT, 4.5)
            assert contrast["checked"] >= 5 and contrast["found"] == [], (url, contrast)
            context.close()
    weights = {}
    for scale in (1, 3):  # the photo's size follows the screen's density
        context = browser.new_context(viewport=PHONE, device_scale_factor=scale)
        tab = context.new_page()
        tab.goto(portrait_card, wait_until="networkidle")
        weights[scale] = {url.rsplit("/", 1)[-1] or "card": size for url, size in transferred(tab)}
        context.close()
    print("portrait card, first load at 375 px, bytes by density:", weights)
    for scale, parts in weights.items():
        assert len(parts) == 3 and 0 < sum(parts.values()) <= BUDGET_BYTES, (scale, parts)
    # Each fits the frame oEmbed gives it by default, without scrolling.
    for url, (width, height) in zip(framed[::2], FRAME_SIZES.values(), strict=True):
        context = browser.new_context(viewport={"width": width, "height": height})
        tab = context.new_page()
        tab.goto(url)
        size = "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
        assert tab.evaluate(size) == [width, height], url
        context.close()
