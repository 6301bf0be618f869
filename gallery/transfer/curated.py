"""The curated collections of an import: those its rows name (by slug), and those an export's
collections.json describes (title, introduction, order, notes, whether published).

The collections file is checked like the rows: its introductions hold only what the editor
could have written, its texts no full name; it publishes nothing unless the import publishes.
"""

import json
from pathlib import Path

from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Site

from ..models import CollectionEntry, CollectionIndexPage, CuratedCollectionPage, PortraitPage
from ..models.base import TEXT_FEATURES
from ..models.consent import FullName, consent_of, public_name
from ..rich_text import unacceptable
from .sources import TransferError


def load_file(path):
    """The collections described by an export's collections.json, if given."""
    if not path:
        return []
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise TransferError(
            _("Le fichier de collections « %(name)s » ne peut pas être lu.")
            % {"name": Path(path).name}
        ) from error
    except ValueError as error:
        raise TransferError(
            _(
                "Le fichier de collections « %(name)s » n'est pas du JSON en UTF-8 valide "
                "(vers la ligne %(line)s)."
            )
            % {"name": Path(path).name, "line": getattr(error, "lineno", "?")}
        ) from error


def check_file(plan):
    """Problems of plan.collections_data, named by collection (line None)."""
    if not isinstance(plan.collections_data, list):
        plan.problem(None, "", _("une liste de collections est attendue."))
        plan.collections_data = []
        return
    full_names = {row.slug: row.full_name for row in plan.rows}
    for data in plan.collections_data:
        slug = data.get("slug") if isinstance(data, dict) else None
        if not isinstance(slug, str) or slugify(slug) != slug or not slug:
            plan.problem(None, str(slug)[:60], _("chaque collection a un slug valide."))
            continue
        texts = [data.get("title") or "", data.get("introduction") or ""]
        entries = data.get("entries") or []
        if not all(isinstance(value, str) for value in texts) or not isinstance(entries, list):
            plan.problem(None, slug, _("titre, introduction et entrées mal formés."))
            continue
        if refused := unacceptable(texts[1], TEXT_FEATURES):
            plan.problem(
                None,
                slug,
                _("l'introduction contient ce que l'éditeur n'accepte pas : %(what)s.")
                % {"what": ", ".join(refused)},
            )
            continue
        entries = [entry for entry in entries if isinstance(entry, dict)]
        notes = [entry.get("note") or "" for entry in entries]
        names = [
            full_names.get(p) or existing_full_name(plan.exhibition, p)
            for p in (entry.get("portrait") for entry in entries)
        ]
        if any(name and name.found_in(text) for name in names for text in [*texts, *notes]):
            plan.problem(
                None, slug, _("un texte contient tout ou partie du nom complet d'une personne.")
            )


def existing_full_name(exhibition, slug):
    if not isinstance(slug, str):
        return None
    portrait = PortraitPage.objects.child_of(exhibition).filter(slug=slug).first()
    consent = consent_of(portrait) if portrait else None
    return FullName(consent.full_name, public_name(portrait)) if consent else None


# Writing, inside the import's transaction --------------------------------------------------


def prepare(plan):
    """{slug: collection} for the collections the rows name and the file describes, created
    (as drafts, in the file's order, then the others) if new."""
    home = Site.objects.get(is_default_site=True).root_page.specific
    index = CollectionIndexPage.objects.child_of(home).first()
    if index is None:
        index = CollectionIndexPage(title=_("Collections"), slug="collections")
        home.add_child(instance=index)
        index.save_revision().publish()
    described = {data["slug"]: data for data in plan.collections_data}
    wanted = {slug for row in plan.rows for slug in row.data["collections"]}
    collections = {}
    for slug in [*described, *sorted(wanted - described.keys())]:
        collection = CuratedCollectionPage.objects.child_of(index).filter(slug=slug).first()
        data = described.get(slug, {})
        if collection is None:
            collection = CuratedCollectionPage(
                slug=slug,
                title=data.get("title") or slug.replace("-", " ").capitalize(),
                introduction=data.get("introduction")
                or "<p>" + escape(_("Collection créée par un import.")) + "</p>",
                live=False,
            )
            index.add_child(instance=collection)
            collection.save_revision()
        collections[slug] = collection
    return collections


def add_portrait(collection, portrait, publish):
    """Appended at the end of the collection's latest version, which is published if the
    collection is and the import publishes."""
    collection = CuratedCollectionPage.objects.get(pk=collection.pk)  # its latest revision
    draft = collection.get_latest_revision_as_object()
    if any(entry.portrait_id == portrait.pk for entry in draft.entries.all()):
        return
    draft.entries.add(CollectionEntry(portrait=portrait))
    revision = draft.save_revision()
    if publish and collection.live:
        revision.publish()


def apply_file(plan, collections):
    """The collections file sets entries, order and notes, and publishes the collections that
    were published (only when the import publishes)."""
    by_slug = {p.slug: p for p in PortraitPage.objects.child_of(plan.exhibition)}
    for data in plan.collections_data:
        collection = CuratedCollectionPage.objects.get(pk=collections[data["slug"]].pk)
        collection = collection.get_latest_revision_as_object()
        collection.entries = [
            CollectionEntry(portrait=by_slug[entry["portrait"]], note=entry.get("note", ""))
            for entry in data.get("entries") or []
            if isinstance(entry, dict) and entry.get("portrait") in by_slug
        ]
        revision = collection.save_revision()
        if data.get("live") and plan.publish:
            revision.publish()
