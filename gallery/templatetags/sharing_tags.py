"""What a page's <head> tells others: its preview (gallery.sharing.previews)."""

from django import template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.models import Page, Site

from gallery.sharing.previews import preview_of
from infra import fragments

register = template.Library()
TEMPLATE = "includes/page_preview.html"


@register.simple_tag(takes_context=True)
def page_preview(context):
    """Meta description, canonical and hreflang links, Open Graph, Twitter card and JSON-LD
    of the page being shown; for a view that is no page (search), its description only.
    Kept for the content version (infra.fragments), per published version of the page and
    of each portrait it names (a collection's parts): an edit of one in place changes it."""
    page, request = context.get("page"), context["request"]
    if not isinstance(page, Page) or page.pk is None:
        return render_to_string(TEMPLATE, {"preview": None})

    def make():
        preview = preview_of(page.specific_deferred, request, context.flatten())
        return render_to_string(TEMPLATE, {"preview": preview})

    if getattr(request, "is_preview", False):
        return make()
    named = [entry.portrait for entry in context.get("entries") or () if hasattr(entry, "portrait")]
    site = Site.find_for_request(request)
    parts = (
        site and site.pk,
        translation.get_language(),
        page.pk,
        page.live_revision_id,
        tuple((portrait.pk, portrait.live_revision_id) for portrait in named),
    )
    return mark_safe(fragments.cached("preview", parts, make))
