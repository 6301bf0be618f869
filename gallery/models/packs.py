"""Teacher packs ("dossiers pédagogiques"): the "Enseignants" section and its packs.

A pack says for which levels and subjects it is made, how long it takes and what pupils
learn, links to the curriculum, and gives a sequence of activities (gallery.blocks): each
names portraits, stages of the path or a collection, with prompts for pupils and notes for
the teacher. The pupil view (`eleves/`) shows the same pack without anything teacher-only.
What a pack's pages show of the portraits is resolved by gallery.pack_contents, which keeps
only what the public may see.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from gallery.blocks import PackActivitiesBlock

from .base import (
    CompletedByViews,
    IntroductionMixin,
    OrderedChild,
    Printable,
    ServedAtCanonicalAddress,
    VisiblePageManager,
)
from .teaching import TeachingLevel, TeachingSubject

OBJECTIVE_FEATURES = ["bold", "italic", "ul", "ol"]


class TeacherPackIndexPage(ServedAtCanonicalAddress, CompletedByViews, IntroductionMixin, Page):
    """The "Enseignants" section (`/enseignants/`): its packs, filtered by level and subject
    in the address (gallery.pack_browse, completed by gallery.views)."""

    objects = VisiblePageManager()

    content_panels = [*Page.content_panels, *IntroductionMixin.introduction_panels]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["gallery.TeacherPackPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("index des dossiers pédagogiques")
        verbose_name_plural = _("index des dossiers pédagogiques")


class TeacherPackPage(RoutablePageMixin, Printable, CompletedByViews, IntroductionMixin, Page):
    """A teacher pack; its activities, resolved for the public, are added by gallery.views.
    Its class sheets (A4 PDFs, gallery.sheets): for the teacher (`fiche/`) and for pupils
    (`eleves/fiche/`); they show only the portraits whose consent covers printing."""

    short_linked = True  # gets a short link and QR code (gallery.short_links)

    levels = ParentalManyToManyField(TeachingLevel, verbose_name=_("niveaux"), related_name="packs")
    subjects = ParentalManyToManyField(
        TeachingSubject, verbose_name=_("disciplines"), related_name="packs"
    )
    duration = models.CharField(
        _("durée"),
        max_length=80,
        help_text=_("Par exemple : « deux séances de 55 minutes »."),
    )
    minutes = models.PositiveSmallIntegerField(
        _("durée totale en minutes"),
        null=True,
        blank=True,
        help_text=_("Pour les moteurs de recherche et les plateformes de ressources : 110."),
    )
    objectives = RichTextField(
        _("objectifs"),
        features=OBJECTIVE_FEATURES,
        help_text=_("Ce que les élèves sauront ou sauront faire à la fin, en une courte liste."),
    )
    activities = StreamField(PackActivitiesBlock(), verbose_name=_("activités"))

    objects = VisiblePageManager()

    content_panels = [
        *Page.content_panels,
        *IntroductionMixin.introduction_panels,
        MultiFieldPanel(
            [
                FieldPanel("levels", widget=forms.CheckboxSelectMultiple),
                FieldPanel("subjects", widget=forms.CheckboxSelectMultiple),
                FieldPanel("duration"),
                FieldPanel("minutes"),
            ],
            heading=_("Pour qui, combien de temps"),
        ),
        FieldPanel("objectives"),
        InlinePanel(
            "curriculum_links", heading=_("Liens avec les programmes"), label=_("Programme")
        ),
        FieldPanel("activities"),
    ]

    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["gallery.TeacherPackIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("dossier pédagogique")
        verbose_name_plural = _("dossiers pédagogiques")

    @path("eleves/", name="pupils")
    def pupil_view(self, request):
        """The same pack for pupils: prompts and portraits, nothing for the teacher only."""
        return self.render(request, template="gallery/teacher_pack_pupils.html", pupils=True)

    def pupil_url(self, request=None):
        return (self.get_url(request) or "") + self.reverse_subpage("pupils")

    # The class sheets: they exist while the pack is visible (Wagtail serves only live
    # pages, private sections ask for their password first).

    @path("fiche/", name="sheet")
    def sheet(self, request):
        return self.print_sheet(request, "gallery/sheets/teacher_pack.html", printed=True)

    @path("eleves/fiche/", name="pupil_sheet")
    def pupil_sheet(self, request):
        return self.print_sheet(
            request,
            "gallery/sheets/teacher_pack_pupils.html",
            file_suffix="-eleves",
            printed=True,
            pupils=True,
        )

    def has_sheet(self):
        return True

    def sheet_url(self, request, pupils=False):
        return (self.get_url(request) or "") + self.reverse_subpage(
            "pupil_sheet" if pupils else "sheet"
        )

    def cache_structure(self):
        """What the packs' filters select on (infra.invalidation)."""
        return (
            sorted(level.pk for level in self.levels.all()),
            sorted(subject.pk for subject in self.subjects.all()),
        )

    def referenced_ids(self):
        """{"portraits", "stages", "collections", "terms"}: the ids the activities name, read
        from the stored stream without loading a single page or snippet (listings ask this of
        every pack, and only what is visible may be loaded afterwards)."""
        ids = {"portraits": [], "stages": [], "collections": [], "terms": []}
        for activity in activity_values(self):
            ids["portraits"] += activity["portraits"]
            ids["stages"] += activity["stages"]
            ids["terms"] += activity["vocabulary"]
            if activity["collection"]:
                ids["collections"].append(activity["collection"])
        return ids


class CurriculumLink(OrderedChild):
    """A part of the official curriculum the pack serves, with its page when there is one."""

    ordered_within = "pack"

    pack = ParentalKey(TeacherPackPage, on_delete=models.CASCADE, related_name="curriculum_links")
    label = models.CharField(
        _("intitulé"),
        max_length=255,
        help_text=_("Par exemple : « Programme d'enseignement moral et civique, cycle 4 »."),
    )
    url = models.URLField(
        _("page officielle"),
        blank=True,
        help_text=_("Facultatif : eduscol.education.gouv.fr, education.gouv.fr…"),
    )

    panels = [FieldPanel("label"), FieldPanel("url")]

    class Meta(OrderedChild.Meta):
        verbose_name = _("lien avec les programmes")
        verbose_name_plural = _("liens avec les programmes")

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        if self.url and not self.url.startswith("https://"):
            raise ValidationError({"url": _("Une adresse sécurisée (https://).")})


def _items(raw_list):
    """A ListBlock's stored items: `{"type": "item", "value": …}` dicts, or bare values as
    Wagtail stored them before 2.16."""
    return [item["value"] if isinstance(item, dict) else item for item in raw_list or []]


def activity_values(pack):
    """Each activity of the pack as plain stored values: ids for what it names, prompts as
    (kind, text), the teacher's notes as HTML source. Nothing is loaded from the database."""
    activities = []
    for block in pack.activities.raw_data:
        if block["type"] != "activity":
            continue
        value = block["value"]
        activities.append(
            {
                "title": value.get("title", ""),
                "portraits": [pk for pk in _items(value.get("portraits")) if pk],
                "stages": [pk for pk in _items(value.get("stages")) if pk],
                "collection": value.get("collection"),
                "prompts": [
                    (prompt.get("kind", ""), prompt.get("text", ""))
                    for prompt in _items(value.get("prompts"))
                ],
                "vocabulary": [pk for pk in _items(value.get("vocabulary")) if pk],
                "teacher_notes": value.get("teacher_notes") or "",
            }
        )
    return activities
