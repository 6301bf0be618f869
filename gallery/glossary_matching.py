"""Finding the glossary's words in a portrait's texts, and marking their first occurrence.

Pure functions over strings and HTML: no database, no request. The models store which terms a
portrait's texts use (`terms_used`) when it is saved; the public view marks the first
occurrence of each (`mark_first_occurrences`) in the HTML it renders.

How a word is found:
- accents and case do not count ("prefecture" finds "Préfecture"), nor the kind of apostrophe
  or how many spaces stand between words;
- every written form of a term counts (its name and its variants: plural, abbreviation…);
- a form is a whole word: letters, digits and hyphens around it make it part of another word,
  so "préfecture" is not found in "sous-préfecture" (another office) nor in "préfectures"
  (give the plural as a variant); an apostrophe before it is French elision: "l'OFII",
  "d'OFII" find "OFII";
- where forms overlap, the one starting first wins, and at the same start the longest, so
  "carte de résident" is found whole rather than as "résident".
"""

import re
import unicodedata
from dataclasses import dataclass

from bs4 import BeautifulSoup, NavigableString

APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'"})
# Letters, digits, underscore and hyphen continue a word.
NOT_AFTER_WORD = r"(?<![\w-])"
NOT_BEFORE_WORD = r"(?![\w-])"
# No word is marked inside these: a link already leads elsewhere, a heading's text may be an
# anchor's, and the others are not prose.
SKIPPED_ELEMENTS = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style", "code", "button"}


@dataclass(frozen=True)
class Term:
    """A glossary term as matching sees it: its key and every written form."""

    key: str
    forms: tuple[str, ...]


def fold(text):
    """`text` without accents, in lower case, with straight apostrophes, and for each character
    of the result the index of the character of `text` it comes from."""
    folded, origins = [], []
    for index, char in enumerate(text.translate(APOSTROPHES)):
        for part in unicodedata.normalize("NFD", char):
            if unicodedata.category(part) == "Mn":  # a combining accent
                continue
            for lower in part.casefold():
                folded.append(lower)
                origins.append(index)
    return "".join(folded), origins


def _pattern(form):
    words = fold(form)[0].split()
    return r"\s+".join(re.escape(word) for word in words)


class Matcher:
    """Finds the forms of `terms` in texts (see the module's docstring for how)."""

    def __init__(self, terms):
        forms = {}
        for term in terms:
            for form in term.forms:
                pattern = _pattern(form)
                if pattern:
                    forms.setdefault(pattern, term.key)  # a form shared: the first term's
        self.key_of = forms
        # Longest first: at the same starting point, the regex takes the first alternative.
        ordered = sorted(forms, key=len, reverse=True)
        self.regex = (
            re.compile(
                f"{NOT_AFTER_WORD}(?:{'|'.join(f'({p})' for p in ordered)}){NOT_BEFORE_WORD}"
            )
            if ordered
            else None
        )
        self.groups = ordered

    def __bool__(self):
        return self.regex is not None

    def find(self, text):
        """(start, end, key) of each occurrence in `text`, in order, without overlaps."""
        if self.regex is None or not text:
            return
        folded, origins = fold(text)
        for match in self.regex.finditer(folded):
            pattern = self.groups[match.lastindex - 1]
            yield origins[match.start()], origins[match.end() - 1] + 1, self.key_of[pattern]


def terms_used(texts, matcher):
    """The keys of the terms `texts` use, in order of first occurrence."""
    keys = {}
    for text in texts:
        for _start, _end, key in matcher.find(text):
            keys.setdefault(key, None)
    return list(keys)


def text_of_html(html):
    """The text a reader sees in an HTML fragment."""
    return BeautifulSoup(html, "html.parser").get_text(" ")


def mark_first_occurrences(fragments, matcher, make_link, marked=None):
    """`fragments` (HTML strings, escaped) with the first occurrence of each term, across all
    of them in order, wrapped in the element `make_link(soup, key, text)` returns.

    Only text is changed: never inside a link, a heading or an attribute; `marked` (a set)
    holds the keys already marked, and gets the new ones. Returns HTML strings.
    """
    marked = set() if marked is None else marked
    results = []
    for fragment in fragments:
        soup = BeautifulSoup(fragment, "html.parser")
        for node in list(soup.find_all(string=True)):
            if any(parent.name in SKIPPED_ELEMENTS for parent in node.parents):
                continue
            if type(node) is not NavigableString:  # comments, CDATA, doctype
                continue
            _mark_text_node(soup, node, matcher, make_link, marked)
        results.append(str(soup))
    return results


def _mark_text_node(soup, node, matcher, make_link, marked):
    text = str(node)
    pieces, position = [], 0
    for start, end, key in matcher.find(text):
        if key in marked:
            continue
        marked.add(key)
        pieces.append(NavigableString(text[position:start]))
        pieces.append(make_link(soup, key, text[start:end]))
        position = end
    if not pieces:
        return
    pieces.append(NavigableString(text[position:]))
    for piece in pieces:
        node.insert_before(piece)
    node.extract()
