"""A row's values as the models hold them, and back: one function each way, for the importer
(to compare and to write) and the exporter alike."""

import re
from html import unescape

from django.utils.html import escape, linebreaks
from wagtail.rich_text import RichText

from ..models.consent import Scope


def paragraphs(text):
    """The paragraphs of a CSV testimony: separated by blank lines."""
    return [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]


def testimony_blocks(text):
    """The testimony StreamField's blocks for a CSV testimony: a paragraph block each."""
    return [("paragraph", RichText(linebreaks(escape(p)))) for p in paragraphs(text)]


def testimony_text(portrait):
    """The testimony as plain paragraphs separated by blank lines, as the CSV holds it."""
    found = []
    for block in portrait.testimony:
        if block.block_type == "paragraph":
            html = re.sub(r"<br\s*/?>", "\n", str(block.value.source))
            for part in re.split(r"</p>\s*<p>", html):
                found.append(unescape(re.sub(r"<[^>]+>", "", part)).strip())
        elif block.block_type == "quotation":
            found.append(block.value["text"].strip())
    return "\n\n".join(p for p in found if p)


def journey_text(portrait):
    """The dated journey, one "YYYY[-MM];stage;text" a line."""
    return "\n".join(
        f"{m.year}{f'-{m.month:02d}' if m.month else ''};{m.stage.slug if m.stage else ''};{m.text}"
        for m in portrait.journey.all()
    )


def portrait_values(data):
    """The portrait's own fields (photo, stage, testimony and journey aside), from a row
    form's cleaned data."""
    return {
        "title": data["title"] or data["display_name"],
        "display_name": data["display_name"],
        "name_is_pseudonym": data["pseudonym"],
        "quote": data["quote"],
        "country_of_origin": data["country"],
        "arrival_year": data["arrival_year"],
        "town": data["town"],
        "languages": data["languages"],
        "testimony_note": data["testimony_note"],
        "is_fictional": data["fictional"],
        "easy_read": data["easy_read"],
        "easy_read_proofread": data["easy_read_falc"],
        "content_note": data["content_note"],
        "minimum_level": data["minimum_level"],
    }


def photo_values(data):
    return {
        "alt_text": data["photo_alt"],
        "credit": data["photo_credit"],
        "licence": data["licence"],
    }


def consent_values(data):
    scope = data["consent_scope"]
    return {
        "full_name": data["full_name"],
        "form_reference": data["consent_reference"],
        "signed_on": data["consent_signed_on"],
        "valid_until": data["consent_until"],
        **{f"covers_{s}": s in scope for s in Scope},
    }


def matches(instance, values):
    return all(getattr(instance, name) == value for name, value in values.items())
