"""Consent: what a portrayed person agreed to show, when, and until when. Private.

A consent record is never part of a page (so never in its revisions), never indexed for
search and never reachable from a public URL. It decides what a portrait may publish.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.admin import display as admin_display
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel

from gallery.consent import ENDING_SOON_DAYS, Scope, Status


class ConsentQuerySet(models.QuerySet):
    def ending_within(self, today=None):
        """Ending within ENDING_SOON_DAYS, not ended yet."""
        today = today or timezone.localdate()
        return self.filter(
            valid_until__gte=today,
            valid_until__lt=today + datetime.timedelta(days=ENDING_SOON_DAYS),
        )

    def ended(self, today=None):
        return self.filter(valid_until__lt=today or timezone.localdate())


class Consent(models.Model):
    portrait = models.OneToOneField(
        "gallery.PortraitPage",
        verbose_name=_("portrait"),
        on_delete=models.CASCADE,
        related_name="consent",
    )
    full_name = models.CharField(
        _("nom complet"),
        max_length=200,
        blank=True,
        help_text=_("Privé : n'apparaît jamais sur le site public, ni dans les recherches."),
    )
    signed_on = models.DateField(_("signé le"))
    valid_until = models.DateField(
        _("valable jusqu'au"),
        null=True,
        blank=True,
        help_text=_(
            "Laisser vide s'il n'a pas de fin. À cette date, le portrait est dépublié de lui-même."
        ),
    )
    covers_photo = models.BooleanField(_("la photo"), default=False)
    covers_name = models.BooleanField(_("le prénom"), default=False)
    covers_testimony = models.BooleanField(_("le témoignage"), default=False)
    covers_origin = models.BooleanField(
        _("l'origine et les détails (pays, année d'arrivée, commune, langues)"), default=False
    )
    covers_stage = models.BooleanField(_("l'étape du parcours"), default=False)
    form_reference = models.CharField(
        _("référence du formulaire signé"),
        max_length=200,
        blank=True,
        help_text=_(
            "Où retrouver le formulaire papier ou numérisé, par exemple « Classeur 2025, n° 14 »."
        ),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = ConsentQuerySet.as_manager()

    panels = [
        PageChooserPanel("portrait", "gallery.PortraitPage"),
        FieldPanel("full_name"),
        FieldRowPanel([FieldPanel("signed_on"), FieldPanel("valid_until")]),
        MultiFieldPanel(
            [
                FieldPanel("covers_photo"),
                FieldPanel("covers_name"),
                FieldPanel("covers_testimony"),
                FieldPanel("covers_origin"),
                FieldPanel("covers_stage"),
            ],
            heading=_("La personne accepte que le site montre"),
        ),
        FieldPanel("form_reference"),
    ]

    class Meta:
        verbose_name = _("consentement")
        verbose_name_plural = _("consentements")
        permissions = [
            ("withdraw_portrait", _("Peut retirer un portrait quand la personne le demande")),
        ]

    def __str__(self):
        # Never the person's name: this string ends up in admin logs and messages.
        return gettext("Consentement du portrait n° %(id)s") % {"id": self.portrait_id}

    def save(self, *args, **kwargs):
        previous = Consent.objects.filter(pk=self.pk).first() if self.pk else None
        super().save(*args, **kwargs)
        if previous and previous.portrait_id != self.portrait_id:  # never through the admin
            for portrait in previous.portraits():
                portrait.apply_consent(None)
        for portrait in self.portraits():
            portrait.apply_consent(self)

    def clean(self):
        errors = {}
        previous = Consent.objects.filter(pk=self.pk).first() if self.pk else None
        if previous and previous.portrait_id != self.portrait_id:
            errors["portrait"] = _(
                "Un consentement reste attaché à son portrait : enregistrez-en un nouveau pour "
                "un autre portrait."
            )
        elif self.portrait_id and (
            Consent.objects.filter(portrait__translation_key=self.portrait.translation_key)
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["portrait"] = _(
                "Cette personne a déjà un consentement (peut-être sur une traduction du "
                "portrait) : modifiez celui-là."
            )
        if self.valid_until and self.signed_on and self.valid_until < self.signed_on:
            errors["valid_until"] = _("La fin du consentement ne peut pas précéder sa signature.")
        if errors:
            raise ValidationError(errors)

    def portraits(self):
        """The portrait this consent allows, and its translations."""
        return self.portrait.get_translations(inclusive=True)

    @admin_display(description=_("état"))
    def status_label(self):
        return self.status().label

    @property
    def scope(self):
        return {scope for scope in Scope if getattr(self, f"covers_{scope.value}")}

    def status(self, today=None):
        today = today or timezone.localdate()
        if self.valid_until is None or self.valid_until >= today + datetime.timedelta(
            days=ENDING_SOON_DAYS
        ):
            return Status.VALID
        return Status.ENDING if self.valid_until >= today else Status.ENDED

    def ends_at(self):
        """The moment consent ends: the start of the day after `valid_until`, in France."""
        if self.valid_until is None:
            return None
        day_after = self.valid_until + datetime.timedelta(days=1)
        return datetime.datetime.combine(day_after, datetime.time(), ZoneInfo(settings.TIME_ZONE))


class Withdrawal(models.Model):
    """The audit trail of a withdrawal: who, when, which page. Nothing about the person."""

    page_id = models.PositiveBigIntegerField(_("numéro de la page retirée"))
    withdrawn_at = models.DateTimeField(_("retiré le"), auto_now_add=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("retiré par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pages_deleted = models.PositiveSmallIntegerField(_("pages supprimées (traductions comprises)"))
    images_deleted = models.PositiveSmallIntegerField(_("images supprimées"))

    class Meta:
        verbose_name = _("retrait de portrait")
        verbose_name_plural = _("retraits de portraits")
        ordering = ["-withdrawn_at"]

    def __str__(self):
        return gettext("Retrait du portrait n° %(id)s") % {"id": self.page_id}
