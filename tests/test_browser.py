"""Visitors in a real browser (Debian's Chromium): touring, accessibility, weight.

The tests share one demo exhibition, loaded once for the module and served on loopback (see
`demo_site`): they only read it.
"""

import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from io import StringIO
from pathlib import Path
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

from .conftest import CHROMIUM, empty_media_root, reset_database

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
    "portrait with glossary words": "/exposition/thi-lan/",
    "portrait with a content note": "/exposition/leila/",
    "portrait, easy-read version": "/exposition/thi-lan/?lecture=facile",
    "glossary": "/glossaire/",
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
    "teacher packs": "/enseignants/",
    "teacher packs, filtered": "/enseignants/?niveau=cycle-4&matiere=emc",
    "teacher pack": "/enseignants/devenir-francais-les-etapes/",
    "teacher pack, for pupils": "/enseignants/apprendre-le-francais-trouver-un-metier/eleves/",
    "bad pack filter": "/enseignants/?niveau=inconnu",
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
    # Requests the browser left in flight (images of a resized page) finish first: their
    # threads close the shared connection, which is shareable only while the server runs.
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(timeout=30)
    server.stop()
    with django_db_blocker.unblock():
        reset_database(before)
        assert not ExhibitionImage.objects.exists(), "the demo is gone for the next tests"
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


def each_page(site, browser, paths):
    """(name, tab) for each page, loaded once: the checks resize the tab to each width
    (layout follows the viewport; no script of the site reads its size)."""
    page = new_page(browser, PHONE)
    for name, path in paths.items():
        page.goto(site + path)
        yield name, page
    page.context.close()


def test_every_page_is_accessible_on_phone_and_desktop(site, browser):
    """axe-core finds no violation at 390x844 and 1280x800, and pages reflow (below)."""
    axe = Axe()
    violations = {}
    for name, page in each_page(site, browser, PAGES):
        for viewport in (PHONE, DESKTOP):
            page.set_viewport_size(viewport)
            for violation in axe.run(page).response["violations"]:
                targets = [node["target"] for node in violation["nodes"]][:3]
                key = f"{name} at {viewport['width']}px"
                violations.setdefault(key, []).append(f"{violation['id']}: {targets}")
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
    for name, page in each_page(site, browser, PAGES):
        for viewport, text_zoom in (
            ({"width": 320, "height": 640}, False),
            ({"width": 640, "height": 400}, False),
            (DESKTOP, True),
        ):
            page.set_viewport_size(viewport)
            if text_zoom:
                page.evaluate("document.documentElement.style.fontSize = '200%'")
            if (overflow := page.evaluate(scroll_width)) > 0:
                overflowing.append(f"{name} at {viewport['width']}px: {overflow}px too wide")
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


def test_for_class_copy_the_citation_by_keyboard_and_scan_the_short_link(site, browser):
    """The copy button is reached and pressed with the keyboard, puts the citation on the
    clipboard and says so to screen readers; without JavaScript there is no button, and the
    citation is text to select. The QR code downloads; the short link opens the page."""
    context = browser.new_context(viewport=PHONE, locale="fr-FR")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page = context.new_page()
    page.goto(site + "/exposition/hamid/")
    box = page.get_by_role("complementary", name="Partager")
    citation = box.locator("#citation-text")
    expected = " ".join(citation.inner_text().split())
    assert "« Hamid," in expected and "consulté le" in expected
    button = box.get_by_role("button", name="Copier la citation")
    for _ in range(200):  # Tab through the page until the button has the focus
        page.keyboard.press("Tab")
        if button.evaluate("element => element === document.activeElement"):
            break
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(box.get_by_role("status")).to_have_text("Citation copiée.")
    assert page.evaluate("navigator.clipboard.readText()") == expected
    page.evaluate("navigator.clipboard.writeText('')")
    page.keyboard.press("Space")  # a real button: Space works too
    expect(box.get_by_role("status")).to_have_text("Citation copiée.")
    assert page.evaluate("navigator.clipboard.readText()") == expected

    # The QR code's PNG downloads under a name that says what it is.
    with page.expect_download() as download:
        box.get_by_role("link", name="PNG").click()
    assert re.fullmatch(r"qr-hamid-[a-z2-9]{6}\.png", download.value.suggested_filename)
    short_link = box.locator(".for-class__url a").get_attribute("href")
    context.close()

    # The demo's pages are in French only: the link opens them whatever the browser's
    # language (tests/test_short_links.py chooses among translations).
    arabic = browser.new_context(viewport=PHONE, locale="ar")
    reader = arabic.new_page()
    response = reader.goto(site + urlsplit(short_link).path)
    assert response.status == 200 and response.request.redirected_from is not None
    expect(reader).to_have_url(site + "/exposition/hamid/")
    arabic.close()

    no_js = new_page(browser, PHONE, java_script_enabled=False)
    no_js.goto(site + "/exposition/hamid/")
    expect(no_js.get_by_role("button", name="Copier la citation")).to_have_count(0)
    citation = no_js.locator("#citation-text")
    expect(citation).to_be_visible()
    assert citation.evaluate("element => getComputedStyle(element).userSelect") != "none"
    no_js.context.close()


