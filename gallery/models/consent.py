"""Consent, and every rule that follows from it. The one module that knows them.

What a person agreed to show, when and until when; what a portrait shows that needs it; a
portrait's consent status (in Python and as SQL from the same table); what stops a
publication, the full name included; what a page may show. The page's guards, the editor's
form, the importer, the admin listing and dashboard, public listings, search, the sitemap and
the page cache all ask here.

A consent record is private: never part of a page (so never in its revisions), never indexed
for search, never reachable from a public URL.
"""

import datetime
import html
import re
import unicodedata
from dataclasses import dataclass
from functools import reduce
from operator import or_
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.admin import display as admin_display
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.lookups import Exact, IsNull
from django.dispatch import Signal
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.blocks.list_block import ListValue
from wagtail.images.models import AbstractImage
from wagtail.rich_text import RichText

from infra.invalidation import ensure_reachable

ENDING_SOON_DAYS = 30
# A portrait's details that only its origin consent allows to show.
ORIGIN_DETAILS = ("country_of_origin", "arrival_year", "town", "languages")


class Scope(models.TextChoices):
    """What a person can agree to show, as the CSV import spells it."""

    PHOTO = "photo", _("la photo")
    NAME = "name", _("le prénom")
    TESTIMONY = "testimony", _("le témoignage")
    ORIGIN = "origin", _("l'origine et les détails (pays, année d'arrivée, commune, langues)")
    STAGE = "stage", _("l'étape du parcours")
    # Not something a page shows (see SHOWN): a printable class sheet of the portrait.
    PRINT = "print", _("l'impression pour la classe (fiche PDF)")


class Status(models.TextChoices):
    VALID = "valid", _("valide")
    INCOMPLETE = "incomplete", _("ne couvre pas tout ce que montre la page")
    ENDING = "ending", _("prend fin dans les 30 jours")
    ENDED = "ended", _("terminé")
    MISSING = "missing", _("aucun consentement")


# Statuses under which a portrait may be public.
PUBLISHABLE = (Status.VALID, Status.ENDING)


class ConsentMissing(Exception):
    """Publishing would show something the portrayed person did not agree to; `page` is the
    portrait refused, so that the admin can name it. Not a PermissionDenied: Wagtail's admin
    would turn that into a generic "no permission" (gallery.admin_refusals says what is
    missing instead)."""

    def __init__(self, message, page=None):
        super().__init__(message)
        self.page = page


# What a portrait shows, scope by scope: whether a version shows it (Python), and the same as
# SQL about a row, `ref` naming its fields (F for the row itself, OuterRef from a consent
# subquery). Both read the same fields; tests check that they agree.
def _shows_origin(portrait):
    return any(getattr(portrait, name) for name in ORIGIN_DETAILS)


def _shows_origin_sql(ref):
    return (
        ~Q(Exact(ref("country_of_origin"), ""))
        | Q(IsNull(ref("arrival_year"), False))
        | ~Q(Exact(ref("town"), ""))
        | ~Q(Exact(ref("languages"), ""))
    )


SHOWN = {
    Scope.PHOTO: (
        lambda portrait: portrait.photo_id is not None,
        lambda ref: Q(IsNull(ref("photo"), False)),
    ),
    Scope.NAME: (
        lambda portrait: not portrait.name_is_pseudonym,
        lambda ref: Q(Exact(ref("name_is_pseudonym"), False)),
    ),
    # Every portrait shows its testimony (None: no SQL needed), its easy-read version with it.
    Scope.TESTIMONY: (lambda portrait: True, None),
    Scope.ORIGIN: (_shows_origin, _shows_origin_sql),
    Scope.STAGE: (lambda portrait: True, None),
}
# What the site shows (every scope but printing): a portrait's status asks only these, so
# a consent without printing leaves the portrait published, just without its class sheet.
ON_THE_SITE = frozenset(SHOWN)


def shown_scopes(portrait):
    """What this version of a portrait shows that needs consent."""
    return {scope for scope, (shows, _sql) in SHOWN.items() if shows(portrait)}


# The record ----------------------------------------------------------------------------------


