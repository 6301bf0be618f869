"""French first, English and Arabic declared: language and direction follow the visitor."""

import re
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import Locale

from gallery.models import PortraitPage

from .factories import PortraitPageFactory

ROOT = Path(__file__).resolve().parent.parent


def html_element(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "lang", "direction"), [("", "fr", "ltr"), ("/en", "en", "ltr"), ("/ar", "ar", "rtl")]
)
def test_html_lang_and_dir_follow_the_active_language(client, exhibition, prefix, lang, direction):
    soup = html_element(client, f"{prefix}{exhibition.url}")
    assert soup.html["lang"] == lang
    assert soup.html["dir"] == direction


@pytest.mark.django_db
def test_untranslated_content_keeps_its_own_language(client, exhibition):
    soup = html_element(client, f"/en{exhibition.url}")
    assert soup.html["lang"] == "en"
    assert soup.main["lang"] == "fr", "French content inside an English page is marked as such"
    assert "lang" not in html_element(client, exhibition.url).main.attrs


def test_languages_are_declared_for_content_and_interface():
    codes = [code for code, _ in settings.LANGUAGES]
    assert settings.LANGUAGE_CODE == "fr"
    assert codes == ["fr", "en", "ar"]
    assert settings.WAGTAIL_I18N_ENABLED
    assert [code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES] == codes


# Text that is a proper name, not interface text.
NOT_TRANSLATABLE = {"Histoire de s'intégrer", "Histoire de s’intégrer"}
TRANSLATED = re.compile(
    r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}"
    r"|{%\s*block body_?class\s*%}.*?{%\s*endblock\s*%}"  # CSS class names (admin: bodyclass)
    r"|{%.*?%}|{{.*?}}|{#.*?#}",
    re.DOTALL,
)
VISIBLE_ATTRIBUTE = re.compile(r'\b(?:aria-label|alt|title|placeholder)="([^"]*)"')


def untranslated_strings(template_text):
    without_template_code = TRANSLATED.sub(" ", template_text)
    found = [v for v in VISIBLE_ATTRIBUTE.findall(without_template_code) if re.search(r"\w", v)]
    without_tags = re.sub(r"<(script|style)\b.*?</\1>", " ", without_template_code, flags=re.S)
    without_tags = re.sub(r"<[^>]*>", "\n", without_tags)
    for line in without_tags.splitlines():
        text = line.strip(" \t—–-:,.()«»")
        if re.search(r"[^\W\d_]", text) and text not in NOT_TRANSLATABLE:
            found.append(text)
    return found


def test_every_public_template_string_is_translatable():
    problems = {}
    for template in sorted((ROOT / "templates").rglob("*.html")):
        strings = untranslated_strings(template.read_text())
        if strings:
            problems[str(template.relative_to(ROOT))] = strings
    assert problems == {}


def test_the_translatable_check_catches_a_bare_string():
    assert untranslated_strings("<p>Bonjour</p>") == ["Bonjour"]
    assert untranslated_strings('<nav aria-label="Menu">') == ["Menu"]
    assert untranslated_strings("<p>{% translate 'Bonjour' %} {{ page.title }}</p>") == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "skip_link", "search_label"),
    [
        ("", "Aller au contenu", "Rechercher un portrait"),
        ("/en", "Skip to content", "Search for a portrait"),
        ("/ar", "الانتقال إلى المحتوى", "البحث عن بورتريه"),
    ],
)
def test_the_interface_speaks_the_visitors_language(
    client, exhibition, prefix, skip_link, search_label
):
    soup = html_element(client, f"{prefix}{exhibition.url}")
    assert soup.select_one(".skip-link").get_text() == skip_link
    assert soup.select_one("label[for=site-search-query]").get_text() == search_label


@pytest.mark.django_db
def test_counts_follow_each_languages_plural_rules(client, exhibition):
    def heading(prefix):
        soup = html_element(client, f"{prefix}{exhibition.url}")
        return " ".join(soup.select_one("#portraits-title").get_text().split())

    assert heading("") == "0 portrait"  # French: 0 and 1 are singular
    assert heading("/en") == "0 portraits"


def test_translation_catalogues_are_compiled_and_complete():
    import polib

    for language in ("fr", "en", "ar"):
        po = polib.pofile(ROOT / "locale" / language / "LC_MESSAGES" / "django.po")
        mo = polib.mofile(ROOT / "locale" / language / "LC_MESSAGES" / "django.mo")
        compiled = {entry.msgid for entry in mo}
        translated = {entry.msgid for entry in po.translated_entries()}
        assert translated <= compiled, f"{language}: run `manage.py compilemessages`"
        public = (
            "templates/",
            "gallery/browse",
            "gallery/tours",
            "gallery/views",
            "infra/",
            "gallery/pack_browse",
            "gallery/pack_contents",
            "gallery/short_links",
            "gallery/citation",
            "gallery/models/teaching",  # a pack's levels and subjects
            "gallery/blocks",  # the kinds of prompts, the activities' headings
            "gallery/sheets",  # the printable class sheets (why one is unavailable)
        )
        admin = "templates/gallery/admin/"  # curators read French; English for the admin too
        untranslated = [
            entry.msgid
            for entry in po.untranslated_entries() + po.fuzzy_entries()
            if language != "fr"
            and any(
                ref.startswith(public) and (language == "en" or not ref.startswith(admin))
                for ref, _ in entry.occurrences
            )
        ]
        assert untranslated == [], f"{language}: strings left untranslated"


@pytest.mark.django_db
def test_translating_before_the_parent_page_says_what_to_do(client, exhibition, user_in):
    """The admin's "Translate" answered 500 when the parent page was not translated."""
    english = Locale.objects.create(language_code="en")
    portrait = PortraitPageFactory(parent=exhibition)
    client.force_login(user_in("Curateurs"))
    translate = reverse("simple_translation:submit_page_translation", args=[portrait.pk])

    response = client.post(translate, {"locales": [english.pk]})
    assert response.status_code == 200
    message = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert "Traduisez d'abord « L'exposition » en" in message
    assert not PortraitPage.objects.filter(locale=english).exists()

    for page in (exhibition.get_parent(), exhibition):  # the parents first, then it works
        page_url = reverse("simple_translation:submit_page_translation", args=[page.pk])
        assert client.post(page_url, {"locales": [english.pk]}).status_code == 302
    assert client.post(translate, {"locales": [english.pk]}).status_code == 302
    assert PortraitPage.objects.filter(locale=english, translation_key=portrait.translation_key)


@pytest.mark.django_db
def test_the_export_chooses_among_translated_exhibitions(tmp_path, exhibition):
    PortraitPageFactory(parent=exhibition)
    english = exhibition.copy_for_translation(
        Locale.objects.create(language_code="en"), copy_parents=True
    )
    out = StringIO()
    call_command("export_portraits", str(tmp_path / "fr"), stdout=out)  # the site's language
    assert "1 portraits exported" in out.getvalue()
    call_command(
        "export_portraits",
        str(tmp_path / "en"),
        "--exhibition",
        english.slug,
        "--language",
        "en",
        stdout=out,
    )
    with pytest.raises(CommandError, match=r"there are: exposition \(fr\), exposition \(en\)"):
        call_command("export_portraits", str(tmp_path / "de"), "--language", "de")
