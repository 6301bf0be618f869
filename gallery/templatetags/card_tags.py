"""Portrait cards, kept between page-cache misses (infra.fragments).

A card shows one portrait's own texts and photo, so its key names the portrait's published
version (`live_revision_id`, `last_published_at`) besides the content version: editing the
portrait refreshes its card everywhere, whatever else changes; a card does not depend on
which portraits a listing holds (`lasting`: a new portrait leaves it). Anything a page records about
what it shows must happen outside the cached HTML (in `portrait_cards`, for every card).
"""

from django import template
from django.db.models import prefetch_related_objects
from django.utils import translation
from wagtail.models import Site

from infra import fragments
from infra.page_cache import shows

register = template.Library()

CARD_TEMPLATE = "includes/portrait_card.html"


@register.simple_tag(takes_context=True)
def portrait_cards(context, items, heading="h2"):
    """[(item, card HTML)] for `items`: portraits (from `for_cards()`), or collection entries
    with their `portrait` and the `url` that keeps the visitor in the collection. One round
    trip to the cache for the whole list; only the missing cards are rendered."""
    request = context.get("request")
    items = list(items)
    if request is not None:  # cached cards too: an edit of one deletes the pages showing it
        shows(request, *(_portrait_and_url(item)[0] for item in items))
    card_template = context.template.engine.get_template(CARD_TEMPLATE)

    def render(item):
        portrait, url = _portrait_and_url(item)
        values = {"portrait": portrait, "url": url, "heading": heading}
        return card_template.render(context.new(values))

    def render_all(indexes):
        # Renditions only for the cards made now (a list may leave them out when kept).
        photos = [p.photo for i in indexes if (p := _portrait_and_url(items[i])[0]).photo_id]
        prefetch_related_objects(photos, "renditions")
        return {index: render(items[index]) for index in indexes}

    if request is None or getattr(request, "is_preview", False):
        cards = render_all(range(len(items)))
        return [(item, cards[index]) for index, item in enumerate(items)]
    site = Site.find_for_request(request)
    language = translation.get_language()
    parts = {
        index: (*_card_marker(item), heading, language, site.pk if site else None)
        for index, item in enumerate(items)
    }
    cards = fragments.cached_many("card", parts, render_all, lasting=True)
    return [(item, cards[index]) for index, item in enumerate(items)]


def _portrait_and_url(item):
    portrait = getattr(item, "portrait", item)
    return portrait, getattr(item, "url", "") if item is not portrait else ""


def _card_marker(item):
    """Everything a card depends on: the portrait's published version, the address it links
    to, the stage shown (the listing's language) and what the consent lets it show."""
    portrait, url = _portrait_and_url(item)
    stage = getattr(portrait, "display_stage", None) or portrait.stage
    return (
        portrait.pk,
        portrait.live_revision_id,
        portrait.last_published_at and portrait.last_published_at.isoformat(),
        url,
        stage and stage.pk,
        portrait.photo_id,
        bool(getattr(portrait, "origin_agreed", False)),
    )
