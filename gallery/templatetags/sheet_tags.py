"""What the class sheets' templates need beyond the page's context."""

from django import template
from wagtail.images.models import Filter

from gallery.renditions import SHEET_PHOTO, is_private

register = template.Library()


@register.simple_tag
def sheet_photo(image):
    """The rendition a sheet prints of `image`: one public size (never the original), one
    query when prepared ahead, as a published portrait's are."""
    return image.get_rendition(SHEET_PHOTO) if image else None


@register.simple_tag
def prepared_sheet_photo(image):
    """The public rendition a sheet prints of `image` if it was prepared ahead (when its
    portrait was published), else None: a sheet naming many portraits never makes renditions
    during a visitor's request. Read from the renditions prefetched with the image (the
    portraits' `for_cards()`), so no query."""
    if image is None:
        return None
    try:
        rendition = image.find_existing_rendition(Filter(spec=SHEET_PHOTO))
    except image.get_rendition_model().DoesNotExist:
        return None
    return None if is_private(rendition.file.name) else rendition
