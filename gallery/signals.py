"""Reactions to changes: renditions are prepared when an image is added or a page published
(so the first visitor of a new gallery is served as fast as the second) and deleted when a
portrait leaves the public site; a new, changed or deleted consent brings its pages in line."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .models import Consent, ExhibitionImage, PortraitPage
from .models.consent import apply
from .renditions import discard_renditions, image_uses
from .tasks import prepare_renditions


def queue_renditions(image_id, use):
    if image_id:
        transaction.on_commit(lambda: prepare_renditions.enqueue(image_id, use))


@receiver(post_save, sender=ExhibitionImage, dispatch_uid="gallery-image-renditions")
def prepare_new_image(sender, instance, **kwargs):
    # Most uploads are portrait photos; other uses are prepared when their page is published.
    queue_renditions(instance.pk, "portrait-photo")


@receiver(page_published, dispatch_uid="gallery-page-renditions")
def prepare_published_page(sender, instance, **kwargs):
    for image_id, use in image_uses(instance.specific):
        queue_renditions(image_id, use)


@receiver(page_unpublished, sender=PortraitPage, dispatch_uid="gallery-portrait-unpublished")
@receiver(post_delete, sender=PortraitPage, dispatch_uid="gallery-portrait-deleted")
def discard_portrait_renditions(sender, instance, **kwargs):
    discard_renditions(instance)


@receiver(pre_save, sender=Consent, dispatch_uid="gallery-consent-moved")
def remember_portrait(sender, instance, **kwargs):
    # A consent stays with its portrait (its form refuses a move), but code could move it.
    previous = Consent.objects.filter(pk=instance.pk).values_list("portrait_id", flat=True)
    instance._previous_portrait_id = previous.first() if instance.pk else None


@receiver(post_save, sender=Consent, dispatch_uid="gallery-consent-saved")
def consent_saved(sender, instance, **kwargs):
    previous = getattr(instance, "_previous_portrait_id", None)
    if previous and previous != instance.portrait_id:
        left = PortraitPage.objects.get(pk=previous).get_translations(inclusive=True)
        apply(None, left)
    apply(instance)


@receiver(post_delete, sender=Consent, dispatch_uid="gallery-consent-deleted")
def consent_deleted(sender, instance, **kwargs):
    """A consent record deleted: its portraits must not stay public."""
    portraits = PortraitPage.objects.filter(translation_key=instance.portrait.translation_key)
    apply(None, portraits)
