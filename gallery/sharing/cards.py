"""The card of a portrait or of a collection that other sites may frame (the pages'
`integrer/` route, gallery.models.base.ShownAsCard): the only public answer any site may put in
a frame. gallery.sharing.embeds offers it by oEmbed."""

from csp.decorators import csp_replace
from django.db.models import prefetch_related_objects
from django.template.response import TemplateResponse
from django.utils.text import Truncator
from django.views.decorators.clickjacking import xframe_options_exempt

from gallery.glossary_matching import text_of_html
from gallery.models import CuratedCollectionPage, NaturalisationStage, PortraitPage
from gallery.models.base import shown_as_card
from infra.page_cache import outlives_additions

# A collection's card shows its first few portraits; the link leads to the rest.
CARD_PORTRAITS = 6
INTRODUCTION_WORDS = 30


def framable(view):
    """Any site may frame the answer of `view`; everywhere else the site's policy refuses
    frames (CONTENT_SECURITY_POLICY's `frame-ancestors 'none'`, X-Frame-Options: DENY).
    The page cache stores both headers with the page, so a stored card answers the same."""
    return csp_replace({"frame-ancestors": "*"})(xframe_options_exempt(view))


@shown_as_card(PortraitPage)
@framable
def portrait_card(portrait, request):
    """A portrait's card; the page's serve() has already refused a portrait consent hides.
    It shows nothing a listing holds: a portrait's first publication leaves it stored."""
    outlives_additions(request)
    return _card(request, portrait, "gallery/embed/portrait.html", stage=_stage_of(portrait))


@shown_as_card(CuratedCollectionPage)
@framable
def collection_card(collection, request):
    """A collection's card: its first visible portraits, each recorded as shown ({% shows %}
    in the template), so that an edit of one deletes the stored card."""
    entries = collection.visible_entries(request)
    if not collection.hides_entries:  # no entry a portrait's first publication would add
        outlives_additions(request)
    shown = entries[:CARD_PORTRAITS]
    # Their photos' renditions in one query (a listing kept for the version leaves them out).
    prefetch_related_objects([e.portrait.photo for e in shown if e.portrait.photo], "renditions")
    excerpt = Truncator(text_of_html(collection.introduction)).words(INTRODUCTION_WORDS)
    return _card(
        request,
        collection,
        "gallery/embed/collection.html",
        entries=shown,
        count=len(entries),
        excerpt=excerpt,
    )


def _card(request, page, template, **context):
    # The card speaks its page's language (its strings, lang and dir), whatever the address.
    context.update(page=page, self=page, language=page.locale.language_code)
    return TemplateResponse(request, template, context)


def _stage_of(portrait):
    """The portrait's stage in its page's language, else as chosen (one query, two for a
    stage without a translation)."""
    chosen = NaturalisationStage.objects.filter(pk=portrait.stage_id).values("translation_key")
    stages = NaturalisationStage.objects.filter(locale_id=portrait.locale_id)
    return stages.filter(translation_key__in=chosen).first() or portrait.stage
