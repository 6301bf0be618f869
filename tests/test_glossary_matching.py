"""Finding the glossary's words: accents, case, variants, elision, longest first, whole words;
and marking their first occurrence in HTML, never inside a link or an attribute."""

import pytest
from bs4 import BeautifulSoup

from gallery.glossary_matching import Matcher, Term, mark_first_occurrences, terms_used

TERMS = [
    Term("prefecture", ("préfecture",)),
    Term("ofii", ("OFII", "Office français de l'immigration et de l'intégration")),
    Term("cir", ("contrat d'intégration républicaine", "CIR")),
    Term("resident", ("résident",)),
    Term("carte-resident", ("carte de résident", "cartes de résident")),
    Term("titre", ("titre de séjour", "titres de séjour", "carte de séjour")),
    Term("pluriannuelle", ("carte de séjour pluriannuelle",)),
]


@pytest.fixture
def matcher():
    return Matcher(TERMS)


def found(matcher, text):
    return [(text[start:end], key) for start, end, key in matcher.find(text)]


def test_accents_and_case_do_not_count(matcher):
    assert found(matcher, "La PREFECTURE ouvre à 9 h.") == [("PREFECTURE", "prefecture")]
    assert found(matcher, "Contrat d’Intégration Republicaine") == [
        ("Contrat d’Intégration Republicaine", "cir")
    ]


def test_every_variant_counts(matcher):
    assert found(matcher, "J'ai signé le CIR. Mes titres de séjour sont rangés.") == [
        ("CIR", "cir"),
        ("titres de séjour", "titre"),
    ]


def test_french_elision_before_a_term(matcher):
    assert found(matcher, "Le bureau de l'OFII, puis celui d’OFII Lyon.") == [
        ("OFII", "ofii"),
        ("OFII", "ofii"),
    ]


def test_the_longest_overlapping_form_wins(matcher):
    assert found(matcher, "Ma carte de résident est arrivée ; un résident m'a aidé.") == [
        ("carte de résident", "carte-resident"),
        ("résident", "resident"),
    ]
    assert found(matcher, "Ma carte de séjour pluriannuelle, puis une carte de séjour.") == [
        ("carte de séjour pluriannuelle", "pluriannuelle"),
        ("carte de séjour", "titre"),
    ]


def test_whole_words_only(matcher):
    # A sous-préfecture is another office; a plural is found only as a variant.
    assert found(matcher, "La sous-préfecture et les préfectures ; CIRQUE ; OFIIS.") == []
    assert found(matcher, "titre de\u00a0séjour") == [("titre de\u00a0séjour", "titre")]


def test_terms_used_in_order_of_first_occurrence(matcher):
    texts = ["Le CIR et la préfecture.", "La préfecture, encore, puis l'OFII."]
    assert terms_used(texts, matcher) == ["cir", "prefecture", "ofii"]
    assert terms_used(texts, Matcher([])) == []


def link(soup, key, text):
    tag = soup.new_tag("a", attrs={"href": f"#mot-{key}", "class": "glossary-mark"})
    tag.string = text
    return tag


def test_only_the_first_occurrence_is_marked_across_fragments(matcher):
    html = mark_first_occurrences(
        ["<p>La préfecture &amp; l'OFII.</p>", "<p>La préfecture, l'OFII, le CIR.</p>"],
        matcher,
        link,
    )
    first, second = (BeautifulSoup(h, "html.parser") for h in html)
    assert [a.get_text() for a in first.find_all("a")] == ["préfecture", "OFII"]
    assert [a.get_text() for a in second.find_all("a")] == ["CIR"]
    assert first.p.get_text() == "La préfecture & l'OFII."  # the text itself is unchanged
    assert "&amp;" in html[0]


def test_never_inside_a_link_an_attribute_or_a_heading(matcher):
    fragment = (
        '<h3 id="prefecture">La préfecture</h3>'
        '<p title="la préfecture"><a href="/ofii/">le site de l’OFII</a> '
        "puis la préfecture et l'OFII &lt;b&gt;</p>"
    )
    (html,) = mark_first_occurrences([fragment], matcher, link)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.h3.get_text() == "La préfecture" and not soup.h3.find("a")
    assert soup.p["title"] == "la préfecture"
    marks = soup.find_all("a", class_="glossary-mark")
    assert [(a.get_text(), a.parent.name) for a in marks] == [("préfecture", "p"), ("OFII", "p")]
    assert "&lt;b&gt;" in html and "<b>" not in html
