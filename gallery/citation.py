"""How to cite a page of the exhibition: "Citer cette page".

A French academic style after ISO 690 for a part of a website: author (the exhibition's
producer, from the site's credits), « title of the page », in *the exhibition* (the site),
"exposition en ligne", the page's canonical address, and the date it was consulted. In the
page's own language: its wording, quotation marks and date.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import formats, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from wagtail.models import Site

from home.models import ExhibitionSettings


@dataclass(frozen=True)
class Citation:
    text: str  # plain text, to copy and paste
    html: SafeString  # the same, with the exhibition's title in italics (<cite>)

    def __str__(self):
        return self.text


def citation_for(page, request, consulted_on: datetime.date) -> Citation:
    """The citation of `page` as consulted on `consulted_on`, in the page's language.

    No query of its own on a page being served: the site and its credits are those the
    request has already looked up (header and footer), the page's locale is its own.
    """
    site = Site.find_for_request(request)
    credits = ExhibitionSettings.for_request(request) if site else None
    # The author of an exhibition is whoever produced it; failing that, where it was shown.
    author = credits and (credits.producer or credits.venue)
    values = {
        "author": author or "",
        "title": cited_title(page),
        "exhibition": (site and site.site_name) or settings.WAGTAIL_SITE_NAME,
        "url": page.get_full_url(request) or "",
    }
    with translation.override(page.locale.language_code):
        values["date"] = consulted_date(consulted_on)
        if author:
            pattern = _(
                "%(author)s, « %(title)s », dans %(exhibition)s, exposition en ligne, "
                "%(url)s, consulté le %(date)s."
            )
        else:
            pattern = _(
                "« %(title)s », dans %(exhibition)s, exposition en ligne, %(url)s, "
                "consulté le %(date)s."
            )
    text = pattern % values
    escaped = {name: escape(value) for name, value in values.items()}
    escaped["exhibition"] = f"<cite>{escaped['exhibition']}</cite>"
    # An address reads left to right even in Arabic (its final "/" would jump to its start).
    escaped["url"] = f'<bdi dir="ltr">{escaped["url"]}</bdi>'
    return Citation(text=text, html=mark_safe(escape(pattern) % escaped))


def cited_title(page):
    """The page's title as visitors read it: a portrait is named by the person, then its
    title (as in its heading)."""
    name = getattr(page, "display_name", "")
    return f"{name}, {page.title}" if name else page.title


def consulted_date(day):
    """`day` written out in the active language: "1er décembre 2026", "1 December 2026"."""
    written = formats.date_format(day, "j F Y")
    if day.day == 1 and translation.get_language() == "fr":
        written = "1er" + written[1:]  # French writes the first of the month as an ordinal
    return written
