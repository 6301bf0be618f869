"""The exhibition: a page whose children are the portraits, shown as a gallery."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .portraits import PortraitPage
from .stages import NaturalisationStage

INTRO_FEATURES = ["bold", "italic", "link", "h2", "h3", "ol", "ul"]


class ExhibitionPage(Page):
    introduction = RichTextField(_("introduction"), features=INTRO_FEATURES, blank=True)
    venue_note = models.CharField(
        _("lieu et dates de l'exposition physique"),
        max_length=255,
        blank=True,
        help_text=_("Par exemple : « Présentée à la préfecture de la Haute-Loire en 2022 »."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("venue_note"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["gallery.PortraitPage"]

    class Meta:
        verbose_name = _("exposition")
        verbose_name_plural = _("expositions")

    def visible_portraits(self):
        """Live, public portraits in the curators' order, ready for a gallery grid."""
        return (
            PortraitPage.objects.child_of(self)
            .live()
            .public()
            .select_related("photo", "stage")
            .prefetch_related("photo__renditions")
            .order_by("path")
        )

    def first_portrait(self):
        return PortraitPage.objects.child_of(self).live().public().order_by("path").first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        portraits = list(self.visible_portraits())
        path = NaturalisationStage.objects.path_for(self.locale)
        localized = {stage.translation_key: stage for stage in path}
        for portrait in portraits:
            portrait.display_stage = localized.get(portrait.stage.translation_key, portrait.stage)
        context["portraits"] = portraits
        return context
