"""A portrait: one person, their photo, their words and where they stand on the path."""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.search import index

from gallery.blocks import TestimonyBlock
from gallery.forms import PortraitPageForm
from gallery.glossary_matching import terms_used, text_of_html
from gallery.panels import ConsentPanel
from infra import fragments

from .base import CompletedByViews, Printable, ShownAsCard, VisiblePageManager
from .consent import (
    PUBLIC_TEXT_FIELDS,
    ConsentMissing,
    Status,
    check_publication,
    consent_of,
    may_print,
    may_show_origin,
    public_texts,
    status,
)
from .content_notes import ContentTheme, SchoolLevel
from .glossary import GlossaryTerm
from .portrait_queries import PortraitPermissionTester, PortraitQuerySet
from .stages import NaturalisationStage

EARLIEST_YEAR = 1950
# Easy-read text: short paragraphs and lists, bold for the word that matters; nothing else.
EASY_READ_FEATURES = ["bold", "ol", "ul"]

# The address of the easy-read version: the portrait's, with ?lecture=facile.
READING, EASY_READ = "lecture", "facile"


class PortraitPage(RoutablePageMixin, Printable, CompletedByViews, ShownAsCard, Page):
    """The public page (its journey, path, tour and collections) is completed by gallery.views;
    its class sheet (fiche/, a PDF) is made by gallery.sheets."""

    display_name = models.CharField(
        _("prénom ou pseudonyme"),
        max_length=80,
        help_text=_("Le seul nom que le public voit. Jamais le nom complet de la personne."),
    )
    name_is_pseudonym = models.BooleanField(
        _("c'est un pseudonyme"),
        default=False,
        help_text=_(
            "Cocher si ce n'est pas le vrai prénom : son affichage ne demande alors pas "
            "l'accord de la personne."
        ),
    )
    is_fictional = models.BooleanField(
        _("portrait fictif"),
        default=False,
        help_text=_("Cocher pour un portrait de démonstration : la page le signale au public."),
    )
    photo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("photo"),
        null=True,
        blank=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    quote = models.TextField(
        _("citation"),
        max_length=300,
        help_text=_("Une phrase du témoignage, mise en avant sur la page et dans la galerie."),
    )
    testimony = StreamField(TestimonyBlock(), verbose_name=_("témoignage"))
    testimony_note = models.CharField(
        _("note sur le témoignage"),
        max_length=255,
        blank=True,
        help_text=_("Par exemple : « Recueilli en dari, traduit en français par … »."),
    )
    easy_read = RichTextField(
        _("version facile à lire du témoignage"),
        features=EASY_READ_FEATURES,
        blank=True,
        help_text=_(
            "Facultative. Des phrases courtes, une idée par phrase, des mots de tous les jours. "
            "Elle dit la même chose que le témoignage, et rien de plus."
        ),
    )
    easy_read_proofread = models.BooleanField(
        _("relue selon les règles « Facile à lire et à comprendre » (FALC)"),
        default=False,
        help_text=_(
            "Cocher seulement si des personnes concernées l'ont relue selon les règles "
            "européennes FALC. Sinon, elle s'appelle « Version simplifiée »."
        ),
    )
    content_themes = ParentalManyToManyField(
        ContentTheme,
        verbose_name=_("thèmes sensibles"),
        blank=True,
        related_name="+",
        help_text=_("Ce que le témoignage évoque et qu'un lecteur doit savoir avant de lire."),
    )
    content_note = models.CharField(
        _("avertissement"),
        max_length=255,
        blank=True,
        help_text=_(
            "Une phrase qui dit précisément ce que raconte le témoignage, par exemple « Le "
            "témoignage évoque la mort d'un proche pendant la traversée. »"
        ),
    )
    minimum_level = models.CharField(
        _("conseillé à partir du"),
        max_length=10,
        choices=SchoolLevel.choices,
        blank=True,
        help_text=_("Le niveau scolaire à partir duquel les enseignants peuvent le montrer."),
    )
    stage = models.ForeignKey(
        NaturalisationStage,
        verbose_name=_("étape de naturalisation"),
        on_delete=models.PROTECT,
        related_name="portraits",
    )
    country_of_origin = CountryField(_("pays d'origine"), blank=True)
    arrival_year = models.PositiveSmallIntegerField(
        _("année d'arrivée en France"),
        null=True,
        blank=True,
        validators=[MinValueValidator(EARLIEST_YEAR)],
    )
    town = models.CharField(_("commune"), max_length=120, blank=True)
    languages = models.CharField(
        _("langues parlées"),
        max_length=255,
        blank=True,
        help_text=_("Séparées par des virgules, par exemple : « dari, persan, français »."),
    )
    # The translation keys of the glossary terms the quote and testimony use, in order of first
    # occurrence: matched when a version is saved (see match_glossary), never per request.
    glossary_terms = models.JSONField(default=list, blank=True, editable=False)

    objects = VisiblePageManager.from_queryset(PortraitQuerySet)()
    short_linked = True  # a short link and QR code for class (gallery.short_links)
    base_form_class = PortraitPageForm

    content_panels = [
        TitleFieldPanel(
            "title",
            heading=_("Titre du portrait"),
            help_text=_(
                "Public, comme l'adresse de la page qui en découle : jamais le nom complet de "
                "la personne."
            ),
        ),
        FieldRowPanel([FieldPanel("display_name"), FieldPanel("name_is_pseudonym")]),
        ConsentPanel(),
        FieldPanel("photo"),
        FieldPanel("quote"),
        FieldPanel("testimony"),
        FieldPanel("testimony_note"),
        MultiFieldPanel(
            [FieldPanel("easy_read"), FieldPanel("easy_read_proofread")],
            heading=_("Version facile à lire"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("content_themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("content_note"),
                FieldPanel("minimum_level"),
            ],
            heading=_("Avant de lire (avertissement et âge conseillé)"),
        ),
        FieldPanel("stage"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("country_of_origin"), FieldPanel("arrival_year")]),
                FieldRowPanel([FieldPanel("town"), FieldPanel("languages")]),
            ],
            heading=_("Détails facultatifs"),
            help_text=_("Ne remplir que ce que la personne a accepté de montrer."),
        ),
        InlinePanel("journey", heading=_("Parcours daté"), label=_("Jalon")),
        FieldPanel("is_fictional"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("display_name", boost=3),
        index.AutocompleteField("display_name"),
        index.SearchField("quote", boost=2),
        index.SearchField("testimony"),
        index.FilterField("stage"),
        index.FilterField("country_of_origin"),
    ]

    parent_page_types = ["gallery.ExhibitionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("portrait")
        verbose_name_plural = _("portraits")

    def clean(self):
        super().clean()
        errors = {}
        if self.photo_id and not self.photo.alt_text.strip():
            errors["photo"] = _(
                "Cette image n'a pas de texte alternatif : ajoutez-le dans la médiathèque avant "
                "de l'utiliser."
            )
        if self.arrival_year and self.arrival_year > datetime.date.today().year:
            errors["arrival_year"] = _("L'année d'arrivée ne peut pas être dans le futur.")
        if self.stage_id and self.locale_id and self.stage.locale_id != self.locale_id:
            path = NaturalisationStage.objects.path_for(self.locale)
            if self.stage.translation_key not in {stage.translation_key for stage in path}:
                errors["stage"] = _("Choisissez une étape du parcours dans la langue de la page.")
        if errors:
            raise ValidationError(errors)

    # Consent (the rules live in gallery.models.consent) ---------------------------------------

    def get_consent(self):
        """The person's consent; a translation shares its original's."""
        return consent_of(self)

    def consent_status_label(self):
        """The status label; with_consent_status() computes it in the listing's query."""
        value = getattr(self, "consent_status", None)
        if value is None:
            value = status(self, self.get_consent())
        return Status(value).label

    def public_texts(self):
        """Every text this version shows the public (see public_texts())."""
        values = {name: getattr(self, name) for name in PUBLIC_TEXT_FIELDS}
        milestones = [milestone.text for milestone in self.journey.all()]
        return list(public_texts(values, milestones, self._meta))

    @cached_property
    def origin_agreed(self):
        """Whether the person agreed to show their origin (for_cards() annotates it)."""
        return may_show_origin(self, self.get_consent())

    @property
    def public_country(self):
        """The country of origin, only if the person agreed to show it."""
        return self.country_of_origin if self.origin_agreed else ""

    @property
    def public_details(self):
        """Year of arrival, town and languages, only if the person agreed to show them."""
        if not self.origin_agreed:
            return {}
        return {
            "arrival_year": self.arrival_year,
            "town": self.town,
            "languages": self.language_list,
        }

    def publish(self, revision, *args, **kwargs):
        try:
            with transaction.atomic():
                return super().publish(revision, *args, **kwargs)
        except ConsentMissing:
            if not (
                revision.approved_go_live_at and revision.approved_go_live_at <= timezone.now()
            ):
                raise
        # A scheduled publication that consent no longer allows: cancelled, not published, so
        # that publish_scheduled goes on with the other pages.
        revision.approved_go_live_at = None
        revision.save(update_fields=["approved_go_live_at"])
        log(
            instance=self,
            action="gallery.consent.scheduled_publication_cancelled",
            revision=revision,
        )
        return None

    @property
    def easy_read_label(self):
        """What the easy-read version is called: the FALC name only when it was proofread
        under its rules."""
        if self.easy_read_proofread:
            return _("Facile à lire et à comprendre")
        return _("Version simplifiée")

    # The glossary ---------------------------------------------------------------------------

    def glossary_texts(self):
        """What the glossary is matched against, in page order: the quote, the testimony's
        paragraphs and quotations, then its easy-read version."""
        texts = [self.quote]
        for block in self.testimony:
            if block.block_type == "paragraph":
                texts.append(text_of_html(block.value.source))
            elif block.block_type == "quotation":
                texts.append(block.value["text"])
        if self.easy_read:
            texts.append(text_of_html(self.easy_read))
        return texts

    def match_glossary(self, matcher=None):
        """Store which terms of the page's language its texts use (one query without
        `matcher`)."""
        if matcher is None:
            if self.locale_id is None:
                self.locale = self.get_default_locale()
            matcher = GlossaryTerm.objects.matcher_for(self.locale_id)
        self.glossary_terms = terms_used(self.glossary_texts(), matcher)

    def save_revision(self, *args, **kwargs):
        # A draft keeps its own matches in its revision; publishing it matches again (save).
        self.match_glossary()
        return super().save_revision(*args, **kwargs)

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "expire_at" not in update_fields:
            return super().save(*args, **kwargs)  # a draft's bookkeeping: nothing public
        if update_fields is None:
            self.match_glossary()
        # Every way of publishing (editor, workflow, schedule, import, revert, code) ends
        # here with a new live revision: nothing goes public that consent does not allow.
        with transaction.atomic():
            consent = check_publication(self) if self._goes_live() else self.get_consent()
            # A portrait's publication ends when its consent does, whatever date an older
            # draft carried.
            if consent is not None:
                self.expire_at = consent.ends_at()
            return super().save(*args, **kwargs)

    def _goes_live(self):
        """Whether this save makes a version live (a publication), not just re-saves one."""
        if not self.live or self.pk is None:
            return False
        stored = PortraitPage.objects.filter(pk=self.pk).values_list("live_revision_id", "live")
        return stored.first() != (self.live_revision_id, True)

    # Its first publication adds it to the listings and changes nothing else a visitor sees
    # (infra.invalidation): what does not depend on the listings stays cached.
    publication_only_adds = True

    def serve(self, request, *args, **kwargs):
        # Live is not enough: past its end (publish_scheduled will unpublish it soon), or
        # showing what consent does not allow, a portrait is not public. The class sheet's
        # route passes here too.
        if not getattr(request, "is_preview", False) and not self._is_visible():
            raise Http404
        if READING in request.GET and not self.offers_easy_read(request):
            return redirect(request.path)  # a shared link to a version now gone
        return super().serve(request, *args, **kwargs)

    # The class sheet --------------------------------------------------------------------------

    # Wagtail's page addresses are folders ("fiche.pdf" would not reach the page): the PDF's
    # file name comes with the answer (Content-Disposition).
    @path("fiche/", name="sheet")
    def sheet(self, request):
        """The printable class sheet: only while the person's consent covers printing."""
        if not self.has_sheet():
            raise Http404
        return self.print_sheet(request, "gallery/sheets/portrait.html")

    def has_sheet(self):
        """Whether this (visible) portrait has a class sheet; one query."""
        return may_print(self, self.get_consent())

    # The card other sites may frame (gallery.sharing.cards); serve() above guards it too.
    @path("integrer/", name="embed")
    def embed(self, request):
        return self.card(request)

    def sheet_url(self, request, easy_read=False):
        url = self.get_url(request) + self.reverse_subpage("sheet")
        return f"{url}?{READING}={EASY_READ}" if easy_read else url

    def offers_easy_read(self, request):
        """Whether the address asks for the easy-read version and the page has one."""
        return request.GET.get(READING) == EASY_READ and bool(self.easy_read)

    def _is_visible(self):
        # What may be seen changes only with a new content version (a publication, a consent
        # given or withdrawn, an end reached): kept like the listings built on it.
        return fragments.cached(
            "portrait-visible",
            (self.pk,),
            lambda: PortraitPage.objects.visible().filter(pk=self.pk).exists(),
        )

    def cache_structure(self):
        """What listings filter, count or sum up (infra.invalidation): a change of these
        outdates every page; an edit of anything else, only the pages showing this one."""
        themes = sorted(theme.pk for theme in self.content_themes.all())
        return (self.stage_id, str(self.country_of_origin), self.minimum_level, themes)

    def permissions_for_user(self, user):
        return PortraitPermissionTester(user, self)

    def copy(self, *args, **kwargs):
        # A copy starts unpublished: it has no consent of its own (translations share theirs).
        if kwargs.get("reset_translation_key", True):
            kwargs["keep_live"] = False
        return super().copy(*args, **kwargs)

    def create_alias(self, *args, **kwargs):
        raise PermissionDenied(_("Un portrait n'a pas d'alias : il dépend du consentement."))

    @property
    def language_list(self):
        return [lang.strip() for lang in self.languages.split(",") if lang.strip()]

    def integration_path(self, path=None):
        """Every stage of the path, in order, each marked done, current or upcoming."""
        path = path if path is not None else NaturalisationStage.objects.path_for(self.locale)
        keys = [stage.translation_key for stage in path]
        try:
            current = keys.index(self.stage.translation_key) if self.stage_id else None
        except ValueError:
            current = None
        steps = []
        for position, stage in enumerate(path):
            if current is None or position > current:
                state = "upcoming"
            else:
                state = "current" if position == current else "done"
            steps.append({"number": position + 1, "stage": stage, "state": state})
        return steps
