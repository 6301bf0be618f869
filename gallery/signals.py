"""Reactions to changes: renditions are prepared when an image is added or a page published
(so the first visitor of a new gallery is served as fast as the second) and deleted when a
portrait leaves the public site; a portrait whose consent is deleted leaves it."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .models import Consent, ExhibitionImage, PortraitPage
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


@receiver(post_delete, sender=Consent, dispatch_uid="gallery-consent-deleted")
def unpublish_without_consent(sender, instance, **kwargs):
    """A consent record deleted: its portraits must not stay public."""
    for portrait in instance.portraits():
        portrait.apply_consent(None)
