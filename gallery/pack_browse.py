"""Browsing the teacher packs: level and subject from the query string, counts per option.

Like the exhibition's filters (gallery.browse): every choice lives in the address, a value
that does not exist answers a clear 404, and the number of queries does not depend on the
number of packs.

What changes only with the structure is kept for the content version (infra.fragments): the
levels and subjects, and for each choice of filters the counts, the packs in order and their
levels and subjects (a pack's `cache_structure`). Only the packs of the page are loaded.
"""

from functools import cached_property

from django.utils.translation import gettext as _

from infra import fragments
from infra.pagination import PAGE, InvalidQuery, page_number, page_param, paginate

from .browse import Facet, Option, with_queries_without
from .models import TeacherPackPage, TeachingLevel, TeachingSubject
from .models.base import count_by

# Query-string parameters, in the exhibition's language.
LEVEL, SUBJECT = "niveau", "matiere"


class PackBrowser:
    def __init__(self, index, params):
        self.index = index
        self.params = {key: params.get(key, "").strip() for key in (LEVEL, SUBJECT, PAGE)}
        self.levels, self.subjects = fragments.cached("pack-choices", (), self._choices)
        self.base = TeacherPackPage.objects.child_of(index).visible()
        self.level = self._find(LEVEL, self.levels, _("Le niveau « %(value)s » n'existe pas."))
        self.subject = self._find(
            SUBJECT, self.subjects, _("La discipline « %(value)s » n'existe pas.")
        )

    @staticmethod
    def _choices():
        return list(TeachingLevel.objects.all()), list(TeachingSubject.objects.all())

    def _find(self, param, rows, message):
        code = self.params[param]
        if not code:
            return None
        row = next((row for row in rows if row.code == code), None)
        if row is None:
            raise InvalidQuery(message % {"value": code[:60]})
        return row

    def filtered(self, *, level=True, subject=True):
        """The visible packs matching the active filters; a facet leaves out its own."""
        packs = self.base
        if level and self.level:
            packs = packs.filter(levels=self.level)
        if subject and self.subject:
            packs = packs.filter(subjects=self.subject)
        return packs

    @cached_property
    def _listing(self):
        """{"levels", "subjects": counts per option, "ids": the packs in order, "facts": {pack
        id: (level ids, subject ids)}} for the active filters, kept for the content version."""
        parts = (self.index.pk, self.level and self.level.pk, self.subject and self.subject.pk)
        return fragments.cached("pack-listing", parts, self._list)

    def _list(self):
        ids = list(self.filtered().order_by("path").values_list("pk", flat=True))
        facts = {pk: (set(), set()) for pk in ids}
        for field, position in (("levels", 0), ("subjects", 1)):
            through = getattr(TeacherPackPage, field).through
            column = "teachinglevel_id" if field == "levels" else "teachingsubject_id"
            rows = through.objects.filter(teacherpackpage_id__in=ids)
            for pack_id, row_id in rows.values_list("teacherpackpage_id", column):
                facts[pack_id][position].add(row_id)
        return {
            "levels": count_by(self.filtered(level=False), "levels"),
            "subjects": count_by(self.filtered(subject=False), "subjects"),
            "ids": ids,
            "facts": facts,
        }

    def _facet(self, param, label, all_label, rows, selected, counts):
        return Facet(
            param,
            label,
            all_label,
            [Option(row.code, row.label, counts.get(row.pk, 0), row == selected) for row in rows],
        )

    def facets(self):
        facets = [
            self._facet(
                LEVEL,
                _("Niveau"),
                _("Tous les niveaux"),
                self.levels,
                self.level,
                self._listing["levels"],
            ),
            self._facet(
                SUBJECT,
                _("Discipline"),
                _("Toutes les disciplines"),
                self.subjects,
                self.subject,
                self._listing["subjects"],
            ),
        ]
        return with_queries_without(facets, self.canonical_params())

    def page(self):
        """The page of packs asked for, each with its `shown_levels` and `shown_subjects`: one
        query (the packs of the page) when the listing is kept."""
        page = paginate(self._listing["ids"], page_number(self.params))
        packs = self.base.filter(pk__in=list(page.object_list)).in_bulk()
        page.object_list = [packs[pk] for pk in page.object_list if pk in packs]
        for pack in page.object_list:
            levels, subjects = self._listing["facts"][pack.pk]
            pack.shown_levels = [level for level in self.levels if level.pk in levels]
            pack.shown_subjects = [subject for subject in self.subjects if subject.pk in subjects]
        return page

    def canonical_params(self):
        """The filters and page as the site's own links write them (see gallery.browse)."""
        params = {}
        if self.level:
            params[LEVEL] = self.level.code
        if self.subject:
            params[SUBJECT] = self.subject.code
        return {**params, **page_param(page_number(self.params))}

    @property
    def is_filtered(self):
        return bool(self.level or self.subject)
