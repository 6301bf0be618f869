"""A page as others show it: its description, canonical address, translations (hreflang),
Open Graph and Twitter card, and schema.org JSON-LD.

Built from what the page itself shows and nothing more: a portrait's person is named as the
page names them (`display_name`, never the full name), and no origin, town or year appears,
whatever consent allows. Kept for the content version with the page (infra.fragments).
"""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.images.models import SourceImageIOError
from wagtail.models import Site

from gallery import renditions
from gallery.models import (
    CuratedCollectionPage,
    ExhibitionPage,
    PortraitPage,
    TeacherPackPage,
    visible_translations,
)
from home.models import ExhibitionSettings, HomePage

DESCRIPTION_CHARACTERS = 200
# Open Graph names locales as language_TERRITORY.
OG_LOCALES = {"fr": "fr_FR", "en": "en_GB", "ar": "ar_AR"}


@dataclass(frozen=True)
class Picture:
    url: str
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class Preview:
    title: str
    description: str
    url: str
    language: str
    site_name: str = ""
    og_type: str = "website"
    image: Picture | None = None
    alternates: tuple = ()  # (language code, absolute URL), itself included
    default_url: str = ""  # the translation in the site's default language (x-default)
    structured_data: dict = field(default_factory=dict)

    @property
    def og_locale(self):
        return OG_LOCALES.get(self.language, self.language)

    @property
    def og_alternate_locales(self):
        return [
            OG_LOCALES.get(code, code) for code, _url in self.alternates if code != self.language
        ]

    @property
    def json_ld(self):
        """The structured data as a <script> element's text: nothing in it can close it."""
        text = json.dumps(self.structured_data, ensure_ascii=False, separators=(",", ":"))
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def preview_of(page, request, context=None):
    """The preview of `page` (specific) as served to `request`; `context`: the page's, for
    what it has already read (a collection's entries)."""
    context = context or {}
    site = Site.find_for_request(request)
    url = page.get_full_url(request) or ""
    language = page.locale.language_code
    alternates = _translations(page, request)
    with translation.override(language):
        image = _picture(_image_of(page, context, site), request)
        data = _structured_data(page, request, url, image, context, site)
        description = describe(page) or _("Exposition en ligne de portraits : %(title)s.") % {
            "title": page.title
        }
    return Preview(
        title=_portrait_name(page)
        if isinstance(page, PortraitPage)
        else page.seo_title or page.title,
        description=description,
        url=url,
        language=language,
        site_name=(site and site.site_name) or settings.WAGTAIL_SITE_NAME,
        og_type="article" if isinstance(page, PortraitPage | CuratedCollectionPage) else "website",
        image=image,
        alternates=alternates,
        default_url=dict(alternates).get(settings.LANGUAGE_CODE, ""),
        structured_data=data,
    )


def _title(page):
    return page.seo_title or page.title


def describe(page):
    """A sentence or two the page shows about itself: its search description, a portrait's
    quote, else the start of its introduction or text."""
    for name in ("search_description", "quote", "introduction", "body"):
        text = " ".join(strip_tags(str(getattr(page, name, "") or "")).split())
        if text:
            return Truncator(text).chars(DESCRIPTION_CHARACTERS)
    return ""


def _translations(page, request):
    """(language code, absolute URL) of every visible translation of `page`, itself included,
    in the order of the site's languages."""
    pages = visible_translations(page)
    found = {p.locale.language_code: p for p in pages.select_related("locale")}
    if len(found) < 2:
        return ()
    order = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    return tuple((code, found[code].get_full_url(request)) for code in order if code in found)


def _image_of(page, context, site):
    """The picture that stands for the page: a portrait's photo, the home page's, the first
    portrait of a collection; else the site's home page's."""
    if isinstance(page, PortraitPage):
        return page.photo
    if isinstance(page, HomePage):
        return page.hero_image
    if isinstance(page, CuratedCollectionPage):
        entries = context.get("entries") or page.visible_entries()
        if entries and entries[0].portrait.photo:
            return entries[0].portrait.photo
    home = site and HomePage.objects.filter(pk=site.root_page_id).select_related("hero_image")
    root = home and home.first()
    return root.hero_image if root else None


