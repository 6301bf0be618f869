"""What a teacher pack shows of the exhibition, for the public: its activities with only the
portraits, collections, stages and words the public may see, in the pack's language; and the
content notes of its portraits, for the listing of packs.

Whatever a pack names, nothing is loaded that the public may not see: ids are read from the
stored activities (TeacherPackPage.referenced_ids), then one query per kind of thing, for all
activities (and, for content notes, all packs) at once. A portrait that is unpublished, past its
consent, in a private section or withdrawn is simply not there.
"""

from dataclasses import dataclass, field

from wagtail.rich_text import RichText

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


@dataclass
class Activity:
    number: int
    title: str
    portraits: list = field(default_factory=list)
    stages: list = field(default_factory=list)  # (stage, its page's URL or None)
    collection: CuratedCollectionPage | None = None
    prompts: list = field(default_factory=list)
    vocabulary: list = field(default_factory=list)  # GlossaryTerm, each with `glossary_url`
    teacher_notes: RichText | None = None  # None in the pupil view


def activities_of(pack, request, *, pupils=False, printed=False):
    """The pack's activities as the public may see them, numbered in order; `printed` (a
    class sheet): only the portraits whose consent covers printing too.

    An activity keeps what is still visible of what it names; one that named only portraits
    or a collection no longer visible is left out (its prompts would be about nothing). The
    teacher's notes are left out for `pupils`. Eight queries at most (one per kind of thing
    named, the portraits' renditions, the path and glossary pages), whatever the number of
    activities and portraits.
    """
    values = activity_values(pack)
    ids = pack.referenced_ids()
    locale = pack.locale_id
    shown = PortraitPage.objects.visible()
    if printed:
        shown = shown.filter(printable())
    portraits = in_language(shown.for_cards(), ids["portraits"], locale)
    collections = in_language(CuratedCollectionPage.objects.visible(), ids["collections"], locale)
    stages = in_language(NaturalisationStage.objects.all(), ids["stages"], locale)
    terms = in_language(GlossaryTerm.objects.all(), ids["terms"], locale)
    stage_urls = _stage_urls(stages.values(), locale, request)
    glossary_url = _glossary_url(terms, locale, request)
    labels = dict(PromptKind.choices)
    activities = []
    for value in values:
        activity = Activity(
            number=len(activities) + 1,
            title=value["title"],
            portraits=_unique(portraits.get(pk) for pk in value["portraits"]),
            stages=[
                (stage, stage_urls.get(stage.pk))
                for stage in _unique(stages.get(pk) for pk in value["stages"])
            ],
            collection=collections.get(value["collection"]),
            prompts=[
                Prompt(kind, labels.get(kind, ""), text) for kind, text in value["prompts"] if text
            ],
            vocabulary=_unique(terms.get(pk) for pk in value["vocabulary"]),
            teacher_notes=None
            if pupils or not value["teacher_notes"]
            else RichText(value["teacher_notes"]),
        )
        if activity.portraits or activity.stages or activity.collection:
            activities.append(activity)
    for term in _unique(terms.values()):
        term.glossary_url = f"{glossary_url}#{term.anchor}" if glossary_url else None
    return activities


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
    visible portraits in that language. Four queries, whatever the number of packs and
    portraits."""
    wanted = {pack.pk: pack.referenced_ids()["portraits"] for pack in packs}
    portraits = in_language(
        PortraitPage.objects.visible().prefetch_related("content_themes"),
        [pk for ids in wanted.values() for pk in ids],
        locale_id,
    )
    themes = in_language(
        ContentTheme.objects.all(),
        [theme.pk for p in portraits.values() for theme in p.content_themes.all()],
        locale_id,
    )
    notes = {}
    for pack_id, ids in wanted.items():
        shown = _unique(portraits.get(pk) for pk in ids)
        pack_themes = _unique(themes.get(t.pk) for p in shown for t in p.content_themes.all())
        levels = [p.minimum_level for p in shown if p.minimum_level in LEVEL_ORDER]
        notes[pack_id] = ContentNotes(
            themes=sorted(pack_themes, key=lambda theme: theme.name),
            minimum_level=max(levels, key=LEVEL_ORDER.index) if levels else "",
        )
    return notes
