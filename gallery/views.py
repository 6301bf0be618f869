"""The public views: what each page type shows beyond its own fields (registered on the
models, which never import this layer), the box for class (short link, QR code, citation),
the short links and their QR code files, and the portrait search."""

import functools
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.html import escape
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from wagtail.models import Site
from wagtail.rich_text import RichText

from infra import fragments, page_cache, typed_words
from infra.pagination import InvalidQuery, page_number, page_param, paginate

from . import short_links
from .browse import ExhibitionBrowser
from .citation import Citation, citation_for, cited_title
from .glossary_matching import Matcher, mark_first_occurrences
from .models import (
    ContentTheme,
    CuratedCollectionPage,
    ExhibitionPage,
    GlossaryPage,
    GlossaryTerm,
    IntegrationPathPage,
    NaturalisationStage,
    PortraitPage,
    TeacherPackIndexPage,
    TeacherPackPage,
)
from .models.base import completes, in_language
from .models.portraits import EASY_READ, READING
from .pack_browse import PackBrowser
from .pack_contents import activities_of, content_notes_of
from .sharing import embeds
from .sheets import unavailable_reason
from .tours import tour_of

# Pages ---------------------------------------------------------------------------------------


@completes(ExhibitionPage)
def exhibition_context(exhibition, request, context):
    """The gallery: the portraits the filters and page of the address choose, with facets."""
    context["start_url"] = start_url(exhibition, request)
    try:
        browser = ExhibitionBrowser(exhibition, request.GET)
        portraits = browser.page()
    except InvalidQuery as error:
        context["browse_error"] = str(error)
        return context
    canonical = browser.canonical_params()
    request.canonical_query = urlencode(canonical)  # the page cache keeps this address
    localized = {stage.translation_key: stage for stage in browser.stages}
    for portrait in portraits:
        portrait.display_stage = localized.get(portrait.stage.translation_key, portrait.stage)
    context.update(
        canonical_params=canonical,
        browser=browser,
        portraits=portraits,
        # Made only if their kept HTML is not (the template's fragments).
        **deferred(
            lambda: {"facets": browser.facets(), "stage_overview": browser.stage_overview()},
            ("facets", "stage_overview"),
        ),
    )
    return context


def start_url(exhibition, request):
    """The address of the exhibition's first visible portrait ("Commencer la visite")."""

    def make():
        first = exhibition.first_portrait()
        return first.get_url(request) if first else None

    return _kept("exhibition-start", (exhibition.pk,), make, request)


@completes(TeacherPackIndexPage)
def pack_index_context(index, request, context):
    """The "Enseignants" section: the packs the level and subject of the address choose, each
    with the content notes of its portraits."""
    try:
        browser = PackBrowser(index, request.GET)
        packs = browser.page()
    except InvalidQuery as error:
        context["browse_error"] = str(error)
        return context
    canonical = browser.canonical_params()
    request.canonical_query = urlencode(canonical)  # the page cache keeps this address
    notes = content_notes_of(packs, index.locale_id)
    for pack in packs:
        pack.content_notes = notes[pack.pk]
    names_only_shown(request, [pk for pack in packs for pk in pack.referenced_ids()["portraits"]])
    context.update(
        canonical_params=canonical, browser=browser, packs=packs, facets=browser.facets()
    )
    return context


@completes(TeacherPackPage)
def pack_context(pack, request, context, pupils=False, printed=False):
    """A pack's activities as the public may see them; for the teacher, the content notes of
    its portraits too, and the address of the pupil view to hand out. `printed`: for its
    class sheet (gallery.sheets), whose portraits are those whose consent covers printing;
    otherwise with the link to the sheet."""
    context.update(
        activities=activities_of(pack, request, pupils=pupils, printed=printed),
        pupils=pupils,
        pupil_url=pack.pupil_url(request),
    )
    if not printed:
        names_only_shown(request, pack.referenced_ids()["portraits"])
        context["sheet"] = sheet_link(pack, request, pupils=pupils)
    if printed or not pupils:  # a sheet's footer gives the short link and QR code
        context["for_class"] = for_class_context(pack, request)
    if not pupils:
        if not printed:  # of the visible portraits: the sheet may show fewer
            context["content_notes"] = content_notes_of([pack], pack.locale_id)[pack.pk]
        context["curriculum_links"] = pack.curriculum_links.all()
        # On the site's own host (Settings → Sites), never the one a visitor sent.
        context["pupil_full_url"] = (pack.get_full_url(request) or "") + pack.reverse_subpage(
            "pupils"
        )
    return context


