"""Pagination from the query string: `?page=N`, page 1 implied, anything else a clear 404."""

from django.core.paginator import Paginator
from django.utils.translation import gettext as _

PER_PAGE = 24
PAGE = "page"


class InvalidQuery(Exception):
    """The query string asks for something that does not exist; the message says what."""


def page_number(params):
    raw = params.get(PAGE) or "1"
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise InvalidQuery(_("« %(value)s » n'est pas un numéro de page.") % {"value": raw[:20]})
    return int(raw)


def page_param(number):
    """The page number as the address carries it: nothing for the first page."""
    return {PAGE: str(number)} if number > 1 else {}


def paginate(items, number, per_page=PER_PAGE, count=None):
    """A page of `items`; InvalidQuery when `number` is past the last page. `count`: how many
    items there are, when the caller knows it already (saves counting them again)."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached property
    if number > paginator.num_pages:
        raise InvalidQuery(
            _("Il n'y a pas de page %(number)s : la sélection en compte %(pages)s.")
            % {"number": number, "pages": paginator.num_pages}
        )
    return paginator.page(number)
