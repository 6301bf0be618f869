"""Importing portraits from a CSV file and their photos (a folder or a ZIP).

All or nothing: every row is checked first and every problem reported with its line and
column; only a file without any problem is written, in one transaction. Re-importing the same
file updates portraits by slug and duplicates nothing.

Columns (UTF-8, a header row, comma or semicolon separated):

    slug, display_name, full_name, photo, photo_alt, photo_credit, licence, stage, country,
    arrival_year, town, quote, testimony, collections, consent_signed_on, consent_until,
    consent_scope

and, optional, what an export adds so that nothing is lost: title, testimony_note, languages,
journey (one "YYYY[-MM];stage;text" per line), fictional and pseudonym ("oui"/"non"; without
it, a display name is taken as a pseudonym when consent_scope leaves out "name"), and
consent_reference (where the signed form is kept).
"""

import csv
import datetime
import io
import json
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape, linebreaks
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_countries import countries
from wagtail.models import Locale, Site
from wagtail.rich_text import RichText
from wagtail.utils.file import hash_filelike

from .image_files import without_metadata
from .models import (
    CollectionEntry,
    CollectionIndexPage,
    Consent,
    CuratedCollectionPage,
    ExhibitionImage,
    ExhibitionPage,
    JourneyMilestone,
    Licence,
    NaturalisationStage,
    PortraitPage,
)
from .models.base import TEXT_FEATURES
from .models.consent import FullName, Scope, consent_of, full_name_problem, public_name
from .models.portraits import EARLIEST_YEAR
from .rich_text import unacceptable

REQUIRED = [
    "display_name", "full_name", "photo", "photo_alt", "stage", "quote", "testimony",
    "consent_signed_on",
]  # fmt: skip
# Columns whose text the public sees: none may hold the person's full name.
PUBLIC_COLUMNS = [
    "slug", "title", "display_name", "quote", "testimony", "testimony_note", "town",
    "languages", "journey", "photo_alt", "photo_credit",
]  # fmt: skip
COLUMNS = [
    "slug", "display_name", "full_name", "photo", "photo_alt", "photo_credit", "licence",
    "stage", "country", "arrival_year", "town", "quote", "testimony", "collections",
    "consent_signed_on", "consent_until", "consent_scope",
]  # fmt: skip
OPTIONAL = [
    "title", "testimony_note", "languages", "journey", "fictional", "pseudonym",
    "consent_reference",
]  # fmt: skip
# Column -> the model field it fills, whose max_length is the column's limit.
LIMITED_FIELDS = {
    "slug": (PortraitPage, "slug"), "display_name": (PortraitPage, "display_name"),
    "title": (PortraitPage, "title"), "town": (PortraitPage, "town"),
    "quote": (PortraitPage, "quote"), "testimony_note": (PortraitPage, "testimony_note"),
    "languages": (PortraitPage, "languages"), "full_name": (Consent, "full_name"),
    "consent_reference": (Consent, "form_reference"), "photo_alt": (ExhibitionImage, "alt_text"),
    "photo_credit": (ExhibitionImage, "credit"),
}  # fmt: skip
LIMITS = {
    "photo": 200,  # a file name
    **{
        column: model._meta.get_field(name).max_length
        for column, (model, name) in LIMITED_FIELDS.items()
    },
}
MAX_ROWS = 1000  # a preview a curator can read, an import one transaction can hold
TRUE, FALSE = {"1", "oui", "yes", "true", "vrai"}, {"", "0", "non", "no", "false", "faux"}
MAX_ZIP_FILES = 2000


class ImportError_(Exception):
    """The import cannot even start (an unreadable file, a missing folder…)."""


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
    """One CSV row, checked and ready to write."""

    line: int
    slug: str
    values: dict
    photo: ContentFile | None = None
    photo_hash: str = ""
    stage: NaturalisationStage | None = None
    journey: list = field(default_factory=list)
    action: str = ""  # "create", "update" or "unchanged", known once compared
    existing: PortraitPage | None = None  # the portrait of the same slug, if any
    draft: PortraitPage | None = None  # its latest version
    full_name: FullName | None = None  # the person's, to look for in the collections file


