"""Curated collections: a curator's ordered selection of portraits, with notes."""

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, MultipleChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from infra import fragments
from infra.page_cache import outlives_additions

from .base import (
    TEXT_FEATURES,
    CompletedByViews,
    IntroductionMixin,
    OrderedChild,
    ShownAsCard,
    VisiblePageManager,
    in_language,
)
from .consent import FullName, consent_of, full_name_message, public_name
from .portraits import PortraitPage


class CollectionIndexPage(IntroductionMixin, Page):
    objects = VisiblePageManager()

    content_panels = [*Page.content_panels, *IntroductionMixin.introduction_panels]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["gallery.CuratedCollectionPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("index des collections")
        verbose_name_plural = _("index des collections")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["collections"] = self.visible_collections()
        # Unless an entry names a portrait not shown yet, which its first publication adds.
        shown = sum(len(c.visible_portraits) for c in context["collections"])
        named = CollectionEntry.objects.filter(
            collection__in=context["collections"], portrait__isnull=False
        )
        if shown == named.count():
            outlives_additions(request)
        return context

    def visible_collections(self):
        """Visible collections, each with its visible portraits (for counts and thumbnails)."""
        collections = list(CuratedCollectionPage.objects.child_of(self).visible().order_by("path"))
        entries = (
            CollectionEntry.objects.filter(collection__in=collections)
            .filter(portrait__in=PortraitPage.objects.visible())
            .select_related("portrait", "portrait__photo")
            .prefetch_related("portrait__photo__renditions")
            .order_by("collection_id", "sort_order")
        )
        by_collection = {}
        for entry in entries:
            by_collection.setdefault(entry.collection_id, []).append(entry.portrait)
        for collection in collections:
            collection.visible_portraits = by_collection.get(collection.pk, [])
        return collections


class CuratedCollectionPage(
    CompletedByViews, RoutablePageMixin, IntroductionMixin, ShownAsCard, Page
):
    """A collection page lists its portraits in curated order; each portrait can also be
    visited within the collection, with the curator's note and the collection's neighbours.
    Its box for class (short link, citation) is added by gallery.views."""

    introduction = RichTextField(
        _("introduction du commissaire"),
        features=TEXT_FEATURES,
        help_text=_("Ce qui relie ces portraits, en quelques lignes."),
    )

    objects = VisiblePageManager()
    short_linked = True  # a short link and QR code for class (gallery.short_links)

    content_panels = [
        *Page.content_panels,
        *IntroductionMixin.introduction_panels,
        MultipleChooserPanel(
            "entries",
            chooser_field_name="portrait",
            heading=_("Portraits, dans l'ordre de la visite"),
            label=_("Portrait"),
        ),
    ]

    parent_page_types = ["gallery.CollectionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")

    def clean(self):
        super().clean()
        # A portrait is visited within the collection at <collection>/<portrait slug>/.
        slugs = Counter(entry.portrait.slug for entry in self.entries.all() if entry.portrait_id)
        repeated = sorted(slug for slug, count in slugs.items() if count > 1)
        if repeated:
            raise ValidationError(
                _(
                    "Deux portraits de cette collection ont la même adresse (« %(slugs)s ») : "
                    "changez l'adresse de l'un d'eux."
                )
                % {"slugs": "», «".join(repeated)}
            )

    def visible_entries(self, request=None, *, cards=True):
        """The collection's entries whose portrait is visible, in curated order, each with the
        `url` of the portrait visited within this collection; with what a card shows (photo,
        stage) unless `cards` is false.

        A translated collection shows the portraits' translations where they exist. Works on
        previews too, where the entries are the unsaved ones from the editor. Which portraits
        those are is kept for the content version (infra.fragments): a miss then reads them in
        one plain query.
        """
        entries = [entry for entry in self.entries.all() if entry.portrait_id]
        ids = [entry.portrait_id for entry in entries]
        if getattr(request, "is_preview", False) or not fragments.enabled():
            portraits = self._visible_portraits(ids, cards)
        else:
            portraits = self._kept_portraits(ids)
        base_url = self.get_url(request) or ""  # a new page being previewed has no URL yet
        visible = []
        for entry in entries:
            if entry.portrait_id in portraits:
                entry.portrait = portraits[entry.portrait_id]
                entry.url = base_url + self.reverse_subpage("portrait", args=[entry.portrait.slug])
                visible.append(entry)
        self.hides_entries = len(visible) < len(entries)
        return visible

    def _visible_portraits(self, ids, cards=True):
        visible = PortraitPage.objects.visible()
        return in_language(visible.for_cards() if cards else visible, ids, self.locale_id)

    def _kept_portraits(self, ids):
        def make():
            shown = self._visible_portraits(ids)
            return [(pk, (portrait.pk, portrait.origin_agreed)) for pk, portrait in shown.items()]

        shown = fragments.cached("collection-portraits", (self.locale_id, ids), make)
        portraits = PortraitPage.objects.kept_cards([listed for _, listed in shown])
        by_pk = {portrait.pk: portrait for portrait in portraits}
        return {entry_id: by_pk[pk] for entry_id, (pk, _) in shown if pk in by_pk}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["entries"] = self.visible_entries(request)
        if not self.hides_entries:  # no entry a portrait's first publication would add
            outlives_additions(request)
        return context

    def cache_structure(self):
        """Its portraits, in order: each portrait's page lists its collections, filters count
        them (infra.invalidation)."""
        return [entry.portrait_id for entry in self.entries.all()]

    # The card other sites may frame (gallery.sharing.cards): before the portraits' route,
    # which would take "integrer" for a portrait's slug.
    @path("integrer/", name="embed")
    def embed(self, request):
        return self.card(request)

    @path("<str:portrait_slug>/", name="portrait")
    def portrait_in_collection(self, request, portrait_slug):
        """A portrait visited within the collection: its tour is the collection's."""
        entries = self.visible_entries(request)
        entry = next((e for e in entries if e.portrait.slug == portrait_slug), None)
        if entry is None:
            raise Http404
        portrait = entry.portrait
        context = portrait.get_context(request, collection=self, entries=entries)
        context.update(curator_note=entry.note, via_collection=self)
        return TemplateResponse(request, portrait.get_template(request), context)


class CollectionEntry(OrderedChild):
    """A portrait's place in a collection; the same portrait can sit in several collections."""

    ordered_within = "collection"

    collection = ParentalKey(
        CuratedCollectionPage, on_delete=models.CASCADE, related_name="entries"
    )
    portrait = models.ForeignKey(
        PortraitPage,
        verbose_name=_("portrait"),
        on_delete=models.CASCADE,
        related_name="collection_entries",
    )
    note = models.TextField(
        _("note du commissaire"),
        blank=True,
        help_text=_("Facultatif : pourquoi ce portrait a sa place ici."),
    )

    panels = [FieldPanel("portrait"), FieldPanel("note")]

    class Meta(OrderedChild.Meta):
        verbose_name = _("portrait de la collection")
        verbose_name_plural = _("portraits de la collection")
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "portrait"], name="unique_portrait_per_collection"
            )
        ]

    def __str__(self):
        return str(self.portrait)

    def clean(self):
        super().clean()
        # The note is shown on the portrait's page within the collection: it is a public text
        # of that person, like the portrait's own.
        if self.portrait_id and self.note:
            consent = consent_of(self.portrait)
            name = consent and FullName(consent.full_name, public_name(self.portrait))
            if name and name.found_in(self.note):
                raise ValidationError({"note": full_name_message(_("Note du commissaire"))})
