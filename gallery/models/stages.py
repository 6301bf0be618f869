"""The integration path: the ordered naturalisation stages a portrait can stand at."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import TranslatableMixin
from wagtail.search import index


class StageQuerySet(models.QuerySet):
    def path_for(self, locale):
        """The whole path in order, in `locale` where a translation exists.

        The order is the default language's (curators reorder stages there); stages without
        a translation fall back to the default language, so the path is always complete.
        One query.
        """
        default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        stages = list(
            self.filter(locale__language_code__in={locale.language_code, default})
            .select_related("locale")
            .order_by("position", "pk")
        )
        originals = [s for s in stages if s.locale.language_code == default]
        translations = {
            s.translation_key: s for s in stages if s.locale.language_code == locale.language_code
        }
        return [translations.get(s.translation_key, s) for s in originals]


class NaturalisationStage(TranslatableMixin, index.Indexed, models.Model):
    """A step on the French integration path, from arrival to the citizenship ceremony."""

    class Group(models.TextChoices):
        ON_THE_PATH = "on-the-path", _("Sur le chemin de la naturalisation")
        NATURALISED = "naturalised", _("Devenus français")

    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(
        _("identifiant dans l'adresse"),
        max_length=120,
        help_text=_("Lettres minuscules, chiffres et tirets, par exemple « entretien »."),
    )
    # Set by dragging stages in the admin listing; a new stage goes to the end of the path.
    position = models.PositiveSmallIntegerField(
        _("position sur le parcours"), null=True, blank=True, editable=False
    )
    explanation = models.TextField(
        _("explication pour les élèves"),
        help_text=_("Deux ou trois phrases simples, lisibles par un collégien."),
    )
    group = models.CharField(
        _("groupe"),
        max_length=20,
        choices=Group.choices,
        default=Group.ON_THE_PATH,
        help_text=_(
            "L'exposition distingue les personnes en chemin et celles devenues françaises."
        ),
    )

    objects = StageQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("explanation"),
        FieldPanel("group"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["position", "pk"]
        verbose_name = _("étape de naturalisation")
        verbose_name_plural = _("étapes de naturalisation")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_stage_slug_per_locale"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.position is None:
            last = NaturalisationStage.objects.filter(locale_id=self.locale_id).aggregate(
                last=models.Max("position")
            )["last"]
            self.position = 0 if last is None else last + 1
        super().save(*args, **kwargs)

    @property
    def is_naturalised(self):
        return self.group == self.Group.NATURALISED
