"""Site-wide pieces of every page: header and navigation, language switcher, breadcrumbs."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from wagtail.models import Locale, Page, Site

from gallery.models import VisiblePageQuerySet, visible_translations
from home.models import ExhibitionSettings
from infra import fragments

register = template.Library()


def _visible(model=Page):
    return VisiblePageQuerySet(model).visible()


def _fragment_parts(request, *parts):
    """What every site-wide fragment depends on besides `parts`: the site (its links are
    relative to it) and the interface language."""
    site = Site.find_for_request(request)
    return (site.pk if site else None, translation.get_language(), *parts)


def _shows_drafts(request):
    return getattr(request, "is_preview", False)


@register.inclusion_tag("includes/site_header.html", takes_context=True)
def site_header(context):
    """The site title, linking to the home page in the visitor's language, and the main
    navigation: the home page's children marked "show in menus"."""
    request = context["request"]
    # Inside a collection, the visitor is in the collection's section, not the portrait's.
    page = context.get("via_collection") or context.get("page")
    current_path = page.path if isinstance(page, Page) else ""
    navigation = (
        _navigation(request)
        if _shows_drafts(request)
        else fragments.cached(
            "navigation", _fragment_parts(request), lambda: _navigation(request), lasting=True
        )
    )
    return {
        **navigation,
        "items": [
            {
                **item,
                "current": current_path == item["path"],
                "ancestor": current_path.startswith(item["path"]) and current_path != item["path"],
            }
            for item in navigation["items"]
        ],
        "page": context.get("page"),
        "via_collection": context.get("via_collection"),
        "request": request,
    }


def _navigation(request):
    """What the header shows whatever the page: plain data, kept for the content version."""
    site = Site.find_for_request(request)
    root = site.root_page.localized if site else None
    items = list(_visible().child_of(root).in_menu()) if root else []
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
            {"title": item.title, "url": item.get_url(request), "path": item.path} for item in items
        ],
    }


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in the other languages it has been translated into."""
    page = context.get("via_collection") or context.get("page")
    request = context["request"]
    if not isinstance(page, Page):
        return {"translations": []}
    if _shows_drafts(request):
        return {"translations": _translations(page, request)}
    parts = _fragment_parts(request, page.pk, str(page.translation_key))
    return {
        "translations": fragments.cached(
            "translations", parts, lambda: _translations(page, request)
        )
    }


def _translations(page, request):
    translations = visible_translations(page).exclude(pk=page.pk)
    return [
        {
            "url": translation.get_url(request),
            "language_code": translation.locale.language_code,
            "language_name": translation.locale.get_display_name(),
        }
        for translation in translations.select_related("locale")
    ]


class FragmentNode(template.Node):
    def __init__(self, name, parts, nodelist, lasting):
        self.name, self.parts, self.nodelist, self.lasting = name, parts, nodelist, lasting

    def render(self, context):
        request = context.get("request")
        if request is None or _shows_drafts(request):
            return self.nodelist.render(context)
        parts = _fragment_parts(request, *(part.resolve(context) for part in self.parts))
        make = lambda: self.nodelist.render(context)  # noqa: E731
        return fragments.cached(self.name, parts, make, lasting=self.lasting)


@register.tag
def fragment(parser, token):
    """`{% fragment "name" part… [lasting] %}…{% endfragment %}`: the HTML inside, kept for the
    content version (infra.fragments) per site, language and the parts given, which must name
    everything else it depends on (a page's published version). `lasting`: it does not depend
    on which portraits the listings hold, and outlives a new portrait."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("{% fragment %} needs a quoted name first")
    lasting = bits[-1] == "lasting"
    parts = bits[2:-1] if lasting else bits[2:]
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        bits[1][1:-1], [parser.compile_filter(bit) for bit in parts], nodelist, lasting
    )


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, via=None, current=None):
    """The way back from the current page to the home page.

    `via` is the page the visitor came through when it is not the page's parent (a portrait
    visited inside a collection, a stage inside the path); `current` names where they are.
    The ancestors' titles and addresses are kept for the content version.
    """
    page = context.get("page")
    request = context["request"]
    if not isinstance(page, Page):
        return {"crumbs": []}
    trail = via or page

    def make():
        ancestors = trail.get_ancestors(inclusive=bool(via)).filter(depth__gt=1)
        return [
            {"title": a.title, "url": a.get_url(request), "is_home": a.depth == 2}
            for a in ancestors
        ]

    crumbs = (
        make()
        if _shows_drafts(request) or trail.pk is None
        else fragments.cached(
            "breadcrumbs", _fragment_parts(request, trail.pk, bool(via)), make, lasting=True
        )
    )
    return {
        "crumbs": crumbs,
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
def page_lang_attrs(page):
    """`lang_attrs` for the page's own language, from its locale's id: the locales are kept
    for the content version, so no page asks for its own."""
    if not fragments.enabled():  # routing has often loaded it already
        return lang_attrs(page.locale.language_code)
    codes = fragments.cached(
        "locales", (), lambda: dict(Locale.objects.values_list("pk", "language_code"))
    )
    return lang_attrs(codes.get(page.locale_id) or page.locale.language_code)


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
