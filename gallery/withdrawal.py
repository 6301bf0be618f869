"""Withdrawal: a person takes their portrait back, and nothing of them stays anywhere.

The portrait and its translations are deleted with their revisions, history, consent, journey
and collection entries; collection drafts forget it. Every image any version of the portrait
showed is the person's: it leaves storage with its renditions (files still waiting in the
multiple uploader go too, since nothing says whose they are), and wherever else it was used
(the home page's hero, another page's draft, a setting) that use is cleared first, and named
to the curator. An image that something requires and cannot lose stops the withdrawal with a
list, before anything changes. Search, sitemap and the page cache follow. What remains is a
`Withdrawal` record: who, when, which page id; and the portrait's short link, without its scan
counts, answering 404 (its code is never given to another page).

Every withdrawal is also written to the withdrawal ledger (`WITHDRAWAL_LEDGER`), outside the
database and the media: ids and storage keys only, no personal data. Restoring a backup
re-applies the ones recorded after it was taken (gallery/backup.py), so a restore never
brings a person back. The ledger is written inside the transaction: a withdrawal that cannot
be recorded does not happen.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from taggit.models import Tag
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.models import FormState
from wagtail.log_actions import log
from wagtail.models import (
    ModelLogEntry,
    Page,
    PageLogEntry,
    ReferenceIndex,
    Revision,
    get_page_models,
)
from wagtail.search.models import IndexEntry

from infra.ledger import Ledger, ledger_storage

from .image_uses import (
    CannotClear,
    clear_images,
    image_references,
    models_with_images,
    pages_referencing,
)
from .models import (
    Consent,
    CuratedCollectionPage,
    DailyScans,
    ExhibitionImage,
    PortraitPage,
    Withdrawal,
)
from .models.consent import announce_taken_down
from .uploads import discard_pending_uploads


@dataclass
class Use:
    """Something outside the portrait that shows one of the person's images."""

    label: str
    admin_url: str = ""
    reason: str = ""  # why it cannot be cleared, if it cannot


@dataclass
class Plan:
    """What withdrawing a portrait will do, for the confirmation screen and the command."""

    portrait: PortraitPage
    pages: list
    images: list
    collections: int
    cleared: list = field(default_factory=list)  # Use: changed to lose the images
    blocking: list = field(default_factory=list)  # Use: cannot lose them

    @property
    def possible(self):
        return not self.blocking


class WithdrawalBlocked(Exception):
    def __init__(self, plan):
        super().__init__("; ".join(f"{use.label} ({use.reason})" for use in plan.blocking))
        self.plan = plan


def plan(portrait):
    pages = list(PortraitPage.objects.filter(translation_key=portrait.translation_key))
    page_ids = {page.pk for page in pages}
    image_ids = images_of_pages(pages)
    result = Plan(
        portrait=portrait,
        pages=pages,
        images=list(ExhibitionImage.objects.filter(pk__in=image_ids)),
        collections=CuratedCollectionPage.objects.filter(entries__portrait__in=pages).count(),
    )
    for target in other_uses(image_ids, page_ids):
        label, url = _describe(target.instance)
        try:
            clear_images(_copy(target.instance), image_ids)
        except CannotClear as error:
            result.blocking.append(Use(label, url, str(error.field.verbose_name)))
            continue
        if label not in {use.label for use in result.cleared}:
            result.cleared.append(Use(label, url))
    return result


@transaction.atomic
def withdraw(portrait, user=None, *, record_in_ledger=True):
    """Withdraw `portrait` as planned; returns the audit record, with the `plan` carried out.
    Raises WithdrawalBlocked, changing nothing, if an image of the person cannot be taken out
    of what else uses it, and infra.invalidation.CacheUnreachable, changing nothing, if the
    page cache does not answer (its copies of the person would outlive the withdrawal).
    `record_in_ledger` is False only when a restore re-applies a withdrawal the ledger already
    holds."""
    planned = plan(portrait)
    if not planned.possible:
        raise WithdrawalBlocked(planned)
    pages, images = planned.pages, planned.images
    page_ids = [page.pk for page in pages]
    image_ids = {image.pk for image in images}
    consent_ids = list(Consent.objects.filter(portrait__in=pages).values_list("pk", flat=True))
    for target in other_uses(image_ids, set(page_ids)):
        target.clear(image_ids)
    forget_in_collection_revisions(page_ids)
    # The short link stays, answering 404, so that its code (on posters, in pupils' notebooks)
    # never leads to another page; how often it was scanned goes.
    DailyScans.objects.filter(link__translation_key=portrait.translation_key).delete()
    for page in pages:
        if page.live:
            page.unpublish(log_action=False)
    record = Withdrawal.objects.create(
        page_id=portrait.pk,
        withdrawn_by=user,
        pages_deleted=len(pages),
        images_deleted=len(images),
        uses_cleared=len(planned.cleared),
    )
    for page in pages:
        page.delete()  # revisions, consent, journey, collection entries, comments go with it
    tags = set(Tag.objects.filter(taggit_taggeditem_items__object_id__in=image_ids))
    if record_in_ledger:
        record_withdrawal(portrait.translation_key, page_ids, images)
    for image in images:
        image.delete()  # its file and renditions leave storage once the transaction commits
    Tag.objects.filter(pk__in=[t.pk for t in tags], taggit_taggeditem_items__isnull=True).delete()
    forget_history(page_ids, consent_ids, image_ids)  # deletions log too
    forget_search_words()
    transaction.on_commit(discard_pending_uploads)
    log(instance=record, action="gallery.withdraw", user=user)
    announce_taken_down(page_ids)  # the page cache forgets every copy
    record.plan = planned  # what was done, for the curator's report (not stored)
    return record


