"""One Django form per CSV row: its errors are keyed by column (the form's field names are the
columns'), its limits and validators are the model fields' own, and the consent rules are
asked of models/consent.py."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from wagtail.models import Locale

from ..image_files import without_metadata
from ..models import ContentTheme, JourneyMilestone, Licence, PortraitPage
from ..models.consent import ON_THE_SITE, Scope
from ..models.portraits import EARLIEST_YEAR, EASY_READ_FEATURES
from ..rich_text import unacceptable
from .columns import BY_NAME, PHOTO_NAME_MAX_LENGTH
from .consent_checks import consent_problems
from .values import paragraphs

TRUE, FALSE = {"1", "oui", "yes", "true", "vrai"}, {"", "0", "non", "no", "false", "faux"}
DATE_FORMAT = "%Y-%m-%d"  # ISO only: 01/02/2025 means two dates in two countries
MESSAGES = {
    "required": gettext_lazy("valeur obligatoire manquante."),
    "max_length": gettext_lazy("au plus %(limit_value)s caractères."),
}
DATE_MESSAGE = gettext_lazy("date attendue au format AAAA-MM-JJ, par exemple 2025-09-15.")
YEAR_MESSAGE = lazy(
    lambda: _("une année entre %(first)s et aujourd'hui.") % {"first": EARLIEST_YEAR}, str
)()


def this_year():
    return timezone.localdate().year


def from_model(name, **kwargs):
    """The form field of a column that fills a model field: the model field's own form field,
    with its max_length and every validator the model field runs."""
    column = BY_NAME[name]
    model_field = column.model_field()
    kwargs["error_messages"] = {**MESSAGES, **kwargs.get("error_messages", {})}
    field = model_field.formfield(**{"required": column.required, **kwargs})
    field.validators += [v for v in model_field.validators if v not in field.validators]
    return field


def text(name, **kwargs):
    """The form field of a column read as text, then by a clean_<column> method."""
    return forms.CharField(required=BY_NAME[name].required, error_messages=MESSAGES, **kwargs)


def date(name):
    """The form field of a date column: ISO dates only."""
    return from_model(name, input_formats=[DATE_FORMAT], error_messages={"invalid": DATE_MESSAGE})


def split(value):
    return [part.strip() for part in value.split(";") if part.strip()]


def yes_or_no(value):
    if value.casefold() in TRUE:
        return True
    if value.casefold() in FALSE:
        return False
    raise ValidationError(_("« oui » ou « non » attendu."))


class RowForm(forms.Form):
    """A row of the CSV. `stages` are the stages a row may name, `photos` a source from
    sources.py, `publish` whether the import publishes."""

    slug = from_model(
        "slug",
        error_messages={
            "invalid": gettext_lazy(
                "lettres minuscules, chiffres et tirets seulement, par exemple « amina-2 »."
            ),
        },
    )
    display_name = from_model("display_name")
    full_name = from_model("full_name")
    photo = text("photo", max_length=PHOTO_NAME_MAX_LENGTH)
    photo_alt = from_model("photo_alt")
    photo_credit = from_model("photo_credit")
    licence = text("licence")
    stage = text("stage")
    country = text("country")
    arrival_year = from_model(
        "arrival_year",
        validators=[MaxValueValidator(this_year)],
        error_messages=dict.fromkeys(("invalid", "min_value", "max_value"), YEAR_MESSAGE),
    )
    town = from_model("town")
    quote = from_model("quote")
    testimony = text("testimony")
    collections = text("collections")
    consent_signed_on = date("consent_signed_on")
    consent_until = date("consent_until")
    consent_scope = text("consent_scope")
    title = from_model("title")
    testimony_note = from_model("testimony_note")
    languages = from_model("languages")
    journey = text("journey")
    fictional = text("fictional")
    pseudonym = text("pseudonym")
    consent_reference = from_model("consent_reference")
    easy_read = text("easy_read")
    easy_read_falc = text("easy_read_falc")
    content_themes = text("content_themes")
    content_note = from_model("content_note")
    minimum_level = from_model("minimum_level")

    def __init__(self, data, *, stages, photos, publish=False):
        super().__init__(data)
        self.stages = stages
        self.photos = photos
        self.publish = publish

    # One column at a time --------------------------------------------------------------------

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug and slugify(slug) != slug:
            raise ValidationError(self.fields["slug"].error_messages["invalid"])
        return slug

    def clean_licence(self):
        value = self.cleaned_data["licence"]
        if not value:
            return Licence.ALL_RIGHTS_RESERVED
        for code, label in Licence.choices:
            if value.casefold() in (code, str(label).casefold()):
                return code
        raise ValidationError(
            _("licence inconnue ; possibles : %(known)s.") % {"known": ", ".join(Licence.values)}
        )

    def clean_stage(self):
        value = self.cleaned_data["stage"]
        stage = self.stage_named(value)
        if value and stage is None:
            raise ValidationError(_("étape inconnue : « %(value)s ».") % {"value": value})
        return stage

    def stage_named(self, value):
        wanted = value.casefold()
        return next(
            (s for s in self.stages if wanted in (s.slug.casefold(), s.name.casefold())), None
        )

    def clean_country(self):
        code = self.cleaned_data["country"].upper()
        if code and (len(code) != 2 or not countries.alpha2(code)):
            raise ValidationError(
                _("code pays ISO 3166 à deux lettres attendu, par exemple « SY ».")
            )
        return code

    def clean_collections(self):
        slugs = split(self.cleaned_data["collections"])
        longest = PortraitPage._meta.get_field("slug").max_length  # a collection is a page too
        for slug in slugs:
            if slugify(slug) != slug or len(slug) > longest:
                raise ValidationError(
                    _("« %(value)s » n'est pas un slug de collection.") % {"value": slug}
                )
        return slugs

    def clean_consent_scope(self):
        parts = split(self.cleaned_data["consent_scope"])
        unknown = [part for part in parts if part not in Scope.values]
        if unknown:
            raise ValidationError(
                _("valeurs inconnues : %(unknown)s (possibles : %(known)s).")
                % {"unknown": ", ".join(unknown), "known": ", ".join(Scope.values)}
            )
        # Empty: everything the site shows. Printing is agreed to by name only ("print").
        return {Scope(part) for part in parts} if parts else set(ON_THE_SITE)

    def clean_journey(self):
        """[(year, month, stage, text)]; every wrong milestone is a problem of its own."""
        milestones, errors = [], []
        for line in filter(str.strip, self.cleaned_data["journey"].splitlines()):
            try:
                milestones.append(self.milestone(line))
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        return milestones

    def milestone(self, line):
        """(year, month, stage, text) from "YYYY[-MM];stage;text", checked by the
        milestone model's own validators."""
        when, _sep, rest = line.strip().partition(";")
        stage_value, _sep, label = (part.strip() for part in rest.partition(";"))
        year, _sep, month = when.strip().partition("-")
        stage = self.stage_named(stage_value) if stage_value else None
        if (
            not (year.isascii() and year.isdigit() and len(year) == 4)
            or not label
            or (month and not (month.isascii() and month.isdigit() and len(month) == 2))
            or (stage_value and stage is None)
        ):
            raise ValidationError(
                _("chaque jalon s'écrit « AAAA[-MM];étape;texte » : « %(value)s ».")
                % {"value": line.strip()}
            )
        year, month = int(year), int(month) if month else None
        fields = {
            name: JourneyMilestone._meta.get_field(name) for name in ("year", "month", "text")
        }
        try:
            fields["year"].run_validators(year)
            fields["month"].run_validators(month)
            MaxValueValidator(this_year())(year)
        except ValidationError as error:
            raise ValidationError(
                _("date impossible : « %(value)s ».") % {"value": when.strip()}
            ) from error
        if len(label) > fields["text"].max_length:
            raise ValidationError(
                _("au plus %(limit)s caractères par jalon.") % {"limit": fields["text"].max_length}
            )
        return year, month, stage, label

    def clean_fictional(self):
        return yes_or_no(self.cleaned_data["fictional"])

    def clean_easy_read(self):
        """Plain text becomes paragraphs; HTML must be what the editor could have written."""
        value = self.cleaned_data["easy_read"].strip()
        if value and "<" not in value:
            return "".join(f"<p>{escape(text)}</p>" for text in paragraphs(value))
        if refused := unacceptable(value, EASY_READ_FEATURES):
            raise ValidationError(
                _("contient ce que l'éditeur n'accepte pas : %(what)s.")
                % {"what": ", ".join(refused)}
            )
        return value

    def clean_content_themes(self):
        """The themes of the controlled list (in the default language) the slugs name."""
        slugs = split(self.cleaned_data["content_themes"])
        found = {
            theme.slug: theme
            for theme in ContentTheme.objects.filter(locale=Locale.get_default(), slug__in=slugs)
        }
        if unknown := [slug for slug in slugs if slug not in found]:
            raise ValidationError(
                _("thème inconnu : %(slugs)s (voir « Thèmes sensibles » dans l'admin).")
                % {"slugs": ", ".join(unknown)}
            )
        return [found[slug] for slug in slugs]

    def clean_easy_read_falc(self):
        return yes_or_no(self.cleaned_data["easy_read_falc"])

    def clean_pseudonym(self):
        value = self.cleaned_data["pseudonym"]
        return yes_or_no(value) if value else None

    def clean_consent_signed_on(self):
        signed_on = self.cleaned_data["consent_signed_on"]
        if signed_on and signed_on > timezone.localdate():
            raise ValidationError(_("la date de signature est dans le futur."))
        return signed_on

    def clean_photo(self):
        """The photo's file, read from the photos and without its metadata."""
        name = self.cleaned_data["photo"]
        if "/" in name or "\\" in name or name.startswith("."):
            raise ValidationError(_("un nom de fichier seul est attendu, sans dossier."))
        try:
            data = self.photos.read(name)
            if data is None:
                raise ValidationError(
                    _("« %(name)s » ne se trouve pas parmi les photos.") % {"name": name}
                )
            return without_metadata(ContentFile(data, name=name))
        except ValidationError as error:
            raise ValidationError(
                [
                    f"« {name} » : {message}" if name not in message else message
                    for message in error.messages
                ]
            ) from error

    # The row as a whole ----------------------------------------------------------------------

    def clean(self):
        data = super().clean()
        scope = data.get("consent_scope")
        if data.get("pseudonym") is None:
            data["pseudonym"] = scope is not None and Scope.NAME not in scope
        for column, message in consent_problems(data):
            self.add_error(column, message)
        until = data.get("consent_until")
        if self.publish and until and until < timezone.localdate():
            self.add_error(
                "consent_until", _("ce consentement a pris fin : rien ne peut être publié.")
            )
        if "slug" in data and not data["slug"]:  # the address follows the name
            data["slug"] = slugify(data.get("display_name") or "")
            if not data["slug"] and "display_name" in data:
                self.add_error("slug", _("impossible d'en tirer une adresse : donnez un slug."))
        return data

    def problems(self):
        """[(column, message)]: "" for the row as a whole."""
        return [
            ("" if column == NON_FIELD_ERRORS else column, message)
            for column, messages in self.errors.items()
            for message in messages
        ]
