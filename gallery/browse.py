"""Browsing the exhibition: filters from the query string, counts per option, pagination.

Every filter lives in the URL (shareable, bookmarkable, no JavaScript needed). Counts are
faceted: each option counts the portraits it would show given the *other* active filters.
The number of queries does not depend on the number of portraits.
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlencode

from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django_countries import countries

from infra import fragments
from infra.pagination import PAGE, InvalidQuery, page_number, page_param, paginate

from .models import CollectionEntry, CuratedCollectionPage, NaturalisationStage, PortraitPage

# Query-string parameters, in the exhibition's language.
STAGE, COLLECTION, COUNTRY = "etape", "collection", "pays"


class Row(NamedTuple):
    """A visible portrait as the exhibition's filters and counts see it."""

    pk: int
    stage: str | None  # its stage's translation key
    country: str  # its country of origin where it may be shown, else ""
    origin_agreed: bool
    collections: frozenset  # the ids of the collections naming it


@dataclass(frozen=True)
class CollectionChoice:
    """A visible collection as the filters name it."""

    pk: int
    slug: str
    title: str


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    param: str
    label: str
    all_label: str
    options: list[Option] = field(default_factory=list)
    query_without: str = ""  # the query string with this filter removed

    @property
    def selected(self):
        return next((option for option in self.options if option.selected), None)


def with_queries_without(facets, canonical):
    """The facets, each with the query string that removes it (and goes back to page 1)."""
    for facet in facets:
        kept = {k: v for k, v in canonical.items() if k not in (facet.param, PAGE)}
        facet.query_without = f"?{urlencode(kept)}" if kept else ""
    return facets