def names_only_shown(request, portrait_ids):
    """A page naming these portraits outlives a portrait's first publication
    (infra.page_cache) if every one is shown already: none of them can be added to it."""
    ids = tuple(sorted(set(portrait_ids)))

    def count():
        return PortraitPage.objects.visible().filter(pk__in=ids).count()

    shown = fragments.cached("shown", ids, count) if fragments.enabled() and ids else count()
    if shown == len(ids):
        page_cache.outlives_additions(request)


@completes(PortraitPage)
def portrait_context(portrait, request, context, collection=None, entries=None):
    """The person's dated journey and the whole path in the page's language, their
    collections, and the tour the visitor walks through: the exhibition, or `collection`
    when visited within it (`entries`: its visible entries, from the collection's route).
    The address may ask for the easy-read version of the testimony (`?lecture=facile`).

    All but the tour make the page's story, whose HTML the page keeps whole for `story_key`
    (infra.fragments): they are made only when a template reads them, so a kept story costs
    none of their queries."""
    # The tour is a late part (gallery.tours.tour_navigation), made apart from the stored
    # page, except in previews, which show a draft's.
    tour = None
    if getattr(request, "is_preview", False):
        tour = tour_of(portrait, request, collection, entries)
    else:
        page_cache.outlives_additions(request)
    easy_read = portrait.offers_easy_read(request)
    if easy_read:
        request.canonical_query = urlencode({READING: EASY_READ})  # its own cached address

    def story():
        path, stage_urls = integration_path_of(portrait, request)
        # Its stage is on the path (in its language) but for a stage with no translation.
        localized = next((s for s in path if s.pk == portrait.stage_id), None)
        portrait.stage = localized or portrait.stage
        steps = portrait.integration_path(path)
        for step in steps:
            step["url"] = stage_urls.get(step["stage"].slug)
        return dict(
            integration_path=steps,
            journey=journey_of(portrait, path, request),
            collections=collection_links(portrait, request),
            content_themes=_kept(
                "content-themes",
                (portrait.pk, *published_version(portrait)),
                lambda: content_themes_of(portrait),
                request,
            ),
            sheet=sheet_link(portrait, request, easy_read=easy_read),
            for_class=for_class_context(portrait, request),
            **glossary_context(portrait, request, context, easy_read),
        )

    context.update(
        tour=tour,
        tour_of=(portrait.pk, collection and collection.pk),
        tour_entries=entries,
        easy_read=easy_read,
        easy_read_url=f"{request.path}?{urlencode({READING: EASY_READ})}#testimony-title",
        # Everything the story shows changes with the portrait's published version, the
        # collection it is visited in (its curator's note), the day (the citation's date),
        # or a new content version (the stages, terms, consent…), which the fragment names.
        story_key=(
            portrait.pk,
            *published_version(portrait),
            easy_read,
            collection and (collection.pk, *published_version(collection)),
            timezone.localdate().isoformat(),
        ),
        **deferred(story, STORY),
    )
    return context


STORY = (
    "integration_path", "journey", "collections", "content_themes", "sheet", "for_class",
    "glossary_terms", "quote_html", "testimony_html",
)  # fmt: skip


def deferred(make, names):
    """{name: callable} for these names of the dict `make()` returns, made once, when a
    template first reads one of them (templates call what they are given)."""
    made = functools.cache(make)
    return {name: functools.partial(lambda name: made()[name], name) for name in names}


def published_version(page):
    """What changes whenever `page` is published again, even when its edit starts no new
    content version: part of the key of anything kept that shows its own content."""
    published = page.last_published_at
    return page.live_revision_id, published and published.isoformat()


