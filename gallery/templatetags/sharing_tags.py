"""What a page's <head> tells others: its preview (gallery.sharing.previews)."""

from django import template
from wagtail.models import Page

from gallery.sharing.previews import preview_of

register = template.Library()


@register.inclusion_tag("includes/page_preview.html", takes_context=True)
def page_preview(context):
    """Meta description, canonical and hreflang links, Open Graph, Twitter card and JSON-LD
    of the page being shown; for a view that is no page (search), its description only."""
    page = context.get("page")
    if not isinstance(page, Page) or page.pk is None:
        return {"preview": None}
    return {"preview": preview_of(page.specific_deferred, context["request"], context.flatten())}