# Photos ------------------------------------------------------------------------------------


class PhotoFolder:
    def __init__(self, path):
        self.path = Path(path)
        if not self.path.is_dir():
            raise ImportError_(
                _("Le dossier de photos « %(path)s » n'existe pas.") % {"path": path}
            )

    def read(self, name):
        candidate = self.path / name
        return candidate.read_bytes() if candidate.is_file() else None


class PhotoZip:
    """Photos inside a ZIP file, looked up by file name; never extracted to disk."""

    def __init__(self, file):
        try:
            self.zip = zipfile.ZipFile(file)
        except zipfile.BadZipFile as error:
            raise ImportError_(
                _("Le fichier ZIP est illisible (%(error)s).") % {"error": error}
            ) from error
        members = [m for m in self.zip.infolist() if not m.is_dir()]
        if len(members) > MAX_ZIP_FILES:
            raise ImportError_(_("Le fichier ZIP contient trop de fichiers."))
        self.members = {}
        for member in members:
            name = Path(member.filename).name
            if name in self.members:  # which one is meant? Never guess with people's photos.
                raise ImportError_(
                    _("Le fichier ZIP contient deux photos nommées « %(name)s ».") % {"name": name}
                )
            self.members[name] = member

    def read(self, name):
        member = self.members.get(name)
        if member is None:
            return None
        if member.file_size > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE:
            raise ValidationError(_("Cette photo est trop grosse."))
        # What zipfile raises for a member it cannot give back: a corrupt entry (BadZipFile,
        # OSError, EOFError), an encrypted one (RuntimeError) or an unsupported compression
        # method such as Deflate64 (NotImplementedError).
        try:
            with self.zip.open(member) as opened:  # read no more than the limit: zip bombs
                data = opened.read(settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE + 1)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError) as error:
            raise ValidationError(
                _("Cette photo ne peut pas être lue dans le ZIP (%(error)s).") % {"error": error}
            ) from error
        if len(data) > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE:
            raise ValidationError(_("Cette photo est trop grosse."))
        return data


# Spreadsheets run a cell that starts with one of these as a formula: an export guards such
# cells with an apostrophe, which the import takes off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard_formula(value):
    value = str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def unguard_formula(value):
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


# Reading -----------------------------------------------------------------------------------


