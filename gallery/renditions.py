"""Every picture size the public site uses, in one place.

Templates repeat these specs literally in their {% picture %} tags (the tag only takes literal
specs); tasks prepare the renditions ahead of visitors; a test keeps both in step.
"""

from wagtail.images.models import Filter

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
