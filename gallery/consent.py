"""What a portrait shows that needs the person's consent, and what stops its publication.

Plain functions and vocabularies, shared by the models, the editor's form and the importer.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

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


class Status(models.TextChoices):
    VALID = "valid", _("valide")
    INCOMPLETE = "incomplete", _("ne couvre pas tout ce que montre la page")
    ENDING = "ending", _("prend fin dans les 30 jours")
    ENDED = "ended", _("terminé")
    MISSING = "missing", _("aucun consentement")


def shown_scopes(*, photo, pseudonym, details):
    """What a portrait shows that needs consent: testimony (with the dated journey) and stage
    always; the photo if there is one; the first name unless it is a pseudonym; the origin if
    any of its details is given (country, year of arrival, town, languages)."""
    shown = {Scope.TESTIMONY, Scope.STAGE}
    if photo:
        shown.add(Scope.PHOTO)
    if not pseudonym:
        shown.add(Scope.NAME)
    if details:
        shown.add(Scope.ORIGIN)
    return shown


def consent_problems(consent, shown):
    """Why `consent` does not allow publishing what is `shown`, in words for curators."""
    if consent is None:
        return [gettext("Aucun consentement n'est enregistré pour ce portrait.")]
    problems = []
    today = timezone.localdate()
    if consent.signed_on > today:
        problems.append(gettext("Le consentement n'est pas encore signé (date dans le futur)."))
    if consent.valid_until is not None and consent.valid_until < today:
        problems.append(
            gettext("Le consentement a pris fin le %(date)s.")
            % {"date": consent.valid_until.strftime("%d/%m/%Y")}
        )
    missing = [str(scope.label) for scope in Scope if scope in shown - consent.scope]
    if missing:
        problems.append(
            gettext("Le consentement ne couvre pas : %(missing)s.")
            % {"missing": ", ".join(missing)}
        )
    return problems
