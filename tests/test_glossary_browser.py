"""The glossary in a real browser (Debian's Chromium): accessible, and usable by keyboard and
screen readers without JavaScript. Uses the fixtures of tests/conftest.py (`browser`,
`restore_migrated_data`) and the demo exhibition, served from a live server on loopback."""

import re
from io import StringIO

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    # Real HTTP requests need committed data; the migrations' data is restored afterwards.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VIEWPORTS = [{"width": 390, "height": 844}, {"width": 1280, "height": 800}]
PAGES = {
    "glossary": "/glossaire/",
    "portrait with its words": "/exposition/thi-lan/",
    "portrait with its words, in Arabic": "/ar/exposition/hamid/",
}


@pytest.fixture
def demo(live_server, restore_migrated_data):
    call_command("load_exhibition", stdout=StringIO())
    return live_server.url


def test_the_glossary_and_a_portraits_words_are_accessible(demo, browser):
    axe = Axe()
    violations = {}
    for viewport in VIEWPORTS:
        context = browser.new_context(viewport=viewport, locale="fr-FR")
        page = context.new_page()
        for name, path in PAGES.items():
            page.goto(demo + path)
            for violation in axe.run(page).response["violations"]:
                targets = [node["target"] for node in violation["nodes"]][:3]
                violations.setdefault(f"{name} at {viewport['width']}px", []).append(
                    f"{violation['id']}: {targets}"
                )
        context.close()
    assert violations == {}


def test_a_word_gives_its_definition_by_keyboard_without_javascript(demo, browser):
    context = browser.new_context(viewport=VIEWPORTS[0], locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    page.goto(demo + "/exposition/hamid/")

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
