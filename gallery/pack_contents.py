"""What a teacher pack shows of the exhibition, for the public: its activities with only the
portraits, collections, stages and words the public may see, in the pack's language; and the
content notes of its portraits, for the listing of packs.

Whatever a pack names, nothing is loaded that the public may not see: ids are read from the
stored activities (TeacherPackPage.referenced_ids), then one query per kind of thing, for all
activities (and, for content notes, all packs) at once. A portrait that is unpublished, past its
consent, in a private section or withdrawn is simply not there.

Between page-cache misses (infra.fragments), the visible portraits are still asked every time
(one query): what is kept is keyed by them. The collections, stages and words a pack names are
kept for the pack's published version (they change otherwise only with the content version);
content notes for the published versions of the portraits they sum up.
"""

from dataclasses import dataclass, field

from django.db.models import prefetch_related_objects
from wagtail.models import Site
from wagtail.rich_text import RichText

from infra import fragments

from .blocks import PromptKind
from .models import (
    ContentTheme,
    CuratedCollectionPage,
    GlossaryPage,
    GlossaryTerm,
    IntegrationPathPage,
    NaturalisationStage,
    PortraitPage,
    SchoolLevel,
)
from .models.base import in_language
from .models.consent import printable
from .models.packs import activity_values


@dataclass(frozen=True)
class Prompt:
    kind: str
    label: str  # "Observer", "Comprendre", "Débattre": the kind said in words, not colour
    text: str


@dataclass(frozen=True)
class CollectionLink:
    title: str
    url: str | None


@dataclass(frozen=True)
class StageLink:
    name: str
    url: str | None  # None without a visible path page


@dataclass(frozen=True)
class Word:
    term: str
    definition: str
    glossary_url: str | None  # None without a visible glossary page


@dataclass
class Activity:
    number: int
    title: str
    portraits: list = field(default_factory=list)
    stages: list = field(default_factory=list)  # StageLink
    collection: CollectionLink | None = None
    prompts: list = field(default_factory=list)
    vocabulary: list = field(default_factory=list)  # Word
    teacher_notes: RichText | None = None  # None in the pupil view


def activities_of(pack, request, *, pupils=False, printed=False):
    """The pack's activities as the public may see them, numbered in order; `printed` (a
    class sheet): only the portraits whose consent covers printing too.

    An activity keeps what is still visible of what it names; one that named only portraits
    or a collection no longer visible is left out (its prompts would be about nothing). The
    teacher's notes are left out for `pupils`. One query for the portraits (and, for a sheet,
    their prepared renditions); what else the pack names costs six more queries when it is
    not kept (references_of), whatever the number of activities and portraits.
    """
    values = activity_values(pack)
    shown = PortraitPage.objects.visible()
    if printed:
        shown = shown.filter(printable())
    # A sheet prints the prepared renditions; the site's cards fetch their own when made.
    shown = shown.for_cards().with_renditions() if printed else shown.for_cards()
    portraits = in_language(shown, pack.referenced_ids()["portraits"], pack.locale_id)
    references = references_of(pack, request)
    labels = dict(PromptKind.choices)
    activities = []
    for value in values:
        activity = Activity(
            number=len(activities) + 1,
            title=value["title"],
            portraits=_unique(portraits.get(pk) for pk in value["portraits"]),
            stages=_unique_links(references["stages"].get(pk) for pk in value["stages"]),
            collection=references["collections"].get(value["collection"]),
            prompts=[
                Prompt(kind, labels.get(kind, ""), text) for kind, text in value["prompts"] if text
            ],
            vocabulary=_unique_links(references["terms"].get(pk) for pk in value["vocabulary"]),
            teacher_notes=None
            if pupils or not value["teacher_notes"]
            else RichText(value["teacher_notes"]),
        )
        if activity.portraits or activity.stages or activity.collection:
            activities.append(activity)
    return activities


def references_of(pack, request):
    """{"collections", "stages", "terms": {id: CollectionLink, StageLink or Word}}: what the
    pack names besides portraits, visible and in its language. Kept for the pack's published
    version and the site (their addresses); made afresh in previews, which show drafts."""
    if getattr(request, "is_preview", False) or pack.pk is None:
        return _references(pack, request)
    site = Site.find_for_request(request)
    published = pack.last_published_at and pack.last_published_at.isoformat()
    parts = (pack.pk, pack.live_revision_id, published, site.pk if site else None)
    return fragments.cached("pack-references", parts, lambda: _references(pack, request))


