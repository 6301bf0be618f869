"""A portrait's dated journey: the steps of their own path the person chose to tell."""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from .base import OrderedChild
from .stages import NaturalisationStage


class JourneyMilestone(OrderedChild):
    """A dated step of the person's own journey, as they chose to tell it."""

    ordered_within = "portrait"

    portrait = ParentalKey("gallery.PortraitPage", on_delete=models.CASCADE, related_name="journey")
    year = models.PositiveSmallIntegerField(_("année"), validators=[MinValueValidator(1900)])
    month = models.PositiveSmallIntegerField(
        _("mois"),
        null=True,
        blank=True,
        choices=sorted(MONTHS.items()),
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Facultatif : l'année suffit souvent, et protège mieux la vie privée."),
    )
    stage = models.ForeignKey(
        NaturalisationStage,
        verbose_name=_("étape correspondante"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.CharField(_("texte"), max_length=255)

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("month")]),
        FieldPanel("stage"),
        FieldPanel("text"),
    ]

    class Meta(OrderedChild.Meta):
        verbose_name = _("jalon du parcours")
        verbose_name_plural = _("jalons du parcours")

    def __str__(self):
        return f"{self.year} — {self.text}"

    @property
    def date(self):
        """A date for the template's |date filter, or None when only the year is known."""
        return datetime.date(self.year, self.month, 1) if self.month else None
