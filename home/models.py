"""The exhibition's front door, its information pages and the site-wide credits."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, Site

from gallery.models import (
    TEXT_FEATURES,
    CollectionIndexPage,
    CuratedCollectionPage,
    ExhibitionPage,
    IntroductionMixin,
)
from infra import fragments


class HomePage(IntroductionMixin, Page):
    hero_image = models.ForeignKey(
        "gallery.ExhibitionImage",
        verbose_name=_("image d'accueil"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    featured_collection = models.ForeignKey(
        "gallery.CuratedCollectionPage",
        verbose_name=_("collection à la une"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        *IntroductionMixin.introduction_panels,
        FieldPanel("hero_image"),
        FieldPanel("featured_collection"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "gallery.ExhibitionPage",
        "gallery.CollectionIndexPage",
        "gallery.IntegrationPathPage",
        "gallery.GlossaryPage",
        "home.InformationPage",
    ]

    class Meta:
        verbose_name = _("page d'accueil")
        verbose_name_plural = _("pages d'accueil")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):
            links = self._links(request)
        else:  # where the home page leads changes only with the structure
            site = Site.find_for_request(request)
            parts = (self.pk, site and site.pk)
            links = fragments.cached("home-links", parts, lambda: self._links(request))
        context.update(links)
        # Its own introduction may change without a new version: read afresh.
        featured = links["featured_collection"]
        featured = featured and CuratedCollectionPage.objects.filter(pk=featured).first()
        context["featured_collection"] = featured
        if featured:
            context["featured_entries"] = featured.visible_entries(request)
        return context

    def _links(self, request):
        """The addresses of the visible exhibition, its first portrait and the collections,
        and the featured collection if the public may see it (not unpublished or private)."""
        exhibition = ExhibitionPage.objects.child_of(self).visible().first()
        first_portrait = exhibition and exhibition.first_portrait()
        featured = CuratedCollectionPage.objects.visible().filter(pk=self.featured_collection_id)
        collection_index = CollectionIndexPage.objects.child_of(self).visible().first()
        return {
            "exhibition_url": exhibition and exhibition.get_url(request),
            "first_portrait_url": first_portrait and first_portrait.get_url(request),
            "featured_collection": featured.values_list("pk", flat=True).first(),
            "collection_index_url": collection_index and collection_index.get_url(request),
        }


class InformationPage(Page):
    """A plain text page: about the exhibition, legal notice, accessibility statement."""

    body = RichTextField(_("texte"), features=TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("body")]

    parent_page_types = ["home.HomePage", "home.InformationPage"]
    subpage_types = ["home.InformationPage"]

    class Meta:
        verbose_name = _("page d'information")
        verbose_name_plural = _("pages d'information")


class AccessibilityStatus(models.TextChoices):
    """RGAA conformity levels, as the footer must state them."""

    NOT_COMPLIANT = "non", _("non conforme")
    PARTIALLY_COMPLIANT = "partial", _("partiellement conforme")
    FULLY_COMPLIANT = "full", _("totalement conforme")


@register_setting(icon="group")
class ExhibitionSettings(BaseSiteSetting, ClusterableModel):
    """Credits and mentions shown in every page's footer."""

    producer = models.CharField(
        _("production"),
        max_length=255,
        blank=True,
        help_text=_("Qui a produit l'exposition, par exemple une agence."),
    )
    producer_url = models.URLField(_("site de la production"), blank=True)
    venue = models.CharField(
        _("lieu d'exposition"),
        max_length=255,
        blank=True,
        help_text=_("Où l'exposition a été présentée au public."),
    )
    demo_notice = models.TextField(
        _("avertissement de démonstration"),
        blank=True,
        help_text=_("Si rempli, affiché en haut de chaque page : pour un site de démonstration."),
    )
    accessibility_status = models.CharField(
        _("conformité RGAA"),
        max_length=10,
        choices=AccessibilityStatus.choices,
        default=AccessibilityStatus.NOT_COMPLIANT,
        help_text=_("Le niveau établi par le dernier audit, cité dans le pied de page."),
    )
    accessibility_statement = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("déclaration d'accessibilité"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    legal_notice = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("mentions légales"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("producer"), FieldPanel("producer_url"), FieldPanel("venue")],
            heading=_("Crédits"),
        ),
        InlinePanel("partners", heading=_("Partenaires"), label=_("Partenaire")),
        MultiFieldPanel(
            [
                FieldPanel("accessibility_status"),
                FieldPanel("accessibility_statement"),
                FieldPanel("legal_notice"),
            ],
            heading=_("Mentions obligatoires"),
        ),
        FieldPanel("demo_notice"),
    ]

    class Meta:
        verbose_name = _("crédits et mentions")


class Partner(Orderable):
    settings = ParentalKey(ExhibitionSettings, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("nom"), max_length=255)
    role = models.CharField(
        _("rôle"),
        max_length=255,
        blank=True,
        help_text=_("Par exemple : « accueil de l'exposition », « accompagnement des familles »."),
    )
    url = models.URLField(_("site"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")

    def __str__(self):
        return self.name
