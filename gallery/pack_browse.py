"""Browsing the teacher packs: level and subject from the query string, counts per option.

Like the exhibition's filters (gallery.browse): every choice lives in the address, a value
that does not exist answers a clear 404, and the number of queries does not depend on the
number of packs.
"""

from django.utils.translation import gettext as _

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
        self.levels = list(TeachingLevel.objects.all())
        self.subjects = list(TeachingSubject.objects.all())
        self.base = TeacherPackPage.objects.child_of(index).visible()
        self.level = self._find(LEVEL, self.levels, _("Le niveau « %(value)s » n'existe pas."))
        self.subject = self._find(
            SUBJECT, self.subjects, _("La discipline « %(value)s » n'existe pas.")
        )

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

    def _facet(self, param, label, all_label, rows, selected, packs, field):
        counts = count_by(packs, field)
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
                self.filtered(level=False),
                "levels",
            ),
            self._facet(
                SUBJECT,
                _("Discipline"),
                _("Toutes les disciplines"),
                self.subjects,
                self.subject,
                self.filtered(subject=False),
                "subjects",
            ),
        ]
        return with_queries_without(facets, self.canonical_params())

    def page(self):
        packs = self.filtered().prefetch_related("levels", "subjects").order_by("path")
        return paginate(packs, page_number(self.params))

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
