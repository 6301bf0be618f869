from django import template
from django.conf import settings

from infra import late_parts
from infra.page_cache import shows as record

register = template.Library()


@register.simple_tag(takes_context=True)
def shows(context, *pages):
    """{% shows portrait %}: this page shows that page's content (a card, a sheet…), so an
    edit of it must delete this page from the cache too. Renders nothing."""
    if request := context.get("request"):
        record(request, *pages)
    return ""


@register.simple_tag(takes_context=True)
def late(context, name, *parts, **known):
    """{% late "tour" page.pk portrait=page %}: a late part of the page (infra.late_parts),
    made by the function registered under `name` from `parts`, kept apart from the stored
    page; `known`, what the page has already read, saves the maker reading it again."""
    return late_parts.render(context.get("request"), name, *parts, **known)


@register.simple_tag(takes_context=True)
def may_be_signed_in(context):
    """Whether the visitor has a session at all: only then may Wagtail's user bar look for a
    signed-in user. Looking reads the session, and a page that did is `Vary: Cookie`, which no
    shared cache keeps: anonymous pages must not."""
    request = context.get("request")
    return bool(request and settings.SESSION_COOKIE_NAME in request.COOKIES)
