"""Withdrawal: a person takes their portrait back, and nothing of them stays anywhere.

The portrait and its translations are deleted with their revisions, history, consent, journey
and collection entries; collection drafts forget it; its photos and their renditions leave
storage; search, sitemap and the page cache follow. What remains is a `Withdrawal` record:
who, when, which page id.
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from taggit.models import Tag
from wagtail.admin.models import FormState
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Page, PageLogEntry, ReferenceIndex, Revision

from .models import Consent, CuratedCollectionPage, ExhibitionImage, PortraitPage, Withdrawal


@transaction.atomic
def withdraw(portrait, user=None):
    pages = list(PortraitPage.objects.filter(translation_key=portrait.translation_key))
    page_ids = [page.pk for page in pages]
    images = images_only_shown_by(pages)
    consent_ids = list(Consent.objects.filter(portrait__in=pages).values_list("pk", flat=True))
    forget_in_collection_revisions(page_ids)
    for page in pages:
        if page.live:
            page.unpublish(log_action=False)
    record = Withdrawal.objects.create(
        page_id=portrait.pk,
        withdrawn_by=user,
        pages_deleted=len(pages),
        images_deleted=len(images),
    )
    for page in pages:
        page.delete()  # revisions, consent, journey, collection entries, comments go with it
    tags = set(Tag.objects.filter(taggit_taggeditem_items__object_id__in=[i.pk for i in images]))
    for image in images:
        image.delete()  # its file and renditions leave storage once the transaction commits
    Tag.objects.filter(pk__in=[t.pk for t in tags], taggit_taggeditem_items__isnull=True).delete()
    forget_history(page_ids, consent_ids, [image.pk for image in images])  # deletions log too
    log(instance=record, action="gallery.withdraw", user=user)
    return record


def images_only_shown_by(pages):
    """The photos and testimony images these pages show or ever showed (drafts and earlier
    versions included) that no other page uses."""
    image_ids = set()
    for page in pages:
        image_ids |= images_in(page.photo_id, page.testimony.get_prep_value())
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = [str(page.pk) for page in pages]
    for content in Revision.objects.filter(
        base_content_type=page_type, object_id__in=page_ids
    ).values_list("content", flat=True):
        image_ids |= images_in(content.get("photo"), content.get("testimony"))
    references = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(ExhibitionImage),
        to_object_id__in=[str(pk) for pk in image_ids],
    )
    from_these_pages = Q(base_content_type=page_type, object_id__in=page_ids)
    used_elsewhere = {
        int(pk)
        for pk in references.exclude(from_these_pages).values_list("to_object_id", flat=True)
    }
    return list(ExhibitionImage.objects.filter(pk__in=image_ids - used_elsewhere))


def images_in(photo_id, testimony):
    """Image ids from a portrait's photo and its testimony's stream data (as stored)."""
    if isinstance(testimony, str):
        testimony = json.loads(testimony or "[]")
    ids = {photo_id} if photo_id else set()
    for block in testimony or []:
        if block.get("type") == "figure" and (block.get("value") or {}).get("image"):
            ids.add(block["value"]["image"])
    return ids


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
