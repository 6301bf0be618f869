"""Every picture size the public site uses, in one place.

Templates repeat these specs literally in their {% picture %} tags (the tag only takes literal
specs); tasks prepare the renditions ahead of visitors; a test keeps both in step.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Page, ReferenceIndex

CARD = "format-{avif,webp,jpeg} fill-{320x400,640x800}"
THUMBNAIL = "format-{avif,webp,jpeg} fill-{160x200,320x400}"
PORTRAIT = "format-{avif,webp,jpeg} width-{480,960}"
ZOOM = "format-{avif,webp,jpeg} width-{1600}"
FIGURE = "format-{avif,webp,jpeg} width-{480,960}"
HERO = "format-{avif,webp,jpeg} fill-{480x600,960x1200}"

# What an image is used as -> the specs it needs.
USES = {
    "portrait-photo": (CARD, THUMBNAIL, PORTRAIT, ZOOM),
    "figure": (FIGURE, ZOOM),
    "hero": (HERO,),
}

ALL_SPECS = frozenset(spec for specs in USES.values() for spec in specs)


def filters_for(use):
    """The Wagtail filters (one per rendition) that an image used as `use` needs."""
    return [
        Filter(spec=expanded)
        for spec in dict.fromkeys(USES[use])
        for expanded in Filter.expand_spec(spec)
    ]


def image_uses(page):
    """(image id, use) for every image a published page shows."""
    from .models import PortraitPage

    if isinstance(page, PortraitPage):
        if page.photo_id:
            yield page.photo_id, "portrait-photo"
        for block in page.testimony:
            if block.block_type == "figure" and block.value["image"]:
                yield block.value["image"].pk, "figure"
    elif getattr(page, "hero_image_id", None):
        yield page.hero_image_id, "hero"


def discard_renditions(page):
    """Delete the renditions of a page's images once it has left the public site, unless
    another live page or anything else still shows them.

    Renditions are public files: an unpublished portrait's photo must not stay reachable by
    its address. The original stays private and the renditions come back on publication.
    """
    image_ids = {str(image_id) for image_id, _ in image_uses(page)}
    if not image_ids:
        return
    Image = get_image_model()
    page_type = ContentType.objects.get_for_model(Page)
    references = (
        ReferenceIndex.objects.filter(
            to_content_type=ContentType.objects.get_for_model(Image), to_object_id__in=image_ids
        )
        .exclude(base_content_type=page_type, object_id=str(page.pk))
        .values_list("to_object_id", "base_content_type_id", "object_id")
    )
    still_shown, by_page = set(), {}
    for image_id, source_type, source_id in references:
        if source_type == page_type.pk:
            by_page.setdefault(int(source_id), set()).add(image_id)
        else:
            still_shown.add(image_id)  # a setting or snippet: keep to be safe
    for page_id in Page.objects.live().filter(pk__in=by_page).values_list("pk", flat=True):
        still_shown |= by_page[page_id]
    # One by one, so that Wagtail removes each file from storage.
    unused = Image.get_rendition_model().objects.filter(
        image_id__in=[int(pk) for pk in image_ids - still_shown]
    )
    for rendition in list(unused):
        rendition.delete()