def withdrawal_ledger():
    return Ledger(ledger_storage(settings.WITHDRAWAL_LEDGER))


def record_withdrawal(translation_key, page_ids, images):
    """What a restore needs to withdraw the person again: ids and the storage keys of their
    files (anonymous names: see gallery/image_files.py), never a name, title or text."""
    files = []
    for image in images:
        files.append(image.file.name)
        files.extend(rendition.file.name for rendition in image.renditions.all())
    withdrawal_ledger().append(
        {
            "kind": "withdrawal",
            "translation_key": str(translation_key),
            "page_ids": sorted(page_ids),
            "image_ids": sorted(image.pk for image in images),
            "files": sorted(files),
        }
    )


def images_of_pages(pages):
    """Every image these pages show or ever showed (drafts and earlier versions included)."""
    image_ids = set()
    for page in pages:
        image_ids |= {ref.image_id for ref in image_references(page)}
        for revision in page.revisions.all():
            image_ids |= {ref.image_id for ref in image_references(revision.as_object())}
    return image_ids


# Other uses of the images ---------------------------------------------------------------------


@dataclass
class Target:
    """An object (a page's live row, a page revision, a setting…) that shows the images."""

    instance: object
    revision: Revision | None = None

    def clear(self, image_ids):
        if self.revision is not None:
            clear_images(self.instance, image_ids)
            self.revision.content = self.instance.serializable_data()
            self.revision.save(update_fields=["content"])
        else:
            changed = clear_images(self.instance, image_ids)
            self.instance.save(update_fields=sorted(changed))


def other_uses(image_ids, excluded_page_ids):
    """Every object outside the excluded pages that shows one of the images now or in a
    revision: pages (live rows and every revision), and anything else the reference index
    knows (settings, snippets)."""
    if not image_ids:
        return []
    targets = []
    page_ids = pages_referencing(image_ids) - set(excluded_page_ids)
    for page in Page.objects.filter(pk__in=page_ids).specific():
        if _shows(page, image_ids):
            targets.append(Target(page))
    for revision in _revisions_that_may_show(image_ids, excluded_page_ids):
        version = revision.as_object()
        if _shows(version, image_ids):
            targets.append(Target(version, revision))
    image_type = ContentType.objects.get_for_model(ExhibitionImage)
    page_type = ContentType.objects.get_for_model(Page)
    others = ReferenceIndex.objects.filter(
        to_content_type=image_type, to_object_id__in=[str(pk) for pk in image_ids]
    ).exclude(base_content_type=page_type)
    for content_type_id, object_id in set(others.values_list("content_type_id", "object_id")):
        instance = ContentType.objects.get_for_id(content_type_id).get_object_for_this_type(
            pk=object_id
        )
        if _shows(instance, image_ids):
            targets.append(Target(instance))
    return targets


def _shows(instance, image_ids):
    return any(ref.image_id in image_ids for ref in image_references(instance))


def _revisions_that_may_show(image_ids, excluded_page_ids):
    """Revisions of other pages whose stored content mentions one of the ids (read again in
    full by the caller): a cheap scan, since an old draft is in no index."""
    ids = "|".join(str(pk) for pk in image_ids)
    mention = re.compile(rf"(?<![\w.])(?:{ids})(?![\w.])")
    page_types = [
        ContentType.objects.get_for_model(m) for m in models_with_images(get_page_models())
    ]
    revisions = Revision.objects.filter(content_type__in=page_types).exclude(
        object_id__in=[str(pk) for pk in excluded_page_ids]
    )
    for pk, content in revisions.values_list("pk", "content").iterator():
        if mention.search(str(content)):
            yield Revision.objects.get(pk=pk)


def _copy(instance):
    """A throwaway copy to try clearing on."""
    copy = type(instance).__new__(type(instance))
    copy.__dict__ = {**instance.__dict__}
    return copy


def _describe(instance):
    """A label and an admin address for something that shows an image."""
    if isinstance(instance, Page):
        label = instance.get_admin_display_title()
        try:
            return label, reverse("wagtailadmin_pages:edit", args=[instance.pk])
        except NoReverseMatch:
            return label, ""
    label = f"{instance._meta.verbose_name.capitalize()} « {instance} »"
    return label, AdminURLFinder().get_edit_url(instance) or ""


# Forgetting -------------------------------------------------------------------------------------


def forget_in_collection_revisions(page_ids):
    """Collection drafts and history must not bring the portrait back, nor keep its note."""
    collection_type = ContentType.objects.get_for_model(CuratedCollectionPage)
    for revision in Revision.objects.filter(content_type=collection_type):
        entries = revision.content.get("entries", [])
        kept = [entry for entry in entries if entry.get("portrait") not in page_ids]
        if len(kept) != len(entries):
            revision.content["entries"] = kept
            revision.save(update_fields=["content"])


def forget_history(page_ids, consent_ids, image_ids):
    """Admin history holds titles and names: the pages', their consent's and images'; so do
    previews' saved form data (the pages', and collections' that may have named them)."""
    PageLogEntry.objects.filter(page_id__in=page_ids).delete()
    FormState.objects.filter(
        Q(object_id__in=[str(pk) for pk in page_ids])
        | Q(content_type=ContentType.objects.get_for_model(CuratedCollectionPage))
    ).delete()
    for model, ids in ((Consent, consent_ids), (ExhibitionImage, image_ids)):
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(pk) for pk in ids],
        ).delete()


def forget_search_words():
    """SQLite's full-text index keeps a deleted entry's words in its segments until they are
    merged: merge them now. (PostgreSQL's index lives in the entries' own rows.)"""
    if connection.vendor != "sqlite":
        return
    table = f"{IndexEntry._meta.db_table}_fts"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [table])
        if cursor.fetchone():
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