def read_rows(data):
    """(header, [(line number, {column: value})]) from CSV bytes; raises ImportError_."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportError_(
            _("Le fichier n'est pas en UTF-8 (ligne %(line)s). Enregistrez-le en « CSV UTF-8 ».")
            % {"line": line}
        ) from error
    if not text.strip():
        raise ImportError_(_("Le fichier est vide."))
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # Lines are counted as a spreadsheet numbers its rows (the header is line 1), even
        # when a testimony spans several lines of the file.
        rows = list(enumerate(reader, start=2))
    except csv.Error as error:
        raise ImportError_(
            _("Ligne %(line)s : le CSV est mal formé (%(error)s).")
            % {"line": reader.line_num, "error": error}
        ) from error
    return [name.strip() for name in reader.fieldnames or []], rows


class PortraitImport:
    def __init__(self, csv_data, photos, exhibition=None, collections_data=None, publish=False):
        self.photos = photos
        self.publish = publish
        self.problems = []
        self.rows = []
        self.exhibition = exhibition or _existing_default_exhibition()
        self.collections_data = collections_data or []
        locale = Locale.get_default()
        self.stages = list(NaturalisationStage.objects.filter(locale=locale))
        header, raw_rows = read_rows(csv_data)
        if len(raw_rows) > MAX_ROWS:
            raise ImportError_(
                _(
                    "Le fichier compte %(count)s portraits : au plus %(max)s par import. "
                    "Découpez-le en plusieurs fichiers."
                )
                % {"count": len(raw_rows), "max": MAX_ROWS}
            )
        if self._check_header(header):
            seen = {}
            for line, values in raw_rows:
                row = self._check_row(line, values)
                if row is None:
                    continue
                if row.slug in seen:
                    self._problem(
                        line,
                        "slug",
                        _("l'adresse « %(slug)s » est déjà celle de la ligne %(other)s.")
                        % {"slug": row.slug, "other": seen[row.slug]},
                    )
                    continue
                seen[row.slug] = line
                self.rows.append(row)
            if not raw_rows:
                self._problem(1, "", _("aucune ligne à importer après l'en-tête."))
        self._check_collections()
        if not self.problems:
            self._compare()

    @property
    def is_valid(self):
        return not self.problems

    def _problem(self, line, column, message):
        self.problems.append(Problem(line, column, message))

    def _check_header(self, header):
        missing = [column for column in REQUIRED if column not in header]
        unknown = [column for column in header if column not in COLUMNS + OPTIONAL]
        for column in missing:
            self._problem(1, column, _("colonne obligatoire absente de l'en-tête."))
        for column in unknown:
            self._problem(1, column, _("colonne inconnue (faute de frappe ?)."))
        return not missing and not unknown

    def _check_row(self, line, raw):
        if None in raw:
            self._problem(line, "", _("plus de valeurs que de colonnes."))
            return None
        values = {
            column: unguard_formula((raw.get(column) or "").strip())
            for column in COLUMNS + OPTIONAL
        }
        count = len(self.problems)

        for column in REQUIRED:
            if not values[column]:
                self._problem(line, column, _("valeur obligatoire manquante."))
        for column, limit in LIMITS.items():
            if len(values[column]) > limit:
                self._problem(line, column, _("au plus %(limit)s caractères.") % {"limit": limit})

        slug = values["slug"] or slugify(values["display_name"])
        if values["slug"] and slugify(values["slug"]) != values["slug"]:
            self._problem(
                line,
                "slug",
                _("lettres minuscules, chiffres et tirets seulement, par exemple « amina-2 »."),
            )
        if not slug:
            self._problem(line, "slug", _("impossible d'en tirer une adresse : donnez un slug."))
        row = Row(line=line, slug=slug, values=values)

        row.stage = self._stage(values["stage"])
        if values["stage"] and row.stage is None:
            self._problem(
                line, "stage", _("étape inconnue : « %(value)s ».") % {"value": values["stage"]}
            )
        if values["country"]:
            code = values["country"].upper()
            if len(code) != 2 or not countries.alpha2(code):
                self._problem(
                    line,
                    "country",
                    _("code pays ISO 3166 à deux lettres attendu, par exemple « SY »."),
                )
            values["country"] = code
        if values["arrival_year"]:
            year = values["arrival_year"]
            year = int(year) if re.fullmatch(r"[0-9]{4}", year) else None
            if year is None or not EARLIEST_YEAR <= year <= timezone.localdate().year:
                self._problem(
                    line,
                    "arrival_year",
                    _("une année entre %(first)s et aujourd'hui.") % {"first": EARLIEST_YEAR},
                )
        values["licence"] = self._licence(line, values["licence"])
        values["fictional"] = self._boolean(line, "fictional", values["fictional"])
        values["pseudonym"] = (
            self._boolean(line, "pseudonym", values["pseudonym"]) if values["pseudonym"] else None
        )
        for slug_value in self._split(values["collections"]):
            if slugify(slug_value) != slug_value or len(slug_value) > 255:
                self._problem(
                    line,
                    "collections",
                    _("« %(value)s » n'est pas un slug de collection.") % {"value": slug_value},
                )
        row.journey = self._journey(line, values["journey"])
        signed_on = self._date(line, "consent_signed_on", values["consent_signed_on"])
        until = self._date(line, "consent_until", values["consent_until"])
        if signed_on and signed_on > timezone.localdate():
            self._problem(line, "consent_signed_on", _("la date de signature est dans le futur."))
        if signed_on and until and until < signed_on:
            self._problem(line, "consent_until", _("la fin du consentement précède sa signature."))
        values["consent_signed_on"], values["consent_until"] = signed_on, until
        scope = self._scope(line, values["consent_scope"])
        values["consent_scope"] = scope
        if scope is not None:
            always_shown = {Scope.PHOTO, Scope.TESTIMONY, Scope.STAGE}
            if not always_shown <= scope:
                self._problem(
                    line,
                    "consent_scope",
                    _(
                        "un portrait montre toujours la photo, le témoignage et l'étape : le "
                        "consentement doit les couvrir (« photo;testimony;stage »)."
                    ),
                )
            if values["pseudonym"] is False and Scope.NAME not in scope:
                self._problem(
                    line,
                    "display_name",
                    _(
                        "le consentement ne couvre pas le prénom : indiquez pseudonym=oui "
                        "ou ajoutez « name » à consent_scope."
                    ),
                )
            if Scope.ORIGIN not in scope:
                for column in ("country", "arrival_year", "town", "languages"):
                    if values[column]:
                        self._problem(
                            line,
                            column,
                            _(
                                "la personne n'a pas accepté de montrer son origine (« origin » "
                                "absent de consent_scope) : videz cette colonne."
                            ),
                        )
        row.full_name = self._check_full_name(line, values)
        if self.publish and until and until < timezone.localdate():
            self._problem(
                line, "consent_until", _("ce consentement a pris fin : rien ne peut être publié.")
            )

        if values["photo"]:
            self._photo(line, row)
        return row if len(self.problems) == count else None

    def _check_full_name(self, line, values):
        """The full name stays private: a column that holds it (or the columns swapped) is a
        problem, by the same rule as the editor's."""
        if not values["full_name"]:
            return None
        if problem := full_name_problem(values["full_name"]):
            self._problem(line, "full_name", problem)
            return None
        pseudonym = values["pseudonym"]
        if pseudonym is None:
            pseudonym = values["consent_scope"] is not None and (
                Scope.NAME not in values["consent_scope"]
            )
        name = FullName(values["full_name"], "" if pseudonym else values["display_name"])
        for column in PUBLIC_COLUMNS:
            if name.found_in(values[column]):
                self._problem(
                    line,
                    column,
                    _(
                        "contient tout ou partie du nom complet (colonne full_name), qui reste "
                        "privé : les colonnes sont-elles inversées ?"
                    ),
                )
        return name

    def _check_collections(self):
        """The collections file (an export's collections.json) is checked like the rows: its
        introductions hold only what the editor could have written, its texts no full name;
        nothing is written otherwise."""
        if not isinstance(self.collections_data, list):
            self._problem(None, "", _("une liste de collections est attendue."))
            self.collections_data = []
            return
        full_names = {row.slug: row.full_name for row in self.rows if row.full_name}
        for data in self.collections_data:
            slug = data.get("slug") if isinstance(data, dict) else None
            if not isinstance(slug, str) or slugify(slug) != slug or not slug:
                self._problem(None, str(slug)[:60], _("chaque collection a un slug valide."))
                continue
            texts = [data.get("title") or "", data.get("introduction") or ""]
            entries = data.get("entries") or []
            if not all(isinstance(value, str) for value in texts) or not isinstance(entries, list):
                self._problem(None, slug, _("titre, introduction et entrées mal formés."))
                continue
            refused = unacceptable(texts[1], TEXT_FEATURES)
            if refused:
                self._problem(
                    None,
                    slug,
                    _("l'introduction contient ce que l'éditeur n'accepte pas : %(what)s.")
                    % {"what": ", ".join(refused)},
                )
                continue
            notes = [entry.get("note") or "" for entry in entries if isinstance(entry, dict)]
            people = [entry.get("portrait") for entry in entries if isinstance(entry, dict)]
            names = [full_names.get(p) or self._existing_full_name(p) for p in people]
            for name in names:
                if name is None:
                    continue
                if any(name.found_in(text) for text in [*texts, *notes]):
                    self._problem(
                        None,
                        slug,
                        _("un texte contient tout ou partie du nom complet d'une personne."),
                    )
                    break

    def _existing_full_name(self, slug):
        portrait = (
            PortraitPage.objects.child_of(self.exhibition).filter(slug=slug).first()
            if self.exhibition and isinstance(slug, str)
            else None
        )
        consent = consent_of(portrait) if portrait else None
        return FullName(consent.full_name, public_name(portrait)) if consent else None

    # One value at a time ---------------------------------------------------------------------

    def _stage(self, value):
        wanted = value.casefold()
        return next(
            (s for s in self.stages if wanted in (s.slug.casefold(), s.name.casefold())), None
        )

    def _split(self, value):
        return [part.strip() for part in value.split(";") if part.strip()]

    def _date(self, line, column, value):
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self._problem(
                line, column, _("date attendue au format AAAA-MM-JJ, par exemple 2025-09-15.")
            )
            return None

    def _scope(self, line, value):
        parts = self._split(value)
        unknown = [part for part in parts if part not in Scope.values]
        if unknown:
            self._problem(
                line,
                "consent_scope",
                _("valeurs inconnues : %(unknown)s (possibles : %(known)s).")
                % {"unknown": ", ".join(unknown), "known": ", ".join(Scope.values)},
            )
            return None
        return {Scope(part) for part in parts} if parts else set(Scope)

    def _licence(self, line, value):
        if not value:
            return Licence.ALL_RIGHTS_RESERVED
        for code, label in Licence.choices:
            if value.casefold() in (code, str(label).casefold()):
                return code
        self._problem(
            line,
            "licence",
            _("licence inconnue ; possibles : %(known)s.") % {"known": ", ".join(Licence.values)},
        )
        return None

    def _boolean(self, line, column, value):
        if value.casefold() in TRUE:
            return True
        if value.casefold() in FALSE:
            return False
        self._problem(line, column, _("« oui » ou « non » attendu."))
        return False

    def _journey(self, line, value):
        milestones = []
        for text_line in filter(None, (part.strip() for part in value.splitlines())):
            when, _sep, rest = text_line.partition(";")
            stage_value, _sep, text = rest.partition(";")
            match = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2}))?", when.strip())
            stage = self._stage(stage_value.strip()) if stage_value.strip() else None
            if not match or not text.strip() or (stage_value.strip() and stage is None):
                self._problem(
                    line,
                    "journey",
                    _("chaque jalon s'écrit « AAAA[-MM];étape;texte » : « %(value)s ».")
                    % {"value": text_line},
                )
                continue
            year, month = int(match.group(1)), int(match.group(2)) if match.group(2) else None
            if not 1900 <= year <= timezone.localdate().year or not (
                month is None or 1 <= month <= 12
            ):
                self._problem(
                    line, "journey", _("date impossible : « %(value)s ».") % {"value": when.strip()}
                )
                continue
            if len(text.strip()) > 255:
                self._problem(line, "journey", _("au plus 255 caractères par jalon."))
                continue
            milestones.append((year, month, stage, text.strip()))
        return milestones

    def _photo(self, line, row):
        name = row.values["photo"]
        if "/" in name or "\\" in name or name.startswith("."):
            self._problem(line, "photo", _("un nom de fichier seul est attendu, sans dossier."))
            return
        try:
            data = self.photos.read(name)
            if data is None:
                self._problem(
                    line,
                    "photo",
                    _("« %(name)s » ne se trouve pas parmi les photos.") % {"name": name},
                )
                return
            row.photo = without_metadata(ContentFile(data, name=name))
        except ValidationError as error:
            self._problem(line, "photo", " ".join(error.messages))
            return
        row.photo_hash = hash_filelike(row.photo)  # as Wagtail hashes a stored image

    # Comparing with what exists --------------------------------------------------------------

    def _compare(self):
        existing = {}
        if self.exhibition is not None:
            existing = {p.slug: p for p in PortraitPage.objects.child_of(self.exhibition)}
        for row in self.rows:
            row.existing = existing.get(row.slug)
            if row.existing is None:
                row.action = "create"
                continue
            row.draft = row.existing.get_latest_revision_as_object()
            row.action = "unchanged" if self._same(row) else "update"

    @cached_property
    def _collections_by_portrait(self):
        """Portrait id -> slugs of the collections whose latest version holds it."""
        found = defaultdict(set)
        for collection in CuratedCollectionPage.objects.all():
            for entry in collection.get_latest_revision_as_object().entries.all():
                found[entry.portrait_id].add(collection.slug)
        return found

    def _same(self, row):
        portrait, draft = row.existing, row.draft
        consent = portrait.get_consent()
        return (
            _matches(draft, _row_values(row))
            and _testimony_text(draft) == "\n\n".join(_paragraphs(row.values["testimony"]))
            and draft.stage_id == row.stage.pk
            and [(m.year, m.month, m.stage_id, m.text) for m in draft.journey.all()]
            == [(y, m, s.pk if s else None, t) for y, m, s, t in row.journey]
            and draft.photo is not None
            and draft.photo.file_hash == row.photo_hash
            and _matches(draft.photo, _row_photo_values(row))
            and consent is not None
            and _matches(consent, _row_consent_values(row))
            and self._collections_by_portrait[portrait.pk]
            >= set(self._split(row.values["collections"]))
            and (not self.publish or (portrait.live and not portrait.has_unpublished_changes))
        )

    # Writing ---------------------------------------------------------------------------------

    @transaction.atomic
    def apply(self):
        """Writes everything, or nothing if anything fails; returns {action: count}."""
        if not self.is_valid:
            raise ImportError_(_("Le fichier contient des erreurs : rien n'a été importé."))
        stored_files = []
        try:
            exhibition = self.exhibition or _default_exhibition()
            self.exhibition = exhibition
            collections = self._collections()
            counts = {"create": 0, "update": 0, "unchanged": 0}
            for row in self.rows:
                counts[row.action] += 1
                if row.action == "unchanged":
                    continue
                photo = self._image(row, stored_files)
                self._portrait(row, row.existing, photo, collections)
            self._publish_collections(collections)
        except Exception:
            for image in stored_files:  # the database rolls back; storage must too
                image.file.delete(save=False)
            raise
        return counts

    def _image(self, row, stored_files):
        """The portrait's own photo, kept if the file is the same: one image per portrait, so
        that a withdrawal takes exactly that person's photo away."""
        image = row.draft.photo if row.draft else None
        if image is None or image.file_hash != row.photo_hash:
            image = ExhibitionImage(title=row.values["display_name"], file=row.photo)
            stored_files.append(image)
        for name, value in _row_photo_values(row).items():
            setattr(image, name, value)
        image.save()
        return image

    def _portrait(self, row, portrait, photo, collections):
        values = row.values
        fields = {
            **_row_values(row),
            "photo": photo,
            "stage": row.stage,
            "testimony": [
                ("paragraph", RichText(linebreaks(escape(paragraph))))
                for paragraph in _paragraphs(values["testimony"])
            ],
        }
        if portrait is None:
            portrait = PortraitPage(slug=row.slug, live=False, **fields)
            self.exhibition.add_child(instance=portrait)
        else:
            for name, value in fields.items():
                setattr(portrait, name, value)
        portrait.journey = [
            JourneyMilestone(year=year, month=month, stage=stage, text=text)
            for year, month, stage, text in row.journey
        ]
        consent = portrait.get_consent()
        if consent is None:
            Consent.objects.create(portrait=portrait, **_row_consent_values(row))
        else:
            for name, value in _row_consent_values(row).items():
                setattr(consent, name, value)
            consent.save()
        revision = portrait.save_revision()
        if self.publish:
            revision.publish()
        for slug in self._split(values["collections"]):
            self._add_to_collection(collections[slug], portrait)

    def _add_to_collection(self, collection, portrait):
        """Appended at the end of the collection's latest version, which is published if
        the collection is and the import publishes."""
        collection = CuratedCollectionPage.objects.get(pk=collection.pk)  # its latest revision
        draft = collection.get_latest_revision_as_object()
        if any(entry.portrait_id == portrait.pk for entry in draft.entries.all()):
            return
        draft.entries.add(CollectionEntry(portrait=portrait))
        revision = draft.save_revision()
        if self.publish and collection.live:
            revision.publish()

    def _collections(self):
        """The collections the rows name, and those of a collections file, created if new."""
        home = Site.objects.get(is_default_site=True).root_page.specific
        index = CollectionIndexPage.objects.child_of(home).first()
        if index is None:
            index = CollectionIndexPage(title=_("Collections"), slug="collections")
            home.add_child(instance=index)
            index.save_revision().publish()
        described = {data["slug"]: data for data in self.collections_data}
        # Rows name collections by slug; new ones start as drafts for curators to present.
        wanted = {slug for row in self.rows for slug in self._split(row.values["collections"])}
        collections = {}
        # In the collections file's order, then the others: the tree keeps that order.
        for slug in [*described, *sorted(wanted - described.keys())]:
            collection = CuratedCollectionPage.objects.child_of(index).filter(slug=slug).first()
            data = described.get(slug, {})
            if collection is None:
                collection = CuratedCollectionPage(
                    slug=slug,
                    title=data.get("title") or slug.replace("-", " ").capitalize(),
                    introduction=data.get("introduction")
                    or "<p>" + escape(_("Collection créée par un import.")) + "</p>",
                    live=False,
                )
                index.add_child(instance=collection)
                collection.save_revision()
            collections[slug] = collection
        return collections

    def _publish_collections(self, collections):
        """A collections file (from an export) sets entries, order and notes, and publishes
        the collections that were published."""
        by_slug = {p.slug: p for p in PortraitPage.objects.child_of(self.exhibition)}
        for data in self.collections_data:
            collection = CuratedCollectionPage.objects.get(pk=collections[data["slug"]].pk)
            collection = collection.get_latest_revision_as_object()
            collection.entries = [
                CollectionEntry(portrait=by_slug[entry["portrait"]], note=entry.get("note", ""))
                for entry in data.get("entries", [])
                if entry["portrait"] in by_slug
            ]
            revision = collection.save_revision()
            if data.get("live") and self.publish:  # published only when the import publishes
                revision.publish()