def test_share_a_portrait_copy_its_address_and_embed_code_or_use_the_devices_share_sheet(
    site, browser
):
    """The share panel copies the page's address and the code that embeds its card (a frame
    other sites may show); the device's share sheet is offered only where the browser has
    one (not desktop Chromium: here a page script stands in for a phone's)."""
    context = browser.new_context(viewport=PHONE, locale="fr-FR")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page = context.new_page()
    page.goto(site + "/exposition/hamid/")
    panel = page.get_by_role("complementary", name="Partager")
    expect(panel.get_by_role("button", name="Partager…")).to_be_hidden()

    canonical = page.locator("link[rel=canonical]").get_attribute("href")  # the site's own host
    assert urlsplit(canonical).path == "/exposition/hamid/"
    address = panel.get_by_role("textbox", name="Adresse de la page")
    assert address.input_value() == canonical
    panel.get_by_role("button", name="Copier l’adresse").click()
    expect(panel.get_by_role("status")).to_have_text("Adresse copiée.")
    assert page.evaluate("navigator.clipboard.readText()") == address.input_value()

    code = panel.get_by_role("textbox", name="Intégrer sur un autre site")
    panel.get_by_role("button", name="Copier le code").click()
    expect(panel.get_by_role("status")).to_have_text("Code copié.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == code.input_value()
    frame_address = re.search(r'src="([^"]+)"', copied).group(1)
    assert frame_address == canonical + "integrer/"
    card = page.request.get(site + urlsplit(frame_address).path)
    assert card.status == 200 and "frame-ancestors *" in card.headers["content-security-policy"]
    context.close()

    phone = browser.new_context(viewport=PHONE, locale="fr-FR")
    phone.add_init_script(
        "navigator.share = (data) => { window.shared = data; return Promise.resolve(); };"
    )
    page = phone.new_page()
    page.goto(site + "/exposition/hamid/")
    panel = page.get_by_role("complementary", name="Partager")
    panel.get_by_role("button", name="Partager…").click()
    shared = page.evaluate("window.shared")
    assert shared["url"] == canonical and shared["title"].startswith("Hamid, ")
    phone.close()


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


def photograph(size=(1800, 1200)):
    """A JPEG as hard to compress as a camera's: gradients, texture and grain; wider than the
    largest size the site shows (1600 px, in the photo viewer)."""
    grain = Image.effect_noise(size, 40).convert("L")
    gradient = Image.linear_gradient("L").resize(size)
    image = Image.merge("RGB", (gradient, grain, Image.effect_mandelbrot(size, (-2, -1, 1, 1), 60)))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    return SimpleUploadedFile("DSC01234.jpg", buffer.getvalue(), "image/jpeg")


# Every kind of public page for the contrast check, in French and in Arabic (right to left).
CONTRAST_PAGES = {**PAGES, "home, in Arabic": "/ar/"}

# Runs in the page: every visible text node's colour against the background actually behind
# it, found by walking up the ancestors and compositing their background colours.
LOW_CONTRAST_TEXT = """(minimum) => {
    const parse = (value) => {
        const match = value.match(/^rgba?\\(([^)]+)\\)$/);
        if (!match) throw new Error(`unexpected colour: ${value}`);
        const [r, g, b, a = 1] = match[1].split(/[\\s,/]+/).filter(Boolean).map(Number);
        return {r, g, b, a};
    };
    const over = (top, bottom) => ({  // `top` composited over an opaque `bottom`
        r: top.r * top.a + bottom.r * (1 - top.a),
        g: top.g * top.a + bottom.g * (1 - top.a),
        b: top.b * top.a + bottom.b * (1 - top.a),
        a: 1,
    });
    const luminance = ({r, g, b}) => {
        const [R, G, B] = [r, g, b].map((c) => {
            c /= 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * R + 0.7152 * G + 0.0722 * B;
    };
    const ratio = (x, y) => {
        const [light, dark] = [luminance(x), luminance(y)].sort((p, q) => q - p);
        return (light + 0.05) / (dark + 0.05);
    };
    const css = ({r, g, b}) => `rgb(${[r, g, b].map(Math.round).join(", ")})`;

    const hidden = (element) => {
        for (let node = element; node; node = node.parentElement) {
            const style = getComputedStyle(node);
            if (style.display === "none" || style.visibility !== "visible") return true;
            if (Number(style.opacity) === 0) return true;
            // Visually hidden text (screen readers only): clipped to nothing.
            const box = node.getBoundingClientRect();
            const clipped = style.clip.startsWith("rect(0") || style.clipPath === "inset(50%)";
            if (clipped || (style.overflow === "hidden" && (box.width <= 1 || box.height <= 1))) {
                return true;
            }
        }
        const box = element.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) return true;
        // Off the page until focused (the skip link).
        return box.bottom + window.scrollY <= 0 || box.right + window.scrollX <= 0;
    };

    // The background behind `element`: its own and its ancestors' background colours, down
    // to the first opaque one (the canvas is white). null where an ancestor paints an image
    // or a gradient: the colour behind the text is not known from styles, so the text is
    // left out rather than judged against a colour it may not be drawn on.
    const background = (element) => {
        const layers = [];
        for (let node = element; node; node = node.parentElement) {
            const style = getComputedStyle(node);
            if (style.backgroundImage !== "none") return null;
            const colour = parse(style.backgroundColor);
            if (colour.a > 0) layers.push(colour);
            if (colour.a === 1) break;
        }
        return layers.reverse().reduce((below, layer) => over(layer, below),
                                       {r: 255, g: 255, b: 255, a: 1});
    };

    const found = [];
    const seen = new Set();
    let checked = 0;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
        const element = text.parentElement;
        const words = text.textContent.trim();
        if (!words || seen.has(element) || element.closest("svg, script, style, noscript")) {
            continue;
        }
        seen.add(element);
        if (hidden(element)) continue;
        const behind = background(element);
        if (behind === null) continue;
        checked += 1;
        const colour = over(parse(getComputedStyle(element).color), behind);
        const contrast = ratio(colour, behind);
        if (contrast < minimum) {
            const tag = element.tagName.toLowerCase();
            const name = element.className ? `${tag}.${[...element.classList].join(".")}` : tag;
            found.push(`${name} "${words.slice(0, 40)}": ${css(colour)} on ${css(behind)}, ` +
                       `${contrast.toFixed(2)}:1`);
        }
    }
    return {checked, found};
}"""


def test_every_text_stands_out_from_its_background(site, browser):
    """axe-core leaves some texts out (or unsure): each visible text's colour is checked
    against the colour behind it, at 3:1 at least, on a phone and on a desktop."""
    low = {}
    for name, page in each_page(site, browser, CONTRAST_PAGES):
        for viewport in (PHONE, DESKTOP):
            page.set_viewport_size(viewport)
            result = page.evaluate(LOW_CONTRAST_TEXT, 3)
            assert result["checked"] >= 10, f"{name}: too few texts seen to judge"
            if result["found"]:
                low[f"{name} at {viewport['width']}px"] = result["found"]
    assert not low, "text hard to tell from its background (under 3:1):\n" + "\n".join(
        f"{where}: {text}" for where, found in low.items() for text in found
    )


def test_a_glossary_word_gives_its_definition_by_keyboard_without_javascript(site, browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="fr-FR", java_script_enabled=False
    )
    page = context.new_page()
    page.goto(site + "/exposition/hamid/")

    word = page.locator("a.glossary-mark", has_text="entretien d'assimilation")
    description = page.locator("#definition-entretien-assimilation").inner_text()
    assert description.startswith("Un entretien avec un agent de la préfecture")
    expect(word).to_have_accessible_description(description)

    # A keyboard user reaches the word with Tab, sees where they are, and follows it.
    for _ in range(80):
        page.keyboard.press("Tab")
        if word.evaluate("element => element === document.activeElement"):
            break
    expect(word).to_be_focused()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "the focused word shows where the keyboard is"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#mot-entretien-assimilation$"))
    entry = page.locator("#mot-entretien-assimilation")
    expect(entry).to_be_in_viewport()
    expect(entry).to_contain_text(description)
    context.close()


def test_teacher_packs_are_filtered_by_keyboard_without_javascript(site, browser):
    """A teacher reaches the level filter with Tab, picks UPE2A with the arrow keys, sends
    the form from its button and lands on the filtered address, which lists the UPE2A pack."""
    context = browser.new_context(viewport=PHONE, locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/enseignants/")
    level = page.locator("select#filtre-niveau")
    for _ in range(40):
        page.keyboard.press("Tab")
        if level.evaluate("element => element === document.activeElement"):
            break
    expect(level).to_be_focused()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "the focused filter shows where the keyboard is"
    for _ in range(4):  # all levels, cycle 3, cycle 4, lycée, UPE2A
        page.keyboard.press("ArrowDown")
    expect(level).to_have_value("upe2a")
    page.keyboard.press("Tab")  # the subject
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Afficher")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/enseignants/\?niveau=upe2a$"))
    expect(page.locator(".pack-card__title")).to_have_text(
        ["Apprendre le français, trouver un métier"]
    )
    # Removing the filter is a link, reached by keyboard too.
    remove = page.get_by_role("link", name=re.compile("Retirer"))
    remove.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/enseignants/$"))
    expect(page.locator(".pack-card__title")).to_have_count(3)
    context.close()


