"""The audit trail of withdrawals: who, when, which page. Nothing about the person."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Withdrawal(models.Model):
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
    uses_cleared = models.PositiveSmallIntegerField(
        _("autres pages ou réglages d'où ses images ont été retirées"), default=0
    )

    class Meta:
        verbose_name = _("retrait de portrait")
        verbose_name_plural = _("retraits de portraits")
        ordering = ["-withdrawn_at"]

    def __str__(self):
        return gettext("Retrait du portrait n° %(id)s") % {"id": self.page_id}