# Values as the CSV and the models hold them, to compare and to write -----------------------


def _paragraphs(text):
    return [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]


def _matches(instance, values):
    return all(getattr(instance, name) == value for name, value in values.items())


def _row_values(row):
    values = row.values
    scope = values["consent_scope"]
    return {
        "title": values["title"] or values["display_name"],
        "display_name": values["display_name"],
        "name_is_pseudonym": (
            values["pseudonym"] if values["pseudonym"] is not None else Scope.NAME not in scope
        ),
        "quote": values["quote"],
        "country_of_origin": values["country"],
        "arrival_year": int(values["arrival_year"]) if values["arrival_year"] else None,
        "town": values["town"],
        "languages": values["languages"],
        "testimony_note": values["testimony_note"],
        "is_fictional": values["fictional"],
    }


def _row_photo_values(row):
    values = row.values
    return {
        "alt_text": values["photo_alt"],
        "credit": values["photo_credit"],
        "licence": values["licence"],
    }


def _row_consent_values(row):
    values = row.values
    scope = values["consent_scope"]
    return {
        "full_name": values["full_name"],
        "form_reference": values["consent_reference"],
        "signed_on": values["consent_signed_on"],
        "valid_until": values["consent_until"],
        **{f"covers_{s}": s in scope for s in Scope},
    }


