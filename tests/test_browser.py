"""Visitors in a real browser (Debian's Chromium): touring, accessibility, weight.

The tests share one demo exhibition, loaded once for the module and served on loopback (see
`demo_site`): they only read it.
"""

import io
import re
from io import StringIO
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from PIL import Image
from playwright.sync_api import expect

from gallery.models import ExhibitionImage, PortraitPage
from home.models import HomePage

from .conftest import empty_media_root, reset_database

pytestmark = [
    pytest.mark.browser,
    # Each test runs in a transaction rolled back afterwards, so none can change the shared
    # demo for the next (it is committed before the first test; see `demo_site`).
    pytest.mark.django_db,
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

# Every kind of public page, as the visitor reaches it.
PAGES = {
    "home": "/",
    "exhibition": "/exposition/",
    "exhibition, filtered": "/exposition/?etape=ceremonie-citoyennete&pays=VN",
    "portrait": "/exposition/hamid/",
    "collection": "/collections/devenir-francais/",
    "tour in a collection": "/collections/devenir-francais/rosa/",
    "end of a tour": "/collections/devenir-francais/samuel/",
    "collections": "/collections/",
    "integration path": "/parcours/",
    "stage": "/parcours/entretien-assimilation/",
    "search": "/recherche/?q=cuisine",
    "search, no result": "/recherche/?q=zzz",
    "accessibility statement": "/accessibilite/",
    "page not found": "/cette-page-n-existe-pas/",
    "bad filter": "/exposition/?etape=inconnue",
    "portrait, in Arabic": "/ar/exposition/hamid/",
}


@pytest.fixture(scope="module")
def demo_site(browser, django_db_setup, migrated_data, django_db_blocker):
    """The demo exhibition, loaded once for this module and served on loopback.

    Loading it takes half a minute (images, and their renditions made as at publication), so
    the tests share one load. It is committed, outside any test's transaction, because the
    server's threads read it over connections of their own (on PostgreSQL; in-memory SQLite
    shares this thread's connection). Afterwards the database holds the migrations' rows
    again and the media folder is emptied, as for any other test: nothing of the demo is
    left for the next modules.
    """
    from pytest_django.live_server_helper import LiveServer

    # After `browser`: once Playwright runs, this thread has another connection object, the
    # one the server must share on in-memory SQLite.
    with django_db_blocker.unblock():
        if not HomePage.objects.exists():  # a transactional test emptied the database
            assert migrated_data, "the migrations' rows were not serialized: cannot restore"
            reset_database(migrated_data)
        before = connections[DEFAULT_DB_ALIAS].creation.serialize_db_to_string()
        try:
            call_command("load_exhibition", stdout=StringIO())
            # Demo illustrations compress very well; a real photograph does not. Hamid has
            # one, for the weight budget to mean something.
            hamid = PortraitPage.objects.get(slug="hamid")
            hamid.photo = ExhibitionImage.objects.create(
                title="Photographie", file=photograph(), alt_text="Photographie de test"
            )
            hamid.save_revision().publish()
            server = LiveServer("localhost")
        except BaseException:
            reset_database(before)
            empty_media_root()
            raise
    server._live_server_modified_settings.enable()
    yield server.url
    server._live_server_modified_settings.disable()
    server.stop()
    with django_db_blocker.unblock():
        reset_database(before)
    empty_media_root()


@pytest.fixture
def site(demo_site):
    return demo_site


def new_page(browser, viewport, **options):
    context = browser.new_context(viewport=viewport, locale="fr-FR", **options)
    return context.new_page()


def test_visitor_goes_from_home_to_a_portrait(site, phone):
    requested_hosts = set()
    phone.on("request", lambda request: requested_hosts.add(urlsplit(request.url).netloc))

    phone.goto(site)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Histoire de s'intégrer")
    phone.get_by_role("link", name="Voir tous les portraits").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("L'exposition")
    phone.get_by_role("link", name=re.compile(r"^Leïla")).click()

    expect(phone.get_by_role("heading", level=1)).to_contain_text("Leïla")
    photo = phone.locator(".portrait__photo img")
    expect(photo).to_be_visible()
    photo.scroll_into_view_if_needed()
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0"), "the photo loaded"
    assert photo.get_attribute("alt").startswith("Illustration générée")
    expect(phone.get_by_role("heading", name="Témoignage")).to_be_visible()
    expect(phone.locator(".testimony")).to_contain_text("micro-crèche")

    # The visit goes on to the next portrait.
    phone.get_by_role("link", name=re.compile("Portrait suivant")).click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Selin")

    assert requested_hosts == {urlsplit(site).netloc}, "no third-party request"


def test_every_page_is_accessible_on_phone_and_desktop(site, browser):
    """axe-core finds no violation at 390x844 and 1280x800, and pages reflow (below)."""
    axe = Axe()
    violations = {}
    for viewport in (PHONE, DESKTOP):
        page = new_page(browser, viewport)
        for name, path in PAGES.items():
            page.goto(site + path)
            for violation in axe.run(page).response["violations"]:
                targets = [node["target"] for node in violation["nodes"]][:3]
                key = f"{name} at {viewport['width']}px"
                violations.setdefault(key, []).append(f"{violation['id']}: {targets}")
        page.context.close()
    assert violations == {}
    assert_keyboard_users_see_where_they_are(site, browser)
    assert_pages_reflow(site, browser)


def assert_keyboard_users_see_where_they_are(site, browser):
    """The first Tab reveals the skip link; every focused control shows a focus ring."""
    page = new_page(browser, PHONE)
    page.goto(site + "/exposition/hamid/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
    for _ in range(8):
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("", "none"), page.evaluate("document.activeElement.outerHTML")
    page.context.close()


def assert_pages_reflow(site, browser):
    """No horizontal scrolling on a 320 px screen, or at 200 % zoom (640 CSS px), or with
    text alone enlarged to 200 %."""
    overflowing = []
    scroll_width = "document.documentElement.scrollWidth - window.innerWidth"
    for viewport, text_zoom in (
        ({"width": 320, "height": 640}, False),
        ({"width": 640, "height": 400}, False),
        (DESKTOP, True),
    ):
        page = new_page(browser, viewport)
        for name, path in PAGES.items():
            page.goto(site + path)
            if text_zoom:
                page.evaluate("document.documentElement.style.fontSize = '200%'")
            if (overflow := page.evaluate(scroll_width)) > 0:
                overflowing.append(f"{name} at {viewport['width']}px: {overflow}px too wide")
        page.context.close()
    assert overflowing == []


def test_guided_tour_and_photo_viewer_by_keyboard(site, browser):
    page = new_page(browser, DESKTOP)
    page.goto(site + "/collections/devenir-francais/")
    page.get_by_role("link", name="Commencer la visite de cette collection").click()
    expect(page).to_have_url(re.compile(r"/collections/devenir-francais/farida/$"))
    expect(page.locator(".tour-nav__count")).to_contain_text("1 / 5")

    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"/collections/devenir-francais/hamid/$"))
    page.keyboard.press("ArrowRight")
    expect(page.locator(".tour-nav__count")).to_contain_text("3 / 5")
    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(re.compile(r"/hamid/$"))

    # The address holds the position: a reload, or the link shared with a class, keeps it.
    page.reload()
    expect(page.locator(".tour-nav__count")).to_contain_text("2 / 5")
    shared = new_page(browser, PHONE)
    shared.goto(page.url)
    expect(shared.locator(".tour-nav__count")).to_contain_text("2 / 5")

    # Typing in the search field does not turn pages.
    page.locator("#site-search-query").fill("x")
    page.locator("#site-search-query").press("ArrowRight")
    expect(page).to_have_url(re.compile(r"/hamid/$"))

    # The last portrait offers the next collection, or the start again.
    page.goto(site + "/collections/devenir-francais/samuel/")
    expect(page.locator(".tour-end")).to_be_visible()
    page.get_by_role("link", name="Continuer avec la collection « En famille »").click()
    expect(page).to_have_url(re.compile(r"/collections/en-famille/leila/$"))
    page.goto(site + "/collections/devenir-francais/samuel/")
    page.get_by_role("link", name="Recommencer la visite").click()
    expect(page).to_have_url(re.compile(r"/collections/devenir-francais/farida/$"))
    page.context.close()
    shared.context.close()
    assert_photo_viewer_works_by_keyboard_and_without_javascript(site, browser)


