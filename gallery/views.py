"""Public views that are not pages of the tree: the portrait search."""

import re
import unicodedata

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .browse import InvalidBrowse, page_number, paginate
from .models import PortraitPage

MAX_QUERY_LENGTH = 200
# Visitors search for words: anything else (quotes, brackets, operators, control and invisible
# formatting characters) would be query syntax to a search backend, so it becomes a space.
NOT_A_WORD = re.compile(
    r"[^\w\s'’-]"  # punctuation, symbols, emoji
    r"|[_\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"  # invisible
)


def clean_query(raw):
    """The visitor's query as words a search backend can take, and whether it was cut."""
    text = " ".join(NOT_A_WORD.sub(" ", unicodedata.normalize("NFC", raw)).split())
    return text[:MAX_QUERY_LENGTH].strip(), len(text) > MAX_QUERY_LENGTH


def search(request):
    query, truncated = clean_query(request.GET.get("q", ""))
    context = {"query": query, "truncated": truncated, "max_length": MAX_QUERY_LENGTH}
    status = 200
    if query:
        # Search backends filter on indexed fields only (`id` is one): what is visible, by the
        # same rules as every listing, is given to them as a list of ids (a subquery there is
        # evaluated row by row by PostgreSQL's full-text search).
        visible = list(PortraitPage.objects.visible().values_list("pk", flat=True))
        results = PortraitPage.objects.filter(pk__in=visible).for_cards().search(query)
        try:
            context["results"] = paginate(results, page_number(request.GET))
            context["canonical_params"] = {"q": query}  # searches are not cached
        except InvalidBrowse as error:
            context["error"] = str(error)
            status = 404
    elif "q" in request.GET:
        context["error"] = _("Saisissez un mot à chercher : un prénom, un pays, un métier…")
    return TemplateResponse(request, "gallery/search.html", context, status=status)
