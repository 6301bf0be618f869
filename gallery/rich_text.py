"""Rich text that did not come through the editor (an import file): accepted only if the
editor itself could have written it (its elements, attributes and link schemes)."""

from bs4 import BeautifulSoup
from django.utils.translation import gettext as _

# Elements each editor feature writes; paragraphs and line breaks come with any.
FEATURE_ELEMENTS = {
    "bold": {"b", "strong"}, "italic": {"i", "em"}, "link": {"a"}, "h2": {"h2"},
    "h3": {"h3"}, "ol": {"ol", "li"}, "ul": {"ul", "li"},
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "linktype", "id"}}
SAFE_SCHEMES = ("https://", "http://", "mailto:", "/", "#")


def unacceptable(html, features):
    """What in `html` the editor would not write, in words for curators; empty if nothing."""
    allowed = {"p", "br"}.union(*(FEATURE_ELEMENTS.get(f, set()) for f in features))
    found = []
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        if element.name not in allowed:
            found.append(f"<{element.name}>")
            continue
        for attribute in set(element.attrs) - ATTRIBUTES.get(element.name, set()):
            if attribute != "data-block-key":
                found.append(f"<{element.name} {attribute}=…>")
        href = element.get("href", "")
        if href and not href.strip().lower().startswith(SAFE_SCHEMES):
            found.append(_("un lien « %(href)s »") % {"href": href[:40]})
    return sorted(set(found))