class ExhibitionBrowser:
    def __init__(self, exhibition, params):
        self.exhibition = exhibition
        self.params = {key: params.get(key, "").strip() for key in (STAGE, COLLECTION, COUNTRY)}
        self.params[PAGE] = params.get(PAGE, "").strip()
        # The choices change only with the structure: kept for the content version.
        self.stages, self.collections = fragments.cached(
            "exhibition-choices", (exhibition.pk, exhibition.locale_id), self._choices
        )
        self.stage = self._find_stage()
        self.collection = self._find_collection()
        self.country = self._find_country()

    def _choices(self):
        """The stages of the path and the visible collections in the exhibition's language."""
        collections = CuratedCollectionPage.objects.visible().filter(
            locale=self.exhibition.locale_id
        )
        return (
            NaturalisationStage.objects.path_for(self.exhibition.locale),
            [CollectionChoice(c.pk, c.slug, c.title) for c in collections],
        )

    @cached_property
    def base(self):
        """The exhibition's visible portraits (not built at all when what it gives is kept)."""
        return PortraitPage.objects.child_of(self.exhibition).visible()

    # Reading the query string ---------------------------------------------------------------

    def _find_stage(self):
        slug = self.params[STAGE]
        if not slug:
            return None
        stage = next((s for s in self.stages if s.slug == slug), None)
        if stage is None:
            raise InvalidQuery(_("L'étape « %(value)s » n'existe pas.") % {"value": slug[:60]})
        return stage

    def _find_collection(self):
        slug = self.params[COLLECTION]
        if not slug:
            return None
        collection = next((c for c in self.collections if c.slug == slug), None)
        if collection is None:
            raise InvalidQuery(
                _("La collection « %(value)s » n'existe pas.") % {"value": slug[:60]}
            )
        return collection

    def _find_country(self):
        code = self.params[COUNTRY].upper()
        if not code:
            return None
        if len(code) != 2 or not countries.alpha2(code):
            raise InvalidQuery(_("Le pays « %(value)s » est inconnu.") % {"value": code[:60]})
        return code

    # Filtering -------------------------------------------------------------------------------

    def filtered(self, *, stage=True, collection=True, country=True):
        """The live portraits matching the active filters; a facet leaves out its own."""
        portraits = self.base
        if stage and self.stage:
            portraits = portraits.filter(stage__translation_key=self.stage.translation_key)
        if collection and self.collection:
            portraits = portraits.filter(
                pk__in=CollectionEntry.objects.filter(collection_id=self.collection.pk).values(
                    "portrait_id"
                )
            )
        if country and self.country:
            portraits = portraits.with_public_country().filter(country_of_origin=self.country)
        return portraits

    @cached_property
    def _index(self):
        """Every visible portrait of the exhibition, in order, as a Row: what the filters and
        counts look at. Kept for the content version, the same for every filter: after a
        publication the first visitor reads it in two queries, and every filtered, counted
        or paginated page then works from it without one."""

        def make():
            rows = self.base.listing_rows()
            entries = CollectionEntry.objects.filter(portrait_id__in=[row[0] for row in rows])
            collections = {}
            for portrait_id, collection_id in entries.values_list("portrait_id", "collection_id"):
                collections.setdefault(portrait_id, set()).add(collection_id)
            return [Row(*row, frozenset(collections.get(row[0], ()))) for row in rows]

        if not fragments.enabled():
            return make()
        return fragments.cached("exhibition-index", (self.exhibition.pk,), make)

    def _matching(self, *, stage=True, collection=True, country=True):
        """The index's rows matching the active filters; a facet leaves out its own."""
        key = stage and self.stage and str(self.stage.translation_key)
        collection_pk = collection and self.collection and self.collection.pk
        code = country and self.country
        return [
            row
            for row in self._index
            if (not key or row.stage == key)
            and (not collection_pk or collection_pk in row.collections)
            and (not code or row.country == code)
        ]

    @cached_property
    def _counts(self):
        """Every count the facets and the overview show, for these filters."""
        by_stage = Counter(row.stage for row in self._index)
        return {
            # Portraits per stage in the whole exhibition, and given the other filters.
            "overview": by_stage,
            "stage": (
                Counter(row.stage for row in self._matching(stage=False))
                if self.collection or self.country
                else by_stage
            ),
            "collection": Counter(
                pk for row in self._matching(collection=False) for pk in row.collections
            ),
            # Only the countries that may be shown: the others are "".
            "country": Counter(row.country for row in self._matching(country=False) if row.country),
        }

    def stage_facet(self):
        counts = self._counts["stage"]
        return Facet(
            STAGE,
            _("Étape du parcours"),
            _("Toutes les étapes"),
            [
                Option(s.slug, s.name, counts.get(str(s.translation_key), 0), s == self.stage)
                for s in self.stages
            ],
        )

    def collection_facet(self):
        counts = self._counts["collection"]
        return Facet(
            COLLECTION,
            _("Collection"),
            _("Toutes les collections"),
            [
                Option(c.slug, c.title, counts.get(c.pk, 0), c == self.collection)
                for c in self.collections
                if counts.get(c.pk) or c == self.collection
            ],
        )

    def country_facet(self):
        counts = self._counts["country"]
        options = [
            Option(code, countries.name(code), n, code == self.country)
            for code, n in counts.items()
        ]
        if self.country and not any(option.selected for option in options):
            options.append(Option(self.country, countries.name(self.country), 0, True))
        return Facet(
            COUNTRY,
            _("Pays d'origine"),
            _("Tous les pays"),
            sorted(options, key=lambda option: option.label),
        )

    def stage_overview(self):
        """How many portraits stand at each stage of the path, in the whole exhibition."""
        overview = self._counts["overview"]
        return [(stage, overview.get(str(stage.translation_key), 0)) for stage in self.stages]

    def page(self):
        listed = self._matching()
        number = page_number(self.params)
        if not fragments.enabled():
            return paginate(self._listing(), number, count=len(listed))
        page = paginate(range(len(listed)), number, count=len(listed))  # its place; the portraits:
        rows = listed[page.start_index() - 1 : page.end_index()] if listed else []
        page.object_list = PortraitPage.objects.kept_cards(
            [(row.pk, row.origin_agreed) for row in rows]
        )
        return page

    def _listing(self):
        return self.filtered().for_cards().order_by("path")

    def facets(self):
        facets = [self.stage_facet(), self.collection_facet(), self.country_facet()]
        return with_queries_without(facets, self.canonical_params())

    def canonical_params(self):
        """The filters and page as the site's own links write them: in one order, without
        empty values, page 1 implied. The page cache keeps only this address."""
        params = {}
        if self.stage:
            params[STAGE] = self.stage.slug
        if self.collection:
            params[COLLECTION] = self.collection.slug
        if self.country:
            params[COUNTRY] = self.country
        return {**params, **page_param(page_number(self.params))}

    @property
    def is_filtered(self):
        return bool(self.stage or self.collection or self.country)