def assert_photo_viewer_works_by_keyboard_and_without_javascript(site, browser):
    page = new_page(browser, PHONE)
    page.goto(site + "/exposition/hamid/")
    opener = page.get_by_role("link", name=re.compile("Agrandir la photo"))
    opener.focus()
    page.keyboard.press("Enter")

    viewer = page.get_by_role("dialog")
    expect(viewer).to_be_visible()
    big = viewer.locator("img")
    expect(big).to_be_visible()
    big.evaluate("img => img.decode()")  # waits for the large image to arrive
    assert big.evaluate("img => img.complete && img.naturalWidth > 1000"), "the large image"
    for _ in range(6):  # focus stays inside the viewer
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('dialog') !== null")
    width = big.evaluate("img => img.getBoundingClientRect().width")
    page.keyboard.press("+")
    expect(viewer.locator("output")).to_have_text("200 %")
    assert big.evaluate("img => img.getBoundingClientRect().width") == pytest.approx(2 * width, 1)

    page.keyboard.press("Escape")
    expect(viewer).to_be_hidden()
    assert page.evaluate("document.activeElement.classList.contains('photo-viewer__open')")
    page.context.close()

    no_js = new_page(browser, PHONE, java_script_enabled=False)
    no_js.goto(site + "/exposition/hamid/")
    with no_js.expect_navigation() as navigation:
        no_js.get_by_role("link", name=re.compile("Agrandir la photo")).click()
    response = navigation.value
    assert response.status == 200 and response.headers["content-type"] == "image/jpeg"
    no_js.context.close()


def transferred_bytes(page):
    return page.evaluate(
        """() => performance.getEntriesByType('navigation')
                 .concat(performance.getEntriesByType('resource'))
                 .reduce((sum, entry) => sum + entry.transferSize, 0)"""
    )


# Budgets for the first load on a phone (390x844, empty cache), in kilobytes transferred.
WEIGHT_BUDGETS_KB = {"/exposition/hamid/": 250, "/exposition/": 500, "/": 500}


def test_first_load_on_a_phone_stays_within_budget(site, browser):
    weights = {}
    for path in WEIGHT_BUDGETS_KB:
        page = new_page(browser, PHONE)
        page.goto(site + path, wait_until="networkidle")
        weights[path] = round(transferred_bytes(page) / 1024)
        page.context.close()
    print("first load at 390x844 (KB):", weights)
    over = {path: kb for path, kb in weights.items() if not 0 < kb <= WEIGHT_BUDGETS_KB[path]}
    assert over == {}, f"over budget {WEIGHT_BUDGETS_KB}"


def photograph(size=(3000, 2000)):
    """A JPEG as hard to compress as a camera's: gradients, texture and grain."""
    grain = Image.effect_noise(size, 40).convert("L")
    gradient = Image.linear_gradient("L").resize(size)
    image = Image.merge("RGB", (gradient, grain, Image.effect_mandelbrot(size, (-2, -1, 1, 1), 60)))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    return SimpleUploadedFile("DSC01234.jpg", buffer.getvalue(), "image/jpeg")