def _kept(name, parts, make, request):
    """`make()`, kept for the content version (infra.fragments) except in previews, which
    show drafts. `parts` name what it depends on, the visitor's site among them."""
    if getattr(request, "is_preview", False):
        return make()
    site = Site.find_for_request(request)
    return fragments.cached(name, (*parts, site.pk if site else None), make)


def integration_path_of(portrait, request):
    """The path in the portrait's language, and the address of each stage's page (by slug;
    none without a visible path page): they change only with the structure."""

    def make():
        path = NaturalisationStage.objects.path_for(portrait.locale)
        path_page = (
            IntegrationPathPage.objects.visible().filter(locale_id=portrait.locale_id).first()
        )
        urls = {s.slug: path_page.stage_url(s, request) for s in path} if path_page else {}
        return path, urls

    return _kept("integration-path", (portrait.locale_id,), make, request)


def collection_links(portrait, request):
    """Title and address of the visible collections that show the portrait (structure only:
    a collection's entries change when it is published)."""

    def make():
        return [
            {"title": collection.title, "url": collection.get_url(request)}
            for collection in collections_showing(portrait)
        ]

    if portrait.pk is None:
        return []
    return _kept(
        "collections-showing", (portrait.translation_key, portrait.locale_id), make, request
    )


def journey_of(portrait, path, request):
    """The person's dated milestones, each with its stage in the page's language; kept for
    the portrait's published version."""

    def make():
        localized = {stage.translation_key: stage for stage in path}
        journey = list(portrait.journey.select_related("stage"))
        for milestone in journey:
            stage = milestone.stage
            milestone.display_stage = localized.get(stage.translation_key, stage) if stage else None
        return journey

    if portrait.pk is None:
        return make()
    return _kept("journey", (portrait.pk, *published_version(portrait)), make, request)


def sheet_link(page, request, **kwargs):
    """The class sheet a Printable page offers (`kwargs` to its sheet_url: the version read),
    or None when it has none: a preview, or (a portrait) no consent to printing; kept for
    the page's published version (a consent narrowed purges every fragment).
    `unavailable` says why this server cannot make it."""
    if getattr(request, "is_preview", False):
        return None
    parts = (page.pk, *published_version(page), sorted(kwargs.items()))
    url = _kept(
        "sheet-link",
        parts,
        lambda: page.sheet_url(request, **kwargs) if page.has_sheet() else None,
        request,
    )
    return {"url": url, "unavailable": unavailable_reason()} if url else None


@completes(CuratedCollectionPage)
def collection_context(collection, request, context):
    context["for_class"] = for_class_context(collection, request)
    return context


def glossary_context(portrait, request, context, easy_read=False):
    """The terms the portrait's texts use ("Mots à comprendre"), and its quote and testimony
    as HTML with the first occurrence of each term linked to its entry and described by its
    definition. Two queries whatever the number of terms, none without terms.

    The terms are those stored when the version was saved; a preview matches its unsaved
    texts again, so that curators see what saving will show. With `easy_read`, the
    testimony shown (and marked) is its easy-read version.
    """
    if getattr(request, "is_preview", False):
        portrait.match_glossary()
    terms = []
    if portrait.glossary_terms:
        found = GlossaryTerm.objects.filter(
            locale_id=portrait.locale_id, translation_key__in=portrait.glossary_terms
        )
        by_key = {str(term.translation_key): term for term in found}
        terms = [by_key[key] for key in portrait.glossary_terms if key in by_key]
    if easy_read:
        blocks = [("easy_read", RichText(portrait.easy_read).__html__())]
    else:
        blocks = [(kind.block_type, kind.render_as_block(context)) for kind in portrait.testimony]
    if not terms:
        return {
            "glossary_terms": [],
            "quote_html": escape(portrait.quote),
            "testimony_html": [html for _kind, html in blocks],
        }
    glossary_page = GlossaryPage.objects.visible().filter(locale_id=portrait.locale_id).first()
    glossary_url = glossary_page.get_url(request) if glossary_page else None
    for term in terms:
        term.glossary_url = f"{glossary_url}#{term.anchor}" if glossary_url else None
    # Only prose is marked: paragraphs and quotations, not the captions of figures.
    marked_kinds = {"paragraph", "quotation", "easy_read"}
    fragments = [escape(portrait.quote)] + [html for kind, html in blocks if kind in marked_kinds]
    marked = iter(
        mark_first_occurrences(
            fragments, Matcher(term.as_matched() for term in terms), _term_link(terms)
        )
    )
    # Escaped text and rendered blocks, marked and written out again by BeautifulSoup.
    quote_html = mark_safe(next(marked))
    testimony_html = [
        mark_safe(next(marked)) if kind in marked_kinds else html for kind, html in blocks
    ]
    return {
        "glossary_terms": terms,
        "quote_html": quote_html,
        "testimony_html": testimony_html,
    }


