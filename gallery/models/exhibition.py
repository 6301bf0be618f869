"""The exhibition: a page whose children are the portraits, shown as a gallery."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Page

from .base import (
    CompletedByViews,
    IntroductionMixin,
    ServedAtCanonicalAddress,
    VisiblePageManager,
    VisiblePageQuerySet,
)
from .portraits import PortraitPage


class ExhibitionQuerySet(VisiblePageQuerySet):
    def chosen(self, slug=None, language=None):
        """The one exhibition a command means: by slug, in `language` (the default language
        unless given), since translations share their slug. Raises LookupError naming the
        exhibitions there are."""
        language = language or settings.LANGUAGE_CODE
        found = self.filter(locale__language_code=language)
        if slug:
            found = found.filter(slug=slug)
        if found.count() == 1:
            return found.get()
        there = ", ".join(
            f"{page.slug} ({page.locale.language_code})"
            for page in self.select_related("locale").order_by("path")
        )
        raise LookupError(
            f"Say which exhibition with --exhibition SLUG and --language CODE; there are: "
            f"{there or 'none'}."
        )


class ExhibitionPage(ServedAtCanonicalAddress, CompletedByViews, IntroductionMixin, Page):
    """The gallery: its filters and pages (gallery.browse) are added by gallery.views."""

    venue_note = models.CharField(
        _("lieu et dates de l'exposition physique"),
        max_length=255,
        blank=True,
        help_text=_("Par exemple : « Présentée à la préfecture de la Haute-Loire en 2022 »."),
    )
    # For search engines and aggregators (a schema.org ExhibitionEvent); the place is the
    # venue in the site's credits.
    shown_from = models.DateField(_("présentée du"), null=True, blank=True)
    shown_until = models.DateField(_("présentée jusqu'au"), null=True, blank=True)

    objects = VisiblePageManager.from_queryset(ExhibitionQuerySet)()

    content_panels = [
        *Page.content_panels,
        *IntroductionMixin.introduction_panels,
        FieldPanel("venue_note"),
        FieldRowPanel([FieldPanel("shown_from"), FieldPanel("shown_until")]),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["gallery.PortraitPage"]

    class Meta:
        verbose_name = _("exposition")
        verbose_name_plural = _("expositions")

    def first_portrait(self):
        return PortraitPage.objects.child_of(self).visible().order_by("path").first()
