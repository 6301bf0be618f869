"""Content notes: what a testimony touches that a reader, a pupil first, should know before
reading it (exile, war, bereavement…), and from which school level it is advised.

The themes are a controlled list (a translatable snippet reviewers edit); each portrait picks
its themes, says in one sentence what its testimony tells, and gives a minimum level.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin


class SchoolLevel(models.TextChoices):
    """The French school levels a portrait, and later a teacher pack, is advised for."""

    CYCLE_3 = "cycle-3", _("cycle 3 (CM1 à 6e)")
    CYCLE_4 = "cycle-4", _("cycle 4 (5e à 3e)")
    LYCEE = "lycee", _("lycée")


class ContentTheme(TranslatableMixin, models.Model):
    """A theme some readers should know a testimony touches before they read it."""

    name = models.CharField(_("thème"), max_length=80)
    slug = models.SlugField(
        _("identifiant"),
        max_length=80,
        help_text=_("Lettres minuscules, chiffres et tirets, par exemple « exil »."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("thème sensible")
        verbose_name_plural = _("thèmes sensibles")
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"], name="unique_content_theme_slug_per_locale"
            ),
        ]

    def __str__(self):
        return self.name