def _term_link(terms):
    """What marks a term's first occurrence: a link to its entry in "Mots à comprendre",
    described by its definition (read by screen readers, no JavaScript needed)."""
    by_key = {str(term.translation_key): term for term in terms}

    def make_link(soup, key, text):
        term = by_key[key]
        link = soup.new_tag(
            "a",
            attrs={
                "class": "glossary-mark",
                "href": f"#{term.anchor}",
                "aria-describedby": f"definition-{term.slug}",
            },
        )
        link.string = text
        return link

    return make_link


def content_themes_of(portrait):
    """The sensitive themes the portrait's testimony touches, in the page's language where
    they are translated (a query, and one more when there are themes)."""
    themes = list(portrait.content_themes.all())
    if not themes:
        return []
    translated = in_language(
        ContentTheme.objects.all(), [theme.pk for theme in themes], portrait.locale_id
    )
    return [translated[theme.pk] for theme in themes]


def collections_showing(portrait):
    """The visible collections, in the portrait's language, that show it."""
    if portrait.pk is None:  # a new portrait being previewed belongs to none yet
        return CuratedCollectionPage.objects.none()
    return (
        CuratedCollectionPage.objects.visible()
        .filter(entries__portrait__translation_key=portrait.translation_key)
        .filter(locale_id=portrait.locale_id)
        .distinct()
        .order_by("path")
    )


# For class: short link, QR code, citation ---------------------------------------------------


@dataclass(frozen=True)
class ForClass:
    """What the "Pour la classe" box shows (templates/includes/for_class.html)."""

    citation: Citation
    short_url: str = ""  # empty for a page never published (a preview): no link yet
    # A portrait's or a collection's, which may be shared and embedded (the share panel).
    title: str = ""
    page_url: str = ""
    embed_html: str = ""
    qr_svg: str = ""
    svg_url: str = ""
    png_url: str = ""


def for_class_context(page, request, today=None):
    """The box of a short-linked page: its short link and QR code (inline SVG, and the
    addresses of the files to download) and its citation, consulted `today` (the local date
    unless given). None for a new page being previewed, which has no address to cite yet.
    One query for the link (two the first time, when it is made); none while kept
    (infra.fragments: for the page's published version and the day)."""
    if page.pk is None:
        return None
    today = today or timezone.localdate()
    parts = (page.pk, *published_version(page), today.isoformat())
    return _kept("for-class", parts, lambda: _for_class(page, request, today), request)


def _for_class(page, request, today):
    citation = citation_for(page, request, today)
    shared = {}
    if isinstance(page, embeds.EMBEDDABLE) and page.live:
        shared = {
            "title": cited_title(page),
            "page_url": page.get_full_url(request),
            "embed_html": str(embeds.iframe(page, request)),
        }
    link = short_links.link_for(page)
    if link is None:
        return ForClass(citation=citation, **shared)
    base = link.get_absolute_url()
    return ForClass(
        citation=citation,
        **shared,
        short_url=short_links.short_url(link, request),
        qr_svg=mark_safe(short_links.qr_svg(short_links.qr_url(link, request))),
        svg_url=f"{base}qr.svg",
        png_url=f"{base}qr.png",
    )


@require_safe
@never_cache  # each visit is resolved again: the page may be gone, the language differ
@vary_on_headers("Accept-Language")
def short_link(request, code):
    """A short link opens its page in the visitor's language (302: the page it leads to may
    change language or disappear). A GET carrying the QR code's marker counts one scan."""
    languages = short_links.preferred_languages(request.headers.get("Accept-Language"))
    link, page = short_links.resolve(code, languages)
    url = page and page.get_url(request)
    if not url:  # nothing the public may see (or a page outside every site)
        raise Http404
    if short_links.QR_MARKER in request.GET and request.method == "GET":
        link.count_scan(timezone.localdate())
    return redirect(url)


