"""Where an object shows images: its image fields and the image blocks of its StreamFields.

Read from the object itself (a page, a page's revision, a setting), never from an index that
may lag behind: what decides whether a photo is public, and what a withdrawal clears, must be
what the object holds now.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from wagtail.blocks import ListBlock, StreamBlock, StreamValue, StructBlock
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page, ReferenceIndex, get_page_models


@dataclass(frozen=True)
class ImageReference:
    image_id: int
    field: str  # the object's field
    block_id: str | None = None  # the top-level StreamField block holding it


def image_references(instance):
    """Every image `instance` shows, field by field."""
    for field in _image_fields(type(instance)):
        if isinstance(field, StreamField):
            for child in getattr(instance, field.name) or []:
                for image_id in _images_in(child.block, child.value):
                    yield ImageReference(image_id, field.name, child.id)
        elif (image_id := getattr(instance, field.attname)) is not None:
            yield ImageReference(image_id, field.name)


def clear_images(instance, image_ids):
    """Take the images out of `instance` (in memory): an image field is emptied, a block that
    shows one is removed. Returns the fields changed; raises CannotClear for an image field
    that cannot be empty."""
    changed = set()
    for field in _image_fields(type(instance)):
        if isinstance(field, StreamField):
            stream = getattr(instance, field.name) or []
            kept = [
                (child.block_type, child.value, child.id)
                for child in stream
                if set(_images_in(child.block, child.value)).isdisjoint(image_ids)
            ]
            if len(kept) != len(stream):
                setattr(instance, field.name, StreamValue(field.stream_block, kept))
                changed.add(field.name)
        elif getattr(instance, field.attname) in image_ids:
            if not field.null:
                raise CannotClear(instance, field)
            setattr(instance, field.attname, None)
            changed.add(field.name)
    return changed


class CannotClear(Exception):
    """An object needs the image (a required field): it cannot simply be taken out."""

    def __init__(self, instance, field):
        super().__init__(f"{type(instance).__name__}.{field.name}")
        self.instance, self.field = instance, field


def pages_referencing(image_ids, live_only=False):
    """Ids of the pages that may show one of the images (to be read, then, by
    image_references()): by their image fields, read now, and by Wagtail's reference index,
    for images inside StreamField blocks."""
    image_model = get_image_model()
    found = set()
    for model in models_with_images(get_page_models()):
        conditions = Q()
        for field in model._meta.concrete_fields:
            if field.many_to_one and field.related_model is image_model:
                conditions |= Q(**{f"{field.attname}__in": image_ids})
        if conditions:
            pages = model.objects.live() if live_only else model.objects.all()
            found |= set(pages.filter(conditions).values_list("pk", flat=True))
    indexed = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(image_model),
        to_object_id__in=[str(pk) for pk in image_ids],
        base_content_type=ContentType.objects.get_for_model(Page),
    )
    return found | {int(pk) for pk in indexed.values_list("object_id", flat=True)}


def models_with_images(candidates):
    """The models among `candidates` that can show an image."""
    return [model for model in candidates if _image_fields(model)]


def _image_fields(model):
    image_model = get_image_model()
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, StreamField)
        or (isinstance(field, models.ForeignKey) and field.related_model is image_model)
    ]


def _images_in(block, value):
    """Image ids inside one block's value, however deeply nested."""
    if value is None:
        return
    if isinstance(block, ImageChooserBlock):
        yield value.pk if hasattr(value, "pk") else value
    elif isinstance(block, StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from _images_in(child_block, value.get(name))
    elif isinstance(block, ListBlock):
        for item in value:
            yield from _images_in(block.child_block, item)
    elif isinstance(block, StreamBlock):
        for child in value:
            yield from _images_in(child.block, child.value)
