"""Reactions to changes: a page's publication prepares its pictures ahead of visitors (so the
first visitor of a new gallery is served as fast as the second) and whatever may change what
the public sees brings the rendition files in line (gallery.renditions.sync); a new, changed or
deleted consent brings its pages in line (gallery.models.consent.apply); a short-linked page's
first publication gives it its short link (gallery.short_links)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction, UploadedFile, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from infra.invalidation import invalidate, invalidate_on_change, purge
from infra.page_cache import enabled as page_cache_enabled

from .image_uses import models_with_images
from .models import Consent, ExhibitionImage, GlossaryTerm, PortraitPage
from .models.consent import announce_taken_down, apply, portraits_taken_down
from .renditions import (
    image_uses,
    images_of,
    images_under,
    public_uses,
    sync,
)
from .short_links import link_for
from .tasks import prepare_renditions, refresh_glossary_terms
from .uploads import after_storing, strip_before_storing

# Rows the public sees (pages are outdated by infra itself).
invalidate_on_change(
    "gallery.NaturalisationStage",
    "gallery.GlossaryTerm",
    "gallery.ContentTheme",
    "gallery.TeachingLevel",
    "gallery.TeachingSubject",
)


@receiver(post_save, sender=Consent, dispatch_uid="gallery-consent-cache")
@receiver(post_delete, sender=Consent, dispatch_uid="gallery-consent-deleted-cache")
def consent_changed_pages(sender, instance, **kwargs):
    """A consent bounds what its portrait shows and until when (so how long a cached version
    may live): a change outdates every page, unless the portrait is not published (a consent
    recorded ahead; an unpublication outdates them itself)."""
    if not page_cache_enabled():
        return
    portraits = PortraitPage.objects.filter(pk=instance.portrait_id).values("translation_key")
    if PortraitPage.objects.filter(translation_key__in=portraits, live=True).exists():
        invalidate()


# A person's consent took their portrait down: no copy of it may stay in the cache.
portraits_taken_down.connect(purge, dispatch_uid="page-cache-purge-taken-down")

pre_save.connect(strip_before_storing, sender=UploadedFile, dispatch_uid="gallery-upload-strip")
post_save.connect(after_storing, sender=UploadedFile, dispatch_uid="gallery-upload-stored")


def sync_on_commit(image_ids, shown_by=None):
    if image_ids:
        transaction.on_commit(lambda: sync(image_ids, shown_by=shown_by))


def queue_renditions(image_id, use):
    transaction.on_commit(lambda: prepare_renditions.enqueue(image_id, use))


@receiver(page_published, dispatch_uid="gallery-page-published")
def page_published_renditions(sender, instance, **kwargs):
    sync_on_commit(images_of(instance), shown_by=instance)
    for image_id, use in image_uses(instance.specific):
        queue_renditions(image_id, use)


@receiver(page_published, dispatch_uid="gallery-page-short-link")
def page_published_short_link(sender, instance, **kwargs):
    """A short-linked page's first publication gives it (and its translations) its short link,
    kept from then on."""
    link_for(instance)


@receiver(page_unpublished, dispatch_uid="gallery-page-unpublished")
def page_unpublished_renditions(sender, instance, **kwargs):
    sync_on_commit(images_of(instance))


@receiver(page_unpublished, sender=PortraitPage, dispatch_uid="gallery-portrait-unpublished")
def portrait_unpublished(sender, instance, **kwargs):
    # At its consent's end (publish_scheduled) as for any other reason: no copy of the page
    # stays in the cache, even an outdated one.
    announce_taken_down([instance.pk])


@receiver(post_page_move, dispatch_uid="gallery-page-moved")
def page_moved_renditions(sender, instance, **kwargs):
    sync_on_commit(images_under(instance))  # it may have entered or left a private section


def remember_images(sender, instance, **kwargs):
    instance._images_before_deletion = images_of(instance)


def page_deleted_renditions(sender, instance, **kwargs):
    sync_on_commit(getattr(instance, "_images_before_deletion", set()))


for model in models_with_images(get_page_models()):
    pre_delete.connect(remember_images, sender=model, dispatch_uid=f"gallery-images-{model}")
    post_delete.connect(
        page_deleted_renditions, sender=model, dispatch_uid=f"gallery-renditions-{model}"
    )


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="gallery-restricted")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="gallery-unrestricted")
def restriction_renditions(sender, instance, **kwargs):
    sync_on_commit(images_under(instance.page))


# What the public sees of an image: a change of its title, tags or collection (the admin's)
# leaves every cached page as it is; of these, it outdates every page (cached photos and cards
# name the image, not its description).
PUBLIC_IMAGE_FIELDS = (
    "file", "width", "height", "alt_text", "credit", "licence",
    "focal_point_x", "focal_point_y", "focal_point_width", "focal_point_height",
)  # fmt: skip


def public_image_fields(image):
    return {name: getattr(image, name) for name in PUBLIC_IMAGE_FIELDS} | {"file": image.file.name}


@receiver(pre_save, sender=ExhibitionImage, dispatch_uid="gallery-image-before")
def remember_public_image(sender, instance, raw=False, **kwargs):
    # Read only where a shared cache could hold the image's pages (infra.page_cache.enabled).
    keep = instance.pk and not raw and page_cache_enabled()
    before = sender.objects.filter(pk=instance.pk).first() if keep else None
    instance._public_before = public_image_fields(before) if before else None


@receiver(post_save, sender=ExhibitionImage, dispatch_uid="gallery-image-cache")
def image_saved_pages(sender, instance, created, **kwargs):
    before = instance.__dict__.pop("_public_before", None)
    if not created and before != public_image_fields(instance):
        invalidate()


post_delete.connect(invalidate, sender=ExhibitionImage, dispatch_uid="gallery-image-deleted")


@receiver(post_save, sender=ExhibitionImage, dispatch_uid="gallery-image-saved")
def image_saved_renditions(sender, instance, created, **kwargs):
    """A new file or focal point on an image the public sees: its sizes again, ahead of
    visitors. An image nobody shows yet gets them when a page showing it is published."""
    if created:
        return
    for use in public_uses(instance.pk):
        queue_renditions(instance.pk, use)


@receiver(pre_save, sender=Consent, dispatch_uid="gallery-consent-moved")
def remember_portrait(sender, instance, **kwargs):
    # A consent stays with its portrait (its form refuses a move), but code could move it.
    # Its scope before the change tells whether printing was withdrawn (sheets to forget).
    instance._before = Consent.objects.filter(pk=instance.pk).first() if instance.pk else None


@receiver(post_save, sender=Consent, dispatch_uid="gallery-consent-saved")
def consent_saved(sender, instance, **kwargs):
    before = getattr(instance, "_before", None)
    if before and before.portrait_id != instance.portrait_id:
        left = PortraitPage.objects.get(pk=before.portrait_id).get_translations(inclusive=True)
        apply(None, left)
        before = None
    apply(instance, before=before)


@receiver(post_delete, sender=Consent, dispatch_uid="gallery-consent-deleted")
def consent_deleted(sender, instance, **kwargs):
    """A consent record deleted: its portraits must not stay public."""
    portraits = PortraitPage.objects.filter(translation_key=instance.portrait.translation_key)
    apply(None, portraits)


@receiver(post_save, sender=GlossaryTerm, dispatch_uid="gallery-glossary-term-saved")
@receiver(post_delete, sender=GlossaryTerm, dispatch_uid="gallery-glossary-term-deleted")
def glossary_term_changed(sender, instance, **kwargs):
    """A term added, changed or deleted: the portraits of its language list it, or no longer,
    once matched again (portraits store their terms; nothing is matched per request)."""
    locale_id = instance.locale_id
    transaction.on_commit(lambda: refresh_glossary_terms.enqueue(locale_id))
