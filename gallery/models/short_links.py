"""Short links for class: `/p/<code>/`, one per page and all its translations, stable forever,
and how often their QR codes were scanned each day (a count, nothing about who scanned)."""

import secrets

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

# Letters and digits that cannot be mistaken for one another when copied from a board or a
# printed sheet: no 0/o, no 1/l/i. Stored lower-case; looked up whatever the case.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 6  # 31**6: nearly 900 million codes, so a random one is not found by guessing


def random_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalized_code(code):
    """The stored form of a code as typed or scanned, or None if it cannot be one."""
    code = code.lower()
    if len(code) != CODE_LENGTH or any(char not in ALPHABET for char in code):
        return None
    return code


class ShortLinkQuerySet(models.QuerySet):
    def for_page(self, page, create=False):
        """The link shared by `page` and its translations; with `create`, made if missing
        (race-safe: the translation key is unique, so two requests agree on one code)."""
        link = self.filter(translation_key=page.translation_key).first()
        if link is not None or not create:
            return link
        page_type = ContentType.objects.get_for_id(page.content_type_id)
        for _attempt in range(5):  # another code on the rare collision with an existing one
            try:
                with transaction.atomic():
                    return self.create(
                        code=random_code(),
                        translation_key=page.translation_key,
                        page_type=page_type,
                    )
            except IntegrityError:
                link = self.filter(translation_key=page.translation_key).first()
                if link is not None:  # made by a concurrent request
                    return link
        raise IntegrityError("no free short-link code found")


class ShortLink(models.Model):
    """A page's short link. It outlives the page's publication: kept when the page is
    unpublished or withdrawn (it then answers 404), never given to another page."""

    code = models.CharField(_("code"), max_length=CODE_LENGTH, unique=True, editable=False)
    translation_key = models.UUIDField(_("clé de traduction de la page"), unique=True)
    # The page type whose visibility rules apply (a portrait's include consent), so that a
    # link is resolved without first asking which type its pages are.
    page_type = models.ForeignKey(
        ContentType, verbose_name=_("type de page"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = ShortLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("lien court")
        verbose_name_plural = _("liens courts")
        ordering = ["created_at"]

    def __str__(self):
        return self.get_absolute_url()

    def get_absolute_url(self):
        return f"/p/{self.code}/"

    def pages(self):
        """The link's pages the public may see, by the rules of their own type."""
        model = self.page_type.model_class()
        return model.objects.visible().filter(translation_key=self.translation_key)

    def count_scan(self, day):
        """One more scan of the link's QR code on `day`, race-safe (an UPDATE in the database,
        and a row created once per day)."""
        scans = DailyScans.objects.filter(link=self, day=day)
        if scans.update(scans=F("scans") + 1):
            return
        try:
            with transaction.atomic():
                DailyScans.objects.create(link=self, day=day, scans=1)
        except IntegrityError:  # created meanwhile by a concurrent scan
            scans.update(scans=F("scans") + 1)


class DailyScans(models.Model):
    """How many times a link was opened from its QR code on one day. Nothing else: no
    cookie, address or browser is ever stored."""

    link = models.ForeignKey(
        ShortLink, verbose_name=_("lien court"), on_delete=models.CASCADE, related_name="scans"
    )
    day = models.DateField(_("jour"))
    scans = models.PositiveIntegerField(_("scans du code QR"), default=0)

    class Meta:
        verbose_name = _("scans d'un jour")
        verbose_name_plural = _("scans par jour")
        constraints = [
            models.UniqueConstraint(fields=["link", "day"], name="one_scan_count_per_link_and_day")
        ]

    def __str__(self):
        return f"{self.link} {self.day}: {self.scans}"