@require_safe
def short_link_qr(request, code, kind):
    """The link's QR code as a file to download (SVG or PNG), while its page is visible."""
    link, page = short_links.resolve(code)
    if page is None:
        raise Http404
    data = short_links.qr_url(link, request)
    if kind == "svg":
        body = short_links.qr_svg(data, scale=short_links.SVG_FILE_SCALE)
        content_type = "image/svg+xml"
    else:
        body, content_type = short_links.qr_png(data), "image/png"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        True, f"qr-{page.slug}-{link.code}.{kind}"
    )
    return response


# Search --------------------------------------------------------------------------------------

MAX_QUERY_LENGTH = 200
# Visitors search for words: anything else (quotes, brackets, operators, control and invisible
# formatting characters) would be query syntax to a search backend, so it becomes a space.
NOT_A_WORD = re.compile(
    r"[^\w\s'’-]"  # punctuation, symbols, emoji
    r"|[_\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"  # invisible
)


def search_results(query, number):
    """A page of the visible portraits matching `query`. Which they are is kept for the
    content version (infra.fragments), like every listing: a search asked again (the same
    words, the same page) costs one plain query until something is published."""

    def find():
        # Search backends filter on indexed fields only (`id` is one): what is visible, by the
        # same rules as every listing, is given to them as a list of ids (a subquery there is
        # evaluated row by row by PostgreSQL's full-text search).
        visible = list(PortraitPage.objects.visible().values_list("pk", flat=True))
        results = PortraitPage.objects.filter(pk__in=visible).for_cards().search(query)
        return paginate(results, number)

    if not fragments.enabled():
        return find()

    def make():
        try:
            page = find()
        except InvalidQuery as error:
            return {"error": str(error)}
        hits = [(portrait.pk, portrait.origin_agreed) for portrait in page.object_list]
        return {"count": page.paginator.count, "hits": hits}

    found = fragments.cached("search", (query, number), make)
    if "error" in found:
        raise InvalidQuery(found["error"])
    page = paginate(range(found["count"]), number, count=found["count"])
    page.object_list = PortraitPage.objects.kept_cards(found["hits"])
    return page


def clean_query(raw):
    """The visitor's query as words a search backend can take, and whether it was cut."""
    text = " ".join(NOT_A_WORD.sub(" ", unicodedata.normalize("NFC", raw)).split())
    return text[:MAX_QUERY_LENGTH].strip(), len(text) > MAX_QUERY_LENGTH


def _asked_before(request, query, number):
    """Whether this search was made already for the content version (its results are kept):
    a search page is stored from its second asking, so that words made up and asked once
    (any number of them) fill no memory with pages."""
    if not page_cache.is_storing(request):
        return False
    return fragments.find("search", (query, number))[0] is not None


def search(request):
    query, truncated = clean_query(request.GET.get("q", ""))
    context = {"query": query, "truncated": truncated, "max_length": MAX_QUERY_LENGTH}
    status = 200
    if query:
        try:
            number = page_number(request.GET)
            asked_before = _asked_before(request, query, number)
            context["results"] = search_results(query, number)
        except InvalidQuery as error:
            context["error"] = str(error)
            status = 404
        else:
            context["canonical_params"] = {"q": query}
            if asked_before:  # stored by the page cache, without the visitor's words
                request.canonical_query = urlencode({"q": query, **page_param(number)})
                context["query"], in_address = typed_words.hold(request, "q", query)
                context["canonical_params"] = {"q": in_address}
    elif "q" in request.GET:
        context["error"] = _("Saisissez un mot à chercher : un prénom, un pays, un métier…")
    response = TemplateResponse(request, "gallery/search.html", context, status=status)
    if not typed_words.held(request):  # what a visitor typed is kept by no shared cache
        patch_cache_control(response, private=True, no_cache=True)
    return response
