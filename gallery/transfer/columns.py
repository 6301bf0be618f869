"""The CSV columns of the import and export, in one place: their names, which are required,
the model field each fills (whose max_length is the column's limit), and which ones an export
adds. The row form (forms.py), the importer and the exporter all read this list.

A file is UTF-8 with a header row, comma or semicolon separated, at most MAX_ROWS rows.
"""

from dataclasses import dataclass

from ..models import Consent, ExhibitionImage, PortraitPage

MAX_ROWS = 1000  # a preview a curator can read, an import one transaction can hold
PHOTO_NAME_MAX_LENGTH = 200  # a file name inside the photo folder or ZIP; no model field


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    model: type | None = None  # the model whose field the column fills, if one does
    field: str = ""
    exported: bool = False  # added by an export so that nothing is lost; optional on import

    def model_field(self):
        return self.model._meta.get_field(self.field) if self.model else None

    @property
    def max_length(self):
        if self.name == "photo":
            return PHOTO_NAME_MAX_LENGTH
        model_field = self.model_field()
        return getattr(model_field, "max_length", None)


PORTRAIT, CONSENT, IMAGE = PortraitPage, Consent, ExhibitionImage

ALL = (
    Column("slug", model=PORTRAIT, field="slug"),
    Column("display_name", required=True, model=PORTRAIT, field="display_name"),
    Column("full_name", required=True, model=CONSENT, field="full_name"),
    Column("photo", required=True, model=PORTRAIT, field="photo"),
    Column("photo_alt", required=True, model=IMAGE, field="alt_text"),
    Column("photo_credit", model=IMAGE, field="credit"),
    Column("licence", model=IMAGE, field="licence"),
    Column("stage", required=True, model=PORTRAIT, field="stage"),
    Column("country", model=PORTRAIT, field="country_of_origin"),
    Column("arrival_year", model=PORTRAIT, field="arrival_year"),
    Column("town", model=PORTRAIT, field="town"),
    Column("quote", required=True, model=PORTRAIT, field="quote"),
    Column("testimony", required=True, model=PORTRAIT, field="testimony"),
    Column("collections"),  # collection slugs, separated by semicolons
    Column("consent_signed_on", required=True, model=CONSENT, field="signed_on"),
    Column("consent_until", model=CONSENT, field="valid_until"),
    # Scope values separated by semicolons; empty: all the site shows ("print" only if named)
    Column("consent_scope"),
    Column("title", model=PORTRAIT, field="title", exported=True),
    Column("testimony_note", model=PORTRAIT, field="testimony_note", exported=True),
    Column("languages", model=PORTRAIT, field="languages", exported=True),
    Column("journey", exported=True),  # one "YYYY[-MM];stage;text" a line
    Column("fictional", model=PORTRAIT, field="is_fictional", exported=True),
    # "oui"/"non"; without it, a display name is a pseudonym when the consent leaves out "name"
    Column("pseudonym", model=PORTRAIT, field="name_is_pseudonym", exported=True),
    Column("consent_reference", model=CONSENT, field="form_reference", exported=True),
    # The easy-read version: HTML with paragraphs, lists and bold only; "oui"/"non" for FALC.
    Column("easy_read", model=PORTRAIT, field="easy_read", exported=True),
    Column("easy_read_falc", model=PORTRAIT, field="easy_read_proofread", exported=True),
    # Before reading: theme slugs separated by semicolons, a sentence, a school level.
    Column("content_themes", exported=True),
    Column("content_note", model=PORTRAIT, field="content_note", exported=True),
    Column("minimum_level", model=PORTRAIT, field="minimum_level", exported=True),
)
BY_NAME = {column.name: column for column in ALL}
NAMES = [column.name for column in ALL]
# The columns a curator's file starts with; an export adds the others.
BASIC = [column.name for column in ALL if not column.exported]
REQUIRED = [column.name for column in ALL if column.required]


def column_for(model, field):
    """The name of the column that fills `model`'s `field`."""
    return next(c.name for c in ALL if c.model is model and c.field == field)


# Spreadsheets run a cell that starts with one of these as a formula: an export guards such
# cells with an apostrophe, which the import takes off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard_formula(value):
    value = str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def unguard_formula(value):
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value
