"""What the class sheets' templates need beyond the page's context."""

from django import template

from gallery.renditions import SHEET_PHOTO

register = template.Library()


@register.simple_tag
def sheet_photo(image):
    """The rendition a sheet prints of `image`: one public size (never the original), one
    query when prepared ahead, as a published portrait's are."""
    return image.get_rendition(SHEET_PHOTO) if image else None
