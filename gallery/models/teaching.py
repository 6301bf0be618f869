"""What a teacher pack is for: the school levels and the subjects, a small fixed list.

Each level and subject is a row (seeded by a migration, never edited) so that a pack picks
them with a many-to-many relation, filtered the same way on SQLite and PostgreSQL; its label
comes from the choices, translated like the rest of the interface.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .content_notes import SchoolLevel


class Level(models.TextChoices):
    """The classes a pack is made for: the levels a portrait may be advised from, and the
    classes of pupils who have just arrived in France themselves."""

    CYCLE_3 = SchoolLevel.CYCLE_3.value, SchoolLevel.CYCLE_3.label
    CYCLE_4 = SchoolLevel.CYCLE_4.value, SchoolLevel.CYCLE_4.label
    LYCEE = SchoolLevel.LYCEE.value, SchoolLevel.LYCEE.label
    UPE2A = "upe2a", _("UPE2A / FLE (élèves allophones)")


class Subject(models.TextChoices):
    EMC = "emc", _("enseignement moral et civique (EMC)")
    HISTORY_GEOGRAPHY = "histoire-geographie", _("histoire-géographie")
    FRENCH = "francais", _("français")
    FLE = "fle", _("français langue étrangère (FLE)")


class ChoiceRow(models.Model):
    """One value of a fixed list of choices, as a row a page can point to."""

    choices = None

    code = models.CharField(_("code"), max_length=30, unique=True)

    class Meta:
        abstract = True

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        return self.choices(self.code).label if self.code in self.choices.values else self.code

    @property
    def position(self):
        """Where the value stands in its list (the choices' order)."""
        values = list(self.choices.values)
        return values.index(self.code) if self.code in values else len(values)


class TeachingLevel(ChoiceRow):
    choices = Level

    class Meta:
        ordering = ["pk"]  # seeded in the choices' order
        verbose_name = _("niveau")
        verbose_name_plural = _("niveaux")


class TeachingSubject(ChoiceRow):
    choices = Subject

    class Meta:
        ordering = ["pk"]
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")
