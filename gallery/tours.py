"""Tours: where a visitor stands in a sequence of portraits, its neighbours, and what follows.

The exhibition and each curated collection are sequences ("tours"); a portrait page shows
its place in the one the visitor came through: previous and next, "3 / 9", and at the end the
start again or the next tour. Every sequence holds only what the public may see.

The tour's navigation is a late part of a stored portrait page (infra.late_parts): a new
portrait changes every total, not the pages themselves.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.template.loader import render_to_string

from infra import fragments, late_parts
from infra.routing import find_site

from .models import CuratedCollectionPage, PortraitPage

# What a tour reads of its portraits: their place, their link and the name it shows (other
# fields load when asked, as when a tour is worked out afresh).
STOP_FIELDS = ("path", "depth", "url_path", "locale", "translation_key", "display_name")


@dataclass(frozen=True)
class Stop:
    """A portrait reachable from the current one, with the URL that keeps the visitor's tour."""

    portrait: object
    url: str


@dataclass(frozen=True)
class TourStart:
    """Another tour the visitor can go on with: its title and its first portrait."""

    title: str
    url: str


@dataclass(frozen=True)
class TourPosition:
    title: str
    url: str
    position: int
    total: int
    previous: Stop | None
    next: Stop | None
    # At the end of a tour: back to its first portrait, and the next tour if there is one.
    restart: Stop | None = None
    next_tour: TourStart | None = None

    @property
    def is_last(self):
        return self.next is None


def exhibition_tour(portrait, request=None):
    """This portrait's place among the visible portraits of its exhibition; at the end, the
    first collection of its language.

    The exhibition's order of visible portraits is kept for the content version
    (infra.fragments): a miss then costs one query, for the neighbours' own texts."""
    if getattr(request, "is_preview", False) or not fragments.enabled():
        return _exhibition_tour(portrait, request)
    site = getattr(request, "_wagtail_site", None)
    parts = (portrait.path[: -portrait.steplen], getattr(site, "pk", None))
    order = fragments.cached("exhibition-tour", parts, lambda: _exhibition_order(portrait, request))
    pks = order["portraits"]
    if portrait.pk not in pks:  # not visible: a draft shared for review
        return _exhibition_tour(portrait, request)
    index = pks.index(portrait.pk)
    is_last = index == len(pks) - 1
    # Its neighbours, and at the end the first portrait, to start again.
    wanted = pks[max(0, index - 1) : index + 2] + (pks[:1] if is_last else [])
    found = {p.pk: p for p in PortraitPage.objects.filter(pk__in=wanted).only(*STOP_FIELDS)}
    if set(wanted) - set(found):  # gone since the order was kept: computed afresh
        return _exhibition_tour(portrait, request)

    def stop(i):
        return Stop(found[pks[i]], found[pks[i]].get_url(request)) if 0 <= i < len(pks) else None

    return TourPosition(
        title=order["title"],
        url=order["url"],
        position=index + 1,
        total=len(pks),
        previous=stop(index - 1),
        next=stop(index + 1),
        restart=stop(0) if is_last and index > 0 else None,
        next_tour=_kept_first_collection_tour(portrait.locale_id, request) if is_last else None,
    )


def _exhibition_order(portrait, request):
    """The exhibition's title, address and visible portraits (their ids, in order)."""
    exhibition = portrait.get_parent()
    siblings = PortraitPage.objects.sibling_of(portrait).visible().order_by("path")
    return {
        "title": exhibition.title,
        "url": exhibition.get_url(request),
        "portraits": list(siblings.values_list("pk", flat=True)),
    }


def _kept_first_collection_tour(locale_id, request):
    # Apart from the order: only the last portrait's tour asks for it.
    site = getattr(request, "_wagtail_site", None)
    parts = (locale_id, getattr(site, "pk", None))
    return fragments.cached("next-tour", parts, lambda: _first_collection_tour(locale_id, request))


def _first_collection_tour(locale_id, request):
    collection = (
        CuratedCollectionPage.objects.visible().filter(locale_id=locale_id).order_by("path").first()
    )
    return tour_start(collection, request) if collection else None


def _exhibition_tour(portrait, request=None):
    siblings = PortraitPage.objects.sibling_of(portrait).visible()
    previous = siblings.filter(path__lt=portrait.path).order_by("-path").first()
    following = siblings.filter(path__gt=portrait.path).order_by("path").first()
    counts = siblings.aggregate(
        total=Count("pk"), before=Count("pk", filter=Q(path__lt=portrait.path))
    )
    exhibition = portrait.get_parent()
    restart = next_tour = None
    if following is None:  # the last portrait offers a collection, or the start again
        first = siblings.order_by("path").first()
        restart = Stop(first, first.get_url(request)) if first and first != portrait else None
        next_tour = _first_collection_tour(portrait.locale_id, request)
    return TourPosition(
        title=exhibition.title,
        url=exhibition.get_url(request),
        position=counts["before"] + 1,
        total=max(counts["total"], counts["before"] + 1),
        previous=Stop(previous, previous.get_url(request)) if previous else None,
        next=Stop(following, following.get_url(request)) if following else None,
        restart=restart,
        next_tour=next_tour,
    )


def collection_tour(collection, entries, index, request=None):
    """The place of `entries[index]` among a collection's visible entries (from
    CuratedCollectionPage.visible_entries); at the end, the next collection that shows one."""

    def stop(i):
        return Stop(entries[i].portrait, entries[i].url) if 0 <= i < len(entries) else None

    is_last = index == len(entries) - 1
    following = (
        CuratedCollectionPage.objects.sibling_of(collection)
        .visible()
        .filter(path__gt=collection.path)
        .order_by("path")
        if is_last
        else []
    )
    return TourPosition(
        title=collection.title,
        url=collection.get_url(request),
        position=index + 1,
        total=len(entries),
        previous=stop(index - 1),
        next=stop(index + 1),
        restart=stop(0) if is_last and index > 0 else None,
        next_tour=next((start for c in following if (start := tour_start(c, request))), None),
    )


def tour_start(collection, request=None):
    """Where a visit of this collection begins, or None if it shows no portrait yet."""
    entries = collection.visible_entries(request, cards=False)  # one link, no pictures
    return TourStart(collection.title, entries[0].url) if entries else None


def tour_of(portrait, request, collection=None, entries=None):
    """The tour the visitor walks through: the exhibition, or `collection` when the portrait
    is visited within it (`entries`: its visible entries); None if it has left it."""
    if collection is None:
        return exhibition_tour(portrait, request)
    index = next((i for i, e in enumerate(entries) if e.portrait.pk == portrait.pk), None)
    return None if index is None else collection_tour(collection, entries, index, request)


@late_parts.maker("tour")
def tour_navigation(
    request, portrait_pk, collection_pk=None, portrait=None, collection=None, entries=None
):
    """The navigation of a portrait's tour (a late part of its stored page). A page rendered
    whole passes what it has already read (the portrait, the collection and its visible
    entries); the page cache, only the ids."""
    find_site(request)  # the links' site, without routing (the page came from the cache)
    portrait = portrait or PortraitPage.objects.only(*STOP_FIELDS).get(pk=portrait_pk)
    if collection_pk is None:  # the parts decide; what the page passes only saves reading
        collection = entries = None
    else:
        collection = collection or CuratedCollectionPage.objects.get(pk=collection_pk)
        entries = entries or collection.visible_entries(request, cards=False)
    tour = tour_of(portrait, request, collection, entries)
    if tour is None:  # left the collection since its page was stored: no tour to show
        return ""
    return render_to_string("gallery/includes/tour_navigation.html", {"tour": tour}, request)
