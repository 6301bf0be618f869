"""The glossary: the words of the integration path, explained for pupils, and its page."""

import itertools

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from gallery.glossary_matching import Matcher, Term, fold
from infra.page_cache import outlives_additions

from .base import IntroductionMixin, VisiblePageManager


class GlossaryTermQuerySet(models.QuerySet):
    def matcher_for(self, locale_id):
        """A Matcher for the terms of one language, keyed by translation key. One query."""
        rows = self.filter(locale_id=locale_id).order_by("pk")
        return Matcher(
            term.as_matched() for term in rows.only("translation_key", "term", "variants")
        )

    def alphabetical(self, locale_id):
        """The terms of one language, A to Z whatever their accents or case. One query."""
        return sorted(self.filter(locale_id=locale_id), key=lambda term: term.sort_key)


class GlossaryTerm(TranslatableMixin, index.Indexed, models.Model):
    """A word of the integration path, with a definition a pupil of ten can understand."""

    term = models.CharField(
        _("mot"),
        max_length=120,
        help_text=_("Tel qu'il apparaît dans le glossaire, par exemple « titre de séjour »."),
    )
    variants = models.TextField(
        _("autres formes"),
        blank=True,
        help_text=_(
            "Les autres façons de l'écrire, une par ligne : pluriel, abréviation (« CIR »)… "
            "Les accents et les majuscules ne comptent pas."
        ),
    )
    definition = models.TextField(
        _("définition"),
        max_length=500,
        help_text=_("Deux ou trois phrases simples, lisibles par un élève de dix ans."),
    )
    official_url = models.URLField(
        _("page officielle"),
        blank=True,
        help_text=_(
            "Facultatif : la page d'un site officiel (service-public.fr, interieur.gouv.fr, "
            "ofii.fr, legifrance.gouv.fr…)."
        ),
    )
    slug = models.SlugField(
        _("ancre"),
        max_length=120,
        blank=True,
        help_text=_(
            "L'ancre du mot dans le glossaire (#mot-…). Laissée vide, elle est tirée du mot ; "
            "ne la changez plus ensuite : des liens y mènent."
        ),
    )

    objects = GlossaryTermQuerySet.as_manager()

    panels = [
        FieldPanel("term"),
        FieldPanel("variants"),
        FieldPanel("definition"),
        FieldPanel("official_url"),
        FieldPanel("slug"),
    ]
    search_fields = [
        index.SearchField("term"),
        index.AutocompleteField("term"),
        index.SearchField("variants"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["term"]
        verbose_name = _("mot du glossaire")
        verbose_name_plural = _("mots du glossaire")
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_glossary_slug_per_locale"
            ),
        ]

    def __str__(self):
        return self.term

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.term)[:120]
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.official_url and not self.official_url.startswith("https://"):
            raise ValidationError({"official_url": _("Une adresse sécurisée (https://).")})
        if not self.slug:  # before the uniqueness checks that follow clean()
            self.slug = slugify(self.term)[:120]

    @property
    def variant_list(self):
        return [line.strip() for line in self.variants.splitlines() if line.strip()]

    def as_matched(self):
        return Term(key=str(self.translation_key), forms=(self.term, *self.variant_list))

    @property
    def sort_key(self):
        return fold(self.term)[0]

    @property
    def letter(self):
        """The letter the term is listed under, accents removed: "É" under "E"."""
        first = self.sort_key[:1].upper()
        return first if first.isalpha() else "#"

    @property
    def anchor(self):
        return f"mot-{self.slug}"


class GlossaryPage(IntroductionMixin, Page):
    """The glossary (`/glossaire/`): every term of the page's language, A to Z."""

    objects = VisiblePageManager()

    content_panels = [*Page.content_panels, *IntroductionMixin.introduction_panels]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("glossaire")
        verbose_name_plural = _("glossaires")

    def letters(self):
        """[(letter, [terms])] in alphabetical order, with the page's language's terms."""
        terms = GlossaryTerm.objects.alphabetical(self.locale_id)
        return [
            (letter, list(group))
            for letter, group in itertools.groupby(terms, key=lambda t: t.letter)
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["letters"] = self.letters()
        outlives_additions(request)  # terms only: a new portrait changes nothing here
        return context
