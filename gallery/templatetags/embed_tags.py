"""The link by which other sites discover a page's card (gallery.sharing.embeds)."""

from django import template
from django.utils.html import format_html

from gallery.sharing.embeds import discovery_link, title_of

register = template.Library()


@register.simple_tag(takes_context=True)
def oembed_discovery(context, page):
    """{% oembed_discovery page %}: `<link rel="alternate" type="application/json+oembed">`
    for a portrait or a collection (not in previews: a draft has no card), else nothing."""
    request = context.get("request")
    if request is None or getattr(request, "is_preview", False):
        return ""
    href = discovery_link(page, request)
    if href is None:
        return ""
    return format_html(
        '<link rel="alternate" type="application/json+oembed" href="{}" title="{}">',
        href,
        title_of(page),
    )