def _references(pack, request):
    """Five queries at most: one per kind of thing named, the path and glossary pages."""
    ids = pack.referenced_ids()
    locale = pack.locale_id
    collections = in_language(CuratedCollectionPage.objects.visible(), ids["collections"], locale)
    stages = in_language(NaturalisationStage.objects.all(), ids["stages"], locale)
    terms = in_language(GlossaryTerm.objects.all(), ids["terms"], locale)
    stage_urls = _stage_urls(stages.values(), locale, request)
    glossary_url = _glossary_url(terms, locale, request)
    return {
        "collections": {
            pk: CollectionLink(collection.title, collection.get_url(request))
            for pk, collection in collections.items()
        },
        "stages": {
            pk: StageLink(stage.name, stage_urls.get(stage.pk)) for pk, stage in stages.items()
        },
        "terms": {
            pk: Word(
                term.term,
                term.definition,
                f"{glossary_url}#{term.anchor}" if glossary_url else None,
            )
            for pk, term in terms.items()
        },
    }


def _unique_links(links):
    """The links in order, without the missing (not visible) ones nor repeats."""
    kept = []
    for link in links:
        if link is not None and link not in kept:
            kept.append(link)
    return kept


def _unique(rows):
    """The rows in order, without the missing (not visible) ones nor repeats."""
    seen, kept = set(), []
    for row in rows:
        if row is not None and row.pk not in seen:
            seen.add(row.pk)
            kept.append(row)
    return kept


def _stage_urls(stages, locale_id, request):
    if not stages:
        return {}
    path_page = IntegrationPathPage.objects.visible().filter(locale_id=locale_id).first()
    if path_page is None:
        return {}
    return {stage.pk: path_page.stage_url(stage, request) for stage in stages}


def _glossary_url(terms, locale_id, request):
    if not terms:
        return None
    page = GlossaryPage.objects.visible().filter(locale_id=locale_id).first()
    return page.get_url(request) if page else None


# Content notes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContentNotes:
    """What a pack's visible portraits touch, and from which level the strictest is advised."""

    themes: list
    minimum_level: str = ""  # a SchoolLevel value

    @property
    def minimum_level_label(self):
        return SchoolLevel(self.minimum_level).label if self.minimum_level else ""

    def __bool__(self):
        return bool(self.themes or self.minimum_level)


LEVEL_ORDER = list(SchoolLevel.values)


def content_notes_of(packs, locale_id):
    """{pack id: ContentNotes} for these packs (all in the language `locale_id`), from their
    visible portraits in that language. One query for the portraits; the notes are kept for
    the published versions of the portraits they sum up (infra.fragments), two more queries
    for those not kept, whatever the number of packs and portraits."""
    wanted = {pack.pk: pack.referenced_ids()["portraits"] for pack in packs}
    portraits = in_language(
        PortraitPage.objects.visible(), [pk for ids in wanted.values() for pk in ids], locale_id
    )
    shown = {pack_id: _unique(portraits.get(pk) for pk in ids) for pack_id, ids in wanted.items()}
    parts = {
        pack_id: (
            locale_id,
            [
                (p.pk, p.live_revision_id, p.last_published_at and p.last_published_at.isoformat())
                for p in rows
            ],
        )
        for pack_id, rows in shown.items()
    }

    def make_missing(pack_ids):
        return _content_notes({pack_id: shown[pack_id] for pack_id in pack_ids}, locale_id)

    return fragments.cached_many("pack-content-notes", parts, make_missing)


def _content_notes(shown, locale_id):
    """{pack id: ContentNotes} from {pack id: its visible portraits}: two queries."""
    portraits = list({p.pk: p for rows in shown.values() for p in rows}.values())
    prefetch_related_objects(portraits, "content_themes")
    themes = in_language(
        ContentTheme.objects.all(),
        [theme.pk for p in portraits for theme in p.content_themes.all()],
        locale_id,
    )
    notes = {}
    for pack_id, rows in shown.items():
        pack_themes = _unique(themes.get(t.pk) for p in rows for t in p.content_themes.all())
        levels = [p.minimum_level for p in rows if p.minimum_level in LEVEL_ORDER]
        notes[pack_id] = ContentNotes(
            themes=sorted(pack_themes, key=lambda theme: theme.name),
            minimum_level=max(levels, key=LEVEL_ORDER.index) if levels else "",
        )
    return notes
