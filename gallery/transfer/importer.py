"""Importing portraits from a CSV file and their photos: read, check every row with its form,
compare with what exists, then (writer.py) write everything in one transaction.

All or nothing: every problem is reported with its line and column, and only a file without
any problem is written. Re-importing the same file updates portraits by slug and duplicates
nothing. The exhibition is the caller's: an import never creates one.
"""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from wagtail.models import Locale
from wagtail.utils.file import hash_filelike

from ..models import CuratedCollectionPage, ExhibitionPage, NaturalisationStage, PortraitPage
from ..models.consent import FullName
from . import curated
from .columns import MAX_ROWS, NAMES, REQUIRED, unguard_formula
from .forms import RowForm
from .sources import TransferError
from .values import (
    consent_values,
    matches,
    paragraphs,
    photo_values,
    portrait_values,
    testimony_text,
)


@dataclass
class Problem:
    line: int | None  # None: the collections file
    column: str
    message: str

    def __str__(self):
        if self.line is None:
            return _("fichier des collections, « %(where)s » : %(message)s") % {
                "where": self.column,
                "message": self.message,
            }
        where = _("ligne %(line)s") % {"line": self.line}
        if self.column:
            where += _(", colonne « %(column)s »") % {"column": self.column}
        return f"{where} : {self.message}"


@dataclass
class Row:
    """One CSV row, checked: `data` is its form's cleaned data."""

    line: int
    data: dict
    photo_hash: str = ""
    action: str = ""  # "create", "update" or "unchanged", known once compared
    existing: PortraitPage | None = None  # the portrait of the same slug, if any
    draft: PortraitPage | None = None  # its latest version

    @property
    def slug(self):
        return self.data["slug"]

    @property
    def photo(self) -> ContentFile:
        return self.data["photo"]

    @property
    def full_name(self):
        """The person's, to look for in the collections file."""
        return FullName(self.data["full_name"], "" if self.data["pseudonym"] else self.display_name)

    @property
    def display_name(self):
        return self.data["display_name"]


@dataclass
class ImportPlan:
    """What an import would do: its rows, or the problems that stop it."""

    exhibition: ExhibitionPage
    publish: bool = False
    collections_data: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def is_valid(self):
        return not self.problems

    def problem(self, line, column, message):
        self.problems.append(Problem(line, column, message))


def read_rows(data):
    """(header, [(line number, {column: value})]) from CSV bytes; raises TransferError."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise TransferError(
            _("Le fichier n'est pas en UTF-8 (ligne %(line)s). Enregistrez-le en « CSV UTF-8 ».")
            % {"line": line}
        ) from error
    if not text.strip():
        raise TransferError(_("Le fichier est vide."))
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        # Lines are counted as a spreadsheet numbers its rows (the header is line 1), even
        # when a testimony spans several lines of the file.
        for values in reader:
            rows.append((len(rows) + 2, values))
    except csv.Error as error:
        raise TransferError(
            _(
                "Ligne %(line)s : le CSV est mal formé (des guillemets non refermés, ou une "
                "cellule de plus de %(limit)s caractères)."
            )
            % {"line": len(rows) + 2, "limit": csv.field_size_limit()}
        ) from error
    if len(rows) > MAX_ROWS:
        raise TransferError(
            _(
                "Le fichier compte %(count)s portraits : au plus %(max)s par import. "
                "Découpez-le en plusieurs fichiers."
            )
            % {"count": len(rows), "max": MAX_ROWS}
        )
    return [name.strip() for name in reader.fieldnames or []], rows


def check(csv_data, photos, exhibition, *, collections_data=None, publish=False):
    """The ImportPlan of a CSV file (bytes) and its photos (sources.py) into `exhibition`;
    raises TransferError when the files cannot even be read."""
    photos.check()
    header, raw_rows = read_rows(csv_data)
    plan = ImportPlan(exhibition, publish, collections_data=collections_data or [])
    if check_header(plan, header):
        stages = list(NaturalisationStage.objects.filter(locale=Locale.get_default()))
        check_rows(plan, raw_rows, stages, photos)
        if not raw_rows:
            plan.problem(1, "", _("aucune ligne à importer après l'en-tête."))
    curated.check_file(plan)
    if plan.is_valid:
        compare(plan)
    return plan


def check_header(plan, header):
    missing = [column for column in REQUIRED if column not in header]
    unknown = [column for column in header if column not in NAMES]
    for column in missing:
        plan.problem(1, column, _("colonne obligatoire absente de l'en-tête."))
    for column in unknown:
        plan.problem(1, column, _("colonne inconnue (faute de frappe ?)."))
    return not missing and not unknown


def check_rows(plan, raw_rows, stages, photos):
    """Each row through its form; a slug used twice is a problem of the second row."""
    seen = {}
    for line, raw in raw_rows:
        if None in raw:  # what csv.DictReader does with values beyond the header's columns
            plan.problem(
                line,
                "",
                _("plus de valeurs que de colonnes (%(count)s de trop) : une virgule en trop ?")
                % {"count": len(raw[None])},
            )
            continue
        data = {column: unguard_formula((raw.get(column) or "").strip()) for column in NAMES}
        form = RowForm(data, stages=stages, photos=photos, publish=plan.publish)
        if not form.is_valid():
            for column, message in form.problems():
                plan.problem(line, column, message)
            continue
        row = Row(line, form.cleaned_data, photo_hash=hash_filelike(form.cleaned_data["photo"]))
        if row.slug in seen:
            plan.problem(
                line,
                "slug",
                _("l'adresse « %(slug)s » est déjà celle de la ligne %(other)s.")
                % {"slug": row.slug, "other": seen[row.slug]},
            )
            continue
        seen[row.slug] = line
        plan.rows.append(row)


# Comparing with what exists ----------------------------------------------------------------


def compare(plan):
    """Each row's action: create, update, or unchanged (nothing to write)."""
    existing = {p.slug: p for p in PortraitPage.objects.child_of(plan.exhibition)}
    memberships = collections_by_portrait() if existing else {}
    for row in plan.rows:
        row.existing = existing.get(row.slug)
        if row.existing is None:
            row.action = "create"
            continue
        row.draft = row.existing.get_latest_revision_as_object()
        same = is_same(row, memberships.get(row.existing.pk, set()), plan.publish)
        row.action = "unchanged" if same else "update"


def collections_by_portrait():
    """Portrait id -> slugs of the collections whose latest version holds it."""
    found = defaultdict(set)
    for collection in CuratedCollectionPage.objects.all():
        for entry in collection.get_latest_revision_as_object().entries.all():
            found[entry.portrait_id].add(collection.slug)
    return found


def is_same(row, collections, publish):
    """Whether the portrait already is what the row says (its latest version, photo, consent
    and collections; published, if the import publishes)."""
    portrait, draft, data = row.existing, row.draft, row.data
    consent = portrait.get_consent()
    return (
        matches(draft, portrait_values(data))
        and testimony_text(draft) == "\n\n".join(paragraphs(data["testimony"]))
        and draft.stage_id == data["stage"].pk
        and [t.pk for t in draft.content_themes.all()] == [t.pk for t in data["content_themes"]]
        and [(m.year, m.month, m.stage_id, m.text) for m in draft.journey.all()]
        == [(y, m, s.pk if s else None, t) for y, m, s, t in data["journey"]]
        and draft.photo is not None
        and draft.photo.file_hash == row.photo_hash
        and matches(draft.photo, photo_values(data))
        and consent is not None
        and matches(consent, consent_values(data))
        and collections >= set(data["collections"])
        and (not publish or (portrait.live and not portrait.has_unpublished_changes))
    )
