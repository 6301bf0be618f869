"""What a row's consent allows, asked of models/consent.py (the one module that knows the
rules) and answered column by column, for the row form."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.blocks import StreamValue

from ..models import Consent, ExhibitionImage, PortraitPage
from ..models.consent import (
    ORIGIN_DETAILS,
    Scope,
    full_name_in,
    public_texts,
    shown_scopes,
)
from .columns import column_for
from .values import testimony_blocks

# Scopes every imported portrait shows: shown_scopes() cannot see the photo of a portrait not
# saved yet, and every row has one.
ALWAYS_SHOWN = {Scope.PHOTO, Scope.TESTIMONY, Scope.STAGE}


def consent_problems(data):
    """[(column, message)] for a row's cleaned data (the columns without a problem of their
    own); data["pseudonym"] is already decided."""
    found = record_problems(data)
    if data.get("consent_scope") is not None:
        found += scope_problems(data, data["consent_scope"])
    # The display name says which given name is public: without it, nothing to compare.
    checkable = {"full_name", "display_name"} <= data.keys()
    if checkable and all(column != "full_name" for column, _message in found):
        found += full_name_problems(data)
    return found


def record_problems(data):
    """The consent record's own rules: its end after its signature, a full name that can be
    looked for."""
    consent = Consent(
        full_name=data.get("full_name", ""),
        signed_on=data.get("consent_signed_on"),
        valid_until=data.get("consent_until"),
    )
    try:
        consent.clean()
    except ValidationError as error:
        return [
            (column_for(Consent, field), message)
            for field, messages in error.message_dict.items()
            for message in messages
            if column_for(Consent, field) in data
        ]
    return []


def scope_problems(data, scope):
    """What the portrait would show that the consent does not cover."""
    portrait = PortraitPage(
        name_is_pseudonym=data["pseudonym"],
        **{field: data.get(column_for(PortraitPage, field)) for field in ORIGIN_DETAILS},
    )
    missing = (shown_scopes(portrait) | ALWAYS_SHOWN) - scope
    found = []
    if missing & ALWAYS_SHOWN:
        found.append(
            (
                "consent_scope",
                _(
                    "un portrait montre toujours la photo, le témoignage et l'étape : le "
                    "consentement doit les couvrir (« photo;testimony;stage »)."
                ),
            )
        )
    if Scope.NAME in missing:
        found.append(
            (
                "display_name",
                _(
                    "le consentement ne couvre pas le prénom : indiquez pseudonym=oui "
                    "ou ajoutez « name » à consent_scope."
                ),
            )
        )
    if Scope.ORIGIN in missing:
        message = _(
            "la personne n'a pas accepté de montrer son origine (« origin » absent de "
            "consent_scope) : videz cette colonne."
        )
        found += [
            (column_for(PortraitPage, field), message)
            for field in ORIGIN_DETAILS
            if getattr(portrait, field)
        ]
    return found


def full_name_problems(data):
    """The columns of public text that hold the full name (the columns swapped?), by the
    editor's own rule."""
    portrait = PortraitPage(
        display_name=data.get("display_name") or "", name_is_pseudonym=data["pseudonym"]
    )
    stream = PortraitPage._meta.get_field("testimony").stream_block
    values = {
        field: data.get(column_for(PortraitPage, field))
        for field in (
            "title",
            "slug",
            "display_name",
            "quote",
            "testimony_note",
            "easy_read",
            "content_note",
            "town",
            "languages",
        )
    }
    values["testimony"] = StreamValue(stream, testimony_blocks(data.get("testimony") or ""))
    values["photo"] = ExhibitionImage(
        alt_text=data.get("photo_alt") or "", credit=data.get("photo_credit") or ""
    )
    milestones = [label for _year, _month, _stage, label in data.get("journey") or []]
    texts = list(public_texts(values, milestones, PortraitPage._meta))
    holding = full_name_in(texts, Consent(full_name=data["full_name"]), portrait)
    message = _(
        "contient tout ou partie du nom complet (colonne full_name), qui reste privé : les "
        "colonnes sont-elles inversées ?"
    )
    return [(column, message) for column in sorted({column_of(t, data) for t in holding})]


def column_of(public_text, data):
    """The column that holds a PublicText of the row."""
    if public_text.field is None:
        return "journey"
    if public_text.field == "photo":
        return "photo_alt" if public_text.value == data.get("photo_alt") else "photo_credit"
    return column_for(PortraitPage, public_text.field)