class ConsentQuerySet(models.QuerySet):
    def of(self, portrait):
        """The consent of `portrait`; its translations share it."""
        return self.filter(portrait__translation_key=portrait.translation_key)

    def current(self, today=None):
        """Signed and not ended."""
        today = today or timezone.localdate()
        return self.filter(signed_on__lte=today).exclude(valid_until__lt=today)

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
        help_text=_(
            "Privé : n'apparaît jamais sur le site public, ni dans les recherches. Prénom(s) "
            "puis nom, ou le nom en capitales s'il vient en premier (« NGUYEN Thi Lan »)."
        ),
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
    covers_print = models.BooleanField(
        _("l'impression pour la classe (fiche PDF)"),
        default=False,
        help_text=_(
            "Une fiche A4 à imprimer, avec ce que la page montre : sans cet accord, le portrait "
            "reste publié mais n'a pas de fiche."
        ),
    )
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
            [FieldPanel(f"covers_{scope.value}") for scope in Scope if scope in ON_THE_SITE],
            heading=_("La personne accepte que le site montre"),
        ),
        MultiFieldPanel(
            [FieldPanel(f"covers_{scope.value}") for scope in Scope if scope not in ON_THE_SITE],
            heading=_("Et qu'on imprime"),
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

    def clean(self):
        errors = {}
        previous = Consent.objects.filter(pk=self.pk).first() if self.pk else None
        if previous and previous.portrait_id != self.portrait_id:
            errors["portrait"] = _(
                "Un consentement reste attaché à son portrait : enregistrez-en un nouveau pour "
                "un autre portrait."
            )
        elif self.portrait_id and Consent.objects.of(self.portrait).exclude(pk=self.pk).exists():
            errors["portrait"] = _(
                "Cette personne a déjà un consentement (peut-être sur une traduction du "
                "portrait) : modifiez celui-là."
            )
        if self.valid_until and self.signed_on and self.valid_until < self.signed_on:
            errors["valid_until"] = _("La fin du consentement ne peut pas précéder sa signature.")
        if problem := full_name_problem(self.full_name):
            errors["full_name"] = problem
        if errors:
            raise ValidationError(errors)

    def portraits(self):
        """The portrait this consent allows, and its translations."""
        return self.portrait.get_translations(inclusive=True)

    @property
    def scope(self):
        return {scope for scope in Scope if getattr(self, f"covers_{scope.value}")}

    @admin_display(description=_("état"))
    def status_label(self):
        return status(self.portrait, self).label

    def ends_at(self):
        """The moment consent ends: the start of the day after `valid_until`, in France."""
        if self.valid_until is None:
            return None
        day_after = self.valid_until + datetime.timedelta(days=1)
        return datetime.datetime.combine(day_after, datetime.time(), ZoneInfo(settings.TIME_ZONE))


# A portrait's status -------------------------------------------------------------------------


def consent_of(portrait):
    """The person's consent, or None; one query."""
    if portrait.pk is None:
        return None
    return Consent.objects.of(portrait).first()


def status(portrait, consent, today=None):
    """Where `consent` (the person's, or None) leaves this version of `portrait`."""
    today = today or timezone.localdate()
    if consent is None:
        return Status.MISSING
    if consent.valid_until is not None and consent.valid_until < today:
        return Status.ENDED
    if consent.signed_on > today or shown_scopes(portrait) - consent.scope:
        return Status.INCOMPLETE
    if consent.valid_until is not None and consent.valid_until < _soon(today):
        return Status.ENDING
    return Status.VALID


def _soon(today):
    return today + datetime.timedelta(days=ENDING_SOON_DAYS)


def _consents():
    """The consent of the portrait row being filtered (translations share it), as SQL."""
    return Consent.objects.filter(portrait__translation_key=OuterRef("translation_key"))


def _incomplete(today):
    """SQL: the row's current consent is not signed yet, or leaves out something it shows."""
    current = _consents().exclude(valid_until__lt=today)
    missing = [Exists(current.filter(signed_on__gt=today))]
    for scope, (_shows, shown_sql) in SHOWN.items():
        leaves_out = Exists(current.filter(**{f"covers_{scope.value}": False}))
        missing.append(leaves_out if shown_sql is None else shown_sql(F) & leaves_out)
    return reduce(or_, missing)


def status_expression(today=None):
    """status() as SQL, for a queryset of portraits: `.annotate(consent_status=...)`."""
    today = today or timezone.localdate()
    consents = _consents()
    return Case(
        When(~Exists(consents), then=Value(Status.MISSING)),
        When(Exists(consents.ended(today)), then=Value(Status.ENDED)),
        When(_incomplete(today), then=Value(Status.INCOMPLETE)),
        When(Exists(consents.ending_within(today)), then=Value(Status.ENDING)),
        default=Value(Status.VALID),
        output_field=models.CharField(),
    )


def publishable(today=None):
    """SQL: the portrait rows whose consent allows what they show (status in PUBLISHABLE).
    One subquery per row, for public listings: a current consent covering each scope the
    row shows."""
    today = today or timezone.localdate()
    allowing = _consents().current(today)
    for scope, (_shows, shown_sql) in SHOWN.items():
        covers = Q(**{f"covers_{scope.value}": True})
        allowing = allowing.filter(covers if shown_sql is None else covers | ~shown_sql(OuterRef))
    return Exists(allowing)


# What a page may show ------------------------------------------------------------------------


def origin_agreed():
    """SQL: the person agreed to show their origin and its details."""
    return Exists(_consents().filter(covers_origin=True))


def may_show_origin(portrait, consent):
    return consent is not None and consent.covers_origin


def may_print(portrait, consent, today=None):
    """Whether a visible `portrait` may have a printable class sheet: its person's current
    consent covers printing. (Visibility, which includes the rest of the consent, is the
    caller's: `PortraitPage.objects.visible()`.)"""
    today = today or timezone.localdate()
    return (
        consent is not None
        and consent.covers_print
        and consent.signed_on <= today
        and (consent.valid_until is None or consent.valid_until >= today)
    )


def printable(today=None):
    """may_print() as SQL, for a queryset of portraits: `.filter(printable())` keeps those
    whose person's current consent covers printing (visibility is the caller's, as above)."""
    return Exists(_consents().current(today).filter(covers_print=True))


# What stops a publication --------------------------------------------------------------------


def problems(portrait, consent, texts=None, today=None):
    """Why this version of `portrait` may not be public, in words for curators: what
    `consent` (the person's, or None) does not cover, and any of its public `texts` (all of
    them by default) that holds the person's full name."""
    if consent is None:
        return [gettext("Aucun consentement n'est enregistré pour ce portrait.")]
    today = today or timezone.localdate()
    found = []
    if consent.signed_on > today:
        found.append(gettext("Le consentement n'est pas encore signé (date dans le futur)."))
    if consent.valid_until is not None and consent.valid_until < today:
        found.append(
            gettext("Le consentement a pris fin le %(date)s.")
            % {"date": consent.valid_until.strftime("%d/%m/%Y")}
        )
    missing = [
        str(scope.label) for scope in Scope if scope in shown_scopes(portrait) - consent.scope
    ]
    if missing:
        found.append(
            gettext("Le consentement ne couvre pas : %(missing)s.")
            % {"missing": ", ".join(missing)}
        )
    texts = portrait.public_texts() if texts is None else texts
    found += [full_name_message(text.label) for text in full_name_in(texts, consent, portrait)]
    return found


def full_name_in(texts, consent, portrait):
    """The texts that give away the person's full name (see FullName)."""
    name = FullName(consent.full_name, public_name(portrait))
    return [text for text in texts if name.found_in(text.value)]


def full_name_message(where):
    # Never the name itself: messages reach logs.
    return gettext(
        "%(where)s : contient tout ou partie du nom complet de la personne, qui reste privé."
    ) % {"where": where}


def check_publication(portrait):
    """Raise ConsentMissing unless the person's consent allows this version to go public.

    The consent row stays locked until the caller's transaction ends, so a consent changed
    at the same instant waits, then finds the page live and takes it down again.
    """
    consent = Consent.objects.of(portrait).select_for_update(of=("self",)).first()
    found = problems(portrait, consent)
    if found:
        raise ConsentMissing(" ".join(found), page=portrait)
    return consent


# Sent once a transaction that took portraits (or only their class sheets) off the public site
# because of their person's consent (narrowed, ended, deleted, withdrawn) commits, with their
# `page_ids`: whatever holds a copy of them (the page cache) must forget it, not just let it age.
portraits_taken_down = Signal()


def apply(consent, portraits=None, before=None):
    """Bring the pages of a new, changed or deleted (None) consent in line: their end date,
    and nothing live that it no longer allows; if printing is no longer agreed to (`before`:
    the consent as it was), no copy of their class sheets. Returns the pages taken down."""
    taken_down, sheets_gone = [], []
    no_longer_printed = (
        before is not None and before.covers_print and not (consent and consent.covers_print)
    )
    for portrait in portraits if portraits is not None else consent.portraits():
        portrait = portrait.specific
        portrait.expire_at = consent.ends_at() if consent else None
        type(portrait).objects.filter(pk=portrait.pk).update(expire_at=portrait.expire_at)
        if portrait.live and problems(portrait, consent):
            portrait.unpublish(log_action=True)
            taken_down.append(portrait.pk)
        elif portrait.live and no_longer_printed:
            sheets_gone.append(portrait.pk)  # the page stays; its sheet goes, copies included
    if taken_down or sheets_gone:
        announce_taken_down(taken_down + sheets_gone)
    return taken_down


def announce_taken_down(page_ids):
    """Once committed, the page cache forgets every copy of these pages. Raises (the
    take-down rolled back with its transaction) if the cache cannot be reached now: its copies
    would be answered again once it came back (infra.invalidation.ensure_reachable)."""
    ensure_reachable()
    transaction.on_commit(lambda: portraits_taken_down.send(Consent, page_ids=list(page_ids)))


# What a portrait shows the public, as text ------------------------------------------------


@dataclass(frozen=True)
class PublicText:
    """A text the public sees on a portrait's page: `field` is the editor's field holding it
    (None for a journey milestone), `label` says where it is, for curators."""

    field: str | None
    label: str
    value: str


# Every field of a portrait whose text the public sees, images included (alt text, credit).
PUBLIC_TEXT_FIELDS = (
    "title", "slug", "seo_title", "search_description", "display_name", "quote", "testimony",
    "testimony_note", "easy_read", "content_note", "town", "languages", "photo",
)  # fmt: skip


def public_texts(values, milestones, opts):
    """PublicText for every text a version of a portrait shows: `values` maps the
    PUBLIC_TEXT_FIELDS to their values (a form's cleaned data will do), `milestones` are the
    texts of its dated journey, `opts` the portrait model's options (for field names)."""
    for name in PUBLIC_TEXT_FIELDS:
        value = values.get(name)
        label = capfirst(opts.get_field(name).verbose_name)
        if name == "testimony":
            for number, text in _stream_texts(value or []):
                yield PublicText(
                    name,
                    gettext("%(field)s, bloc %(number)s") % {"field": label, "number": number},
                    text,
                )
        elif name == "photo":
            for text in _image_texts(value):
                yield PublicText(name, label, text)
        elif value:
            yield PublicText(name, label, str(value))
    for number, text in enumerate(milestones, start=1):
        label = gettext("Parcours daté, jalon %(number)s") % {"number": number}
        yield PublicText(None, label, text)


def _stream_texts(stream):
    for number, child in enumerate(stream, start=1):
        for text in _leaf_texts(child.value):
            yield number, text


def _leaf_texts(value):
    """The texts inside a block's value, whatever its structure."""
    if isinstance(value, RichText):
        yield value.source
    elif isinstance(value, str):
        yield value
    elif isinstance(value, AbstractImage):
        yield from _image_texts(value)
    elif isinstance(value, dict):  # StructValue
        for item in value.values():
            yield from _leaf_texts(item)
    elif isinstance(value, (list, tuple, ListValue)):
        for item in value:
            yield from _leaf_texts(item)


def _image_texts(image):
    if image is not None:
        yield from (text for text in (image.alt_text, image.credit) if text)


# The full name -------------------------------------------------------------------------------

# Words of a family name that are too common to give anyone away on their own.
PARTICLES = {
    "d", "de", "del", "della", "der", "des", "di", "do", "dos", "du", "da", "das", "e", "el",
    "al", "l", "la", "le", "les", "ben", "bin", "ibn", "bint", "ould", "abu", "van", "von",
    "ten", "ter", "y",
}  # fmt: skip


def words(text):
    """The words of `text` as a search would compare them: without accents, case or
    punctuation, with HTML entities read."""
    text = unicodedata.normalize("NFKD", html.unescape(str(text or "")))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.findall(r"[^\W_]+", text)


def full_name_problem(full_name):
    """Why `full_name` cannot be checked for, or None."""
    if len(words(full_name)) < 2:
        return gettext("Le nom complet comprend au moins un prénom et un nom de famille.")
    return None


class FullName:
    """A person's full name, as something to look for in what a page shows.

    The given names are the words not written in capitals when others are (« NGUYEN Thi Lan »,
    « BEN ALI Amina »), else the first word (« Amina Ben Ali »). Only a given name that the
    page already shows as the person's name may appear; any other word of the full name
    (particles aside), or the family name written as one word, gives the person away.
    """

    def __init__(self, full_name, public_name=""):
        tokens = str(full_name or "").split()
        in_capitals = [t for t in tokens if t.isupper() and len(t) > 1]
        if in_capitals and len(in_capitals) < len(tokens):
            given = [t for t in tokens if t not in in_capitals]
        else:
            given = tokens[:1]
        given_words = set(words(" ".join(given)))
        shown = given_words & set(words(public_name))
        all_words = words(full_name)
        self.private = {
            w for w in all_words if w not in shown and w not in PARTICLES and len(w) > 1
        }
        family = [w for w in all_words if w not in given_words]
        if len(family) > 1:
            self.private.add("".join(family))  # « benali », as in an address or a slug
        if not self.private and all_words:
            self.private = set(all_words)

    def found_in(self, text):
        return bool(self.private) and not self.private.isdisjoint(words(text))


def public_name(portrait):
    """The name a page shows as the person's own: their first name, unless a pseudonym."""
    return "" if portrait.name_is_pseudonym else portrait.display_name
