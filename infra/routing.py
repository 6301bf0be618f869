"""Where an address leads, remembered between page-cache misses.

Wagtail finds a page by walking the tree from the site's root: a query for the site, one for
the language's root, two for each level (the child, then its own type's row), then two for
the view restrictions of the page and its ancestors: seven of a portrait's ten queries. All of
it changes only with the structure (a slug, a move, an unpublication, a restriction, a site:
each starts a new structure version), so it is kept for the structure version
(infra.fragments; a first publication adds a route, which was not kept) and a miss finds its
page in one query. The page itself is always read afresh: its own text may
change without a new version.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.http.request import split_domain_port
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.models import PageViewRestriction, Site

from . import fragments


class RememberedRoutes:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        pending = request.__dict__.pop("_route_to_keep", None)
        # Only the addresses of pages that answered: a subpage route takes any slug (a
        # collection's /<portrait>/), and what visitors make up must not fill the cache.
        if pending and response.status_code == 200:
            _keep(request, *pending)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve or request.method not in ("GET", "HEAD"):
            return None
        if not fragments.enabled():
            return None
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        parts = _parts(request, path)
        route, version = fragments.find("route", parts, lasting=True)
        if route is None:
            request._route_to_keep = (parts, version, path)
        else:
            _follow(request, route, path)
        return None


def _parts(request, path):
    # As Wagtail finds the site: by host name and port; the language chooses the root.
    hostname = split_domain_port(request._get_raw_host())[0]
    return (hostname, request.get_port(), translation.get_language(), path)


def _follow(request, route, path):
    """Set what Wagtail's serve view would have found (Site.find_for_request and
    Page.route_for_request read it from the request)."""
    request._wagtail_site = route["site"]
    model = ContentType.objects.get_for_id(route["content_type"]).model_class()
    page = model.objects.filter(pk=route["page"]).first()
    components = [component for component in path.split("/") if component]
    try:
        result = page and page.route(request, components[route["depth"] :])
    except Http404:
        result = None
    request._wagtail_route_for_request = result
    if page is not None and not route["restricted"]:
        # Wagtail's before_serve_page hook asks for the restrictions (two queries): none.
        page.get_view_restrictions = PageViewRestriction.objects.none


def _keep(request, parts, version, path):
    site = getattr(request, "_wagtail_site", None)
    result = getattr(request, "_wagtail_route_for_request", None)
    if site is None or result is None:
        return  # no page there: nothing to remember
    page = result[0]
    route = {
        "site": site,
        "content_type": page.content_type_id,
        "page": page.pk,
        # The path's components the tree consumed; the page routes the rest (a subpage).
        "depth": page.depth - site.root_page.depth,
        "restricted": page.get_view_restrictions().exists(),
    }
    fragments.keep("route", parts, version, route)


def find_site(request):
    """The request's Site, kept for the structure version: for what a page cache hit makes
    without routing (a late part), which would otherwise ask the database on every call."""
    if getattr(request, "_wagtail_site", None) is None and fragments.enabled():
        hostname, port = split_domain_port(request._get_raw_host())[0], request.get_port()
        request._wagtail_site = fragments.cached(
            "site", (hostname, port), lambda: Site.find_for_request(request), lasting=True
        )
    return Site.find_for_request(request)