def _testimony_text(portrait):
    """The testimony as plain paragraphs separated by blank lines, as the CSV holds it."""
    paragraphs = []
    for block in portrait.testimony:
        if block.block_type == "paragraph":
            html = str(block.value.source)
            html = re.sub(r"<br\s*/?>", "\n", html)
            for part in re.split(r"</p>\s*<p>", html):
                paragraphs.append(unescape(re.sub(r"<[^>]+>", "", part)).strip())
        elif block.block_type == "quotation":
            paragraphs.append(block.value["text"].strip())
    return "\n\n".join(p for p in paragraphs if p)


def _existing_default_exhibition():
    site = Site.objects.filter(is_default_site=True).first()
    return ExhibitionPage.objects.child_of(site.root_page).first() if site else None


def _default_exhibition():
    """The home page's exhibition, created if the site has none yet."""
    exhibition = _existing_default_exhibition()
    if exhibition is None:
        home = Site.objects.get(is_default_site=True).root_page.specific
        exhibition = ExhibitionPage(title=_("L'exposition"), slug="exposition", show_in_menus=True)
        home.add_child(instance=exhibition)
        exhibition.save_revision().publish()
    return exhibition


def load_collections_file(path):
    """The collections described by an export's collections.json, if given."""
    if not path:
        return []
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ImportError_(
            _("Fichier de collections illisible (%(error)s).") % {"error": error}
        ) from error
