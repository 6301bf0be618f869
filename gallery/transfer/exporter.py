"""Exporting portraits to the import's CSV format, with their photos and collections.

`portraits.csv` and `photos/` reimport with `import_portraits`; `collections.json` carries
what a portrait-per-row CSV cannot: each collection's title, introduction, order and notes.
The export holds private data (full names, consent): keep it as safely as the signed forms.
"""

import csv
import json
import os
from contextlib import contextmanager
from pathlib import Path

from ..models import CollectionIndexPage, CuratedCollectionPage, PortraitPage
from ..models.consent import Scope
from .columns import NAMES, guard_formula
from .values import journey_text, testimony_text


def export_portraits(directory, exhibition, include_drafts=False):
    """Writes the export into `directory`; returns (portraits written, blocks left out)."""
    directory = Path(directory)
    for folder in (directory, directory / "photos"):
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        folder.chmod(0o700)  # the export's readers are the curators, no one else on the server
    portraits = (
        PortraitPage.objects.child_of(exhibition)
        .order_by("path")
        .select_related("photo", "stage")
        .prefetch_related("journey__stage")
    )
    if not include_drafts:
        portraits = portraits.live()
    collections = list(collections_of(exhibition).prefetch_related("entries"))
    slugs = dict(PortraitPage.objects.values_list("pk", "slug"))
    membership = {}
    for collection in collections:
        for entry in collection.entries.all():
            membership.setdefault(entry.portrait_id, []).append(collection.slug)
    written = left_out = 0
    with private_open(directory / "portraits.csv", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=NAMES)
        writer.writeheader()
        for live in portraits:
            portrait = live.get_latest_revision_as_object() if include_drafts else live
            left_out += sum(1 for block in portrait.testimony if block.block_type == "figure")
            row = portrait_row(portrait, membership.get(live.pk, []), directory)
            writer.writerow({column: guard_formula(value) for column, value in row.items()})
            written += 1
    with private_open(directory / "collections.json") as file:
        described = [collection_data(c, slugs) for c in collections]
        json.dump(described, file, ensure_ascii=False, indent=2)
    return written, left_out


@contextmanager
def private_open(path, mode="w", **kwargs):
    """Open for writing a file only its owner can read, even if it was there before."""
    if "b" not in mode:
        kwargs.setdefault("encoding", "utf-8")
    with open(path, mode, opener=lambda name, flags: os.open(name, flags, 0o600), **kwargs) as file:
        os.chmod(path, 0o600)
        yield file


def portrait_row(portrait, collection_slugs, directory):
    """The portrait's CSV row; its photo is copied into `directory`/photos."""
    consent = portrait.get_consent()
    image = portrait.photo
    photo_name = ""
    if image:
        photo_name = portrait.slug + Path(image.file.name).suffix
        with (
            image.open_file() as source,
            private_open(directory / "photos" / photo_name, "wb") as target,
        ):
            target.write(source.read())
    scope = consent.scope if consent else set()
    return {
        "slug": portrait.slug,
        "display_name": portrait.display_name,
        "full_name": consent.full_name if consent else "",
        "photo": photo_name,
        "photo_alt": image.alt_text if image else "",
        "photo_credit": image.credit if image else "",
        "licence": image.licence if image else "",
        "stage": portrait.stage.slug,
        "country": portrait.country_of_origin.code or "",
        "arrival_year": portrait.arrival_year or "",
        "town": portrait.town,
        "quote": portrait.quote,
        "testimony": testimony_text(portrait),
        "collections": ";".join(collection_slugs),
        "consent_signed_on": consent.signed_on.isoformat() if consent else "",
        "consent_until": consent.valid_until.isoformat() if consent and consent.valid_until else "",
        "consent_scope": ";".join(s.value for s in Scope if s in scope),
        "title": portrait.title,
        "testimony_note": portrait.testimony_note,
        "languages": portrait.languages,
        "journey": journey_text(portrait),
        "fictional": "oui" if portrait.is_fictional else "non",
        "pseudonym": "oui" if portrait.name_is_pseudonym else "non",
        "consent_reference": consent.form_reference if consent else "",
        "easy_read": portrait.easy_read,
        "easy_read_falc": "oui" if portrait.easy_read_proofread else "non",
        "content_themes": ";".join(theme.slug for theme in portrait.content_themes.all()),
        "content_note": portrait.content_note,
        "minimum_level": portrait.minimum_level,
    }


def collections_of(exhibition):
    """The curated collections beside the exhibition, in the tree's order."""
    index = CollectionIndexPage.objects.child_of(exhibition.get_parent()).first()
    if index is None:
        return CuratedCollectionPage.objects.none()
    return CuratedCollectionPage.objects.child_of(index).order_by("path")


def collection_data(collection, slugs):
    """A collection as collections.json describes it, from its latest version."""
    latest = collection.get_latest_revision_as_object()
    return {
        "slug": collection.slug,
        "title": latest.title,
        "introduction": latest.introduction,
        "live": collection.live,
        "entries": [
            {"portrait": slugs[entry.portrait_id], "note": entry.note}
            for entry in latest.entries.all()
            if entry.portrait_id in slugs
        ],
    }
