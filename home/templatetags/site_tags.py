"""Site-wide pieces of every page: header and navigation, language switcher, breadcrumbs."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from wagtail.models import Page, Site

from gallery.models import VisiblePageQuerySet
from home.models import ExhibitionSettings

register = template.Library()


def _visible(model=Page):
    return VisiblePageQuerySet(model).visible()


@register.inclusion_tag("includes/site_header.html", takes_context=True)
def site_header(context):
    """The site title, linking to the home page in the visitor's language, and the main
    navigation: the home page's children marked "show in menus"."""
    request = context["request"]
    # Inside a collection, the visitor is in the collection's section, not the portrait's.
    page = context.get("via_collection") or context.get("page")
    site = Site.find_for_request(request)
    root = site.root_page.localized if site else None
    items = list(_visible().child_of(root).in_menu()) if root else []
    current_path = page.path if isinstance(page, Page) else ""
    credits = ExhibitionSettings.for_request(request) if site else None
    return {
        "demo_notice": credits.demo_notice if credits else "",
        "site_name": site.site_name if site else "",
        # The home page's translation in the visitor's language, else the default language.
        "content_language": (
            translation.get_language()
            if root and root.pk != site.root_page_id
            else settings.LANGUAGE_CODE
        ),
        "default_language": settings.LANGUAGE_CODE,
        "root_url": root.get_url(request) if root else "/",
        "items": [
            {
                "page": item,
                "url": item.get_url(request),
                "current": current_path == item.path,
                "ancestor": current_path.startswith(item.path) and current_path != item.path,
            }
            for item in items
        ],
        "page": context.get("page"),
        "via_collection": context.get("via_collection"),
        "request": request,
    }


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in the other languages it has been translated into."""
    page = context.get("via_collection") or context.get("page")
    request = context["request"]
    if not isinstance(page, Page):
        return {"translations": []}
    translations = _visible().filter(translation_key=page.translation_key).exclude(pk=page.pk)
    return {
        "translations": [
            {
                "url": translation.get_url(request),
                "language_code": translation.locale.language_code,
                "language_name": translation.locale.get_display_name(),
            }
            for translation in translations.select_related("locale")
        ]
    }


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, via=None, current=None):
    """The way back from the current page to the home page.

    `via` is the page the visitor came through when it is not the page's parent (a portrait
    visited inside a collection, a stage inside the path); `current` names where they are.
    """
    page = context.get("page")
    request = context["request"]
    if not isinstance(page, Page):
        return {"crumbs": []}
    trail = via or page
    ancestors = trail.get_ancestors(inclusive=bool(via)).filter(depth__gt=1)
    return {
        "crumbs": [
            {"title": a.title, "url": a.get_url(request), "is_home": a.depth == 2}
            for a in ancestors
        ],
        "current": current or getattr(page, "display_name", "") or page.title,
    }


@register.simple_tag(takes_context=True)
def canonical_url(context, page):
    """The page's absolute URL on its site's own host and port (Settings → Sites), whatever
    Host header the visitor sent: a cached page must not carry one visitor's host to all."""
    return page.get_full_url(context.get("request")) or ""


@register.simple_tag
def localized(page):
    """The page in the active language where it has been translated, else the page itself.

    Pages chosen in settings are in the default language, so only other languages look for a
    translation (which costs queries).
    """
    if page is None or translation.get_language() == settings.LANGUAGE_CODE:
        return page
    return page.localized


@register.simple_tag
def lang_attrs(language_code):
    """`lang` and `dir` for content whose language differs from the interface's (a French
    portrait shown with the Arabic interface), or nothing when they are the same."""
    if not language_code or language_code == translation.get_language():
        return ""
    direction = "rtl" if translation.get_language_info(language_code)["bidi"] else "ltr"
    return format_html(' lang="{}" dir="{}"', language_code, direction)


@register.simple_tag(takes_context=True)
def page_link(context, number):
    """A pagination link: the page's canonical parameters (`canonical_params`) with `page`
    set, the first page being the address without it."""
    request = context["request"]
    params = dict(context.get("canonical_params", {}))
    params.pop("page", None)
    if number > 1:
        params["page"] = number
    return f"{request.path}?{urlencode(params)}" if params else request.path