def _picture(image, request):
    if image is None:
        return None
    try:
        rendition = image.get_rendition(renditions.SOCIAL)  # prepared with the page's others
    except SourceImageIOError:  # its file is lost: the page is shown all the same
        return None
    return Picture(
        url=absolute(request, rendition.url),
        width=rendition.width,
        height=rendition.height,
        alt=image.alt_text,
    )


# schema.org ------------------------------------------------------------------------------------


def _structured_data(page, request, url, image, context, site):
    node = {"@context": "https://schema.org", "url": url, "name": page.title}
    node["inLanguage"] = page.locale.language_code
    if description := describe(page):
        node["description"] = description
    if isinstance(page, PortraitPage):
        return {**node, **_portrait(page, request, image)}
    if isinstance(page, CuratedCollectionPage):
        entries = context.get("entries") or page.visible_entries(request)
        parts = [
            {
                "@type": "ItemPage",
                "name": _portrait_name(entry.portrait),
                "url": absolute(request, entry.url),
            }
            for entry in entries
        ]
        return {**node, "@type": "CollectionPage", "hasPart": parts}
    if isinstance(page, ExhibitionPage):
        return {**node, **_exhibition(page, request, site)}
    if isinstance(page, TeacherPackPage):
        return {**node, **_teacher_pack(page)}
    if isinstance(page, HomePage):
        return {**node, "@type": "WebSite", "name": (site and site.site_name) or page.title}
    return {**node, "@type": "WebPage"}


def _portrait_name(portrait):
    return f"{portrait.display_name}, {portrait.title}"


def _portrait(page, request, image):
    person = {"@type": "Person", "name": page.display_name}  # as the page names them
    data = {"@type": "ItemPage", "name": _portrait_name(page), "about": person}
    photo = page.photo
    if photo is not None and image is not None:
        data["mainEntity"] = {
            "@type": "Photograph",
            "name": photo.alt_text,
            "image": image.url,
            "contentUrl": image.url,
            "creditText": photo.credit or photo.credit_line,
            "copyrightNotice": photo.credit_line,
            "license": photo.licence_uri,
            "about": person,
        }
    else:
        data["mainEntity"] = person
    return data


def _exhibition(page, request, site):
    credits = ExhibitionSettings.for_request(request) if site else None
    event = {
        "@type": "ExhibitionEvent",
        "eventAttendanceMode": "https://schema.org/MixedEventAttendanceMode",
    }
    if credits and credits.venue:
        event["location"] = [
            {"@type": "Place", "name": credits.venue, "address": credits.venue},
            {"@type": "VirtualLocation", "url": page.get_full_url(request)},
        ]
    if page.shown_from:
        event["startDate"] = page.shown_from.isoformat()
    if page.shown_until:
        event["endDate"] = page.shown_until.isoformat()
    if credits and credits.producer:
        event["organizer"] = {"@type": "Organization", "name": credits.producer}
        if credits.producer_url:
            event["organizer"]["url"] = credits.producer_url
    return event


def _teacher_pack(page):
    data = {
        "@type": "LearningResource",
        "learningResourceType": _("dossier pédagogique"),
        "educationalLevel": [str(level) for level in page.levels.all()],
        "teaches": [str(subject) for subject in page.subjects.all()],
    }
    if page.minutes:
        data["timeRequired"] = f"PT{page.minutes}M"
    return data


def absolute(request, url):
    """`url` on the site's own host and port (Settings → Sites), whatever Host header the
    visitor sent, as pages' own addresses are (get_full_url); an object store's is kept."""
    if not url or "://" in url:
        return url
    site = Site.find_for_request(request)
    return (site.root_url if site else request.build_absolute_uri("/")[:-1]) + url