# Lighthouse, installed once with npm into the tests' cache folder (git-ignored).
LIGHTHOUSE = "12.8.2"  # the last release that runs on Debian's Node.js 20
CACHE = Path(os.environ.get("TEST_CACHE", Path(__file__).resolve().parent.parent / ".test-cache"))
# One address of every page type a search engine should index (search results, the pupils'
# handout and "page not found" say noindex, on purpose).
INDEXED = (
    "home", "exhibition", "portrait", "portrait, in Arabic", "glossary", "collection",
    "tour in a collection", "collections", "integration path", "stage",
    "accessibility statement", "teacher packs", "teacher pack",
)  # fmt: skip


def lighthouse_folder():
    """Where lighthouse is installed, once: in a folder of its own first, then renamed into
    place, so that the SQLite and PostgreSQL runs side by side never share a half install."""
    folder = CACHE / f"lighthouse-{LIGHTHOUSE}"
    if (folder / "node_modules" / "lighthouse").is_dir():
        return folder
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is needed to install lighthouse")
    CACHE.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=CACHE, prefix=f"{folder.name}-"))
    installed = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--silent", f"lighthouse@{LIGHTHOUSE}"],
        cwd=work, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    if installed.returncode:
        shutil.rmtree(work, ignore_errors=True)
        pytest.skip(f"npm could not install lighthouse@{LIGHTHOUSE}: {installed.stderr[-300:]}")
    try:
        work.rename(folder)
    except OSError:  # the other run was first
        shutil.rmtree(work, ignore_errors=True)
    return folder


def test_every_page_type_scores_1_in_lighthouse_seo(site):
    """Title, meta description, canonical, hreflang, crawlable links, descriptive link texts,
    image alternatives, status, robots: Lighthouse's SEO category at 1 on every page type."""
    folder = lighthouse_folder()
    # The script beside lighthouse (Node resolves its imports from there), under a name of
    # this run's own.
    script = folder / f"seo-{os.getpid()}.mjs"
    shutil.copy(Path(__file__).parent / "lighthouse" / "seo.mjs", script)
    urls = [site + PAGES[name] for name in INDEXED]
    try:
        audited = subprocess.run(
            ["node", script.name, CHROMIUM, *urls], cwd=folder, capture_output=True, text=True,
            timeout=600,
        )  # fmt: skip
    finally:
        script.unlink()
    assert audited.returncode == 0, audited.stderr[-2000:]
    results = json.loads(audited.stdout.strip().splitlines()[-1])
    below = {url: result for url, result in results.items() if result["score"] != 1}
    assert not below, json.dumps(below, indent=1, ensure_ascii=False)
