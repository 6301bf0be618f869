"""Teacher packs: the "Enseignants" section and its filters, a pack for the teacher and for
pupils, only what the public may see of the portraits it names, in the visitor's language."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, PageViewRestriction

from gallery.blocks import ActivityBlock
from gallery.models import (
    Consent,
    ContentTheme,
    CurriculumLink,
    IntegrationPathPage,
    PortraitPage,
    TeacherPackPage,
)
from gallery.withdrawal import withdraw

from .factories import (
    GlossaryPageFactory,
    GlossaryTermFactory,
    PortraitPageFactory,
    TeacherPackIndexPageFactory,
    TeacherPackPageFactory,
    activity,
    default_stage,
    levels,
    subjects,
)


def page_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def index(home):
    return TeacherPackIndexPageFactory(parent=home)


@pytest.fixture
def packs(index):
    """Cycle 3 in EMC, cycle 4 in history-geography and EMC, UPE2A in FLE."""
    return {
        "c3": TeacherPackPageFactory(
            parent=index, title="Arriver", levels=levels("cycle-3"), subjects=subjects("emc")
        ),
        "c4": TeacherPackPageFactory(
            parent=index,
            title="Devenir français",
            levels=levels("cycle-4"),
            subjects=subjects("histoire-geographie", "emc"),
        ),
        "upe2a": TeacherPackPageFactory(
            parent=index, title="Apprendre", levels=levels("upe2a"), subjects=subjects("fle")
        ),
    }


def titles(client, url):
    return [a.get_text() for a in page_of(client, url).select(".pack-card__title a")]


# Filters in the address ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_index_lists_every_visible_pack_and_filters_by_level_and_subject(client, index, packs):
    draft = TeacherPackPageFactory(parent=index, title="Brouillon", live=False)
    assert titles(client, index.url) == ["Arriver", "Devenir français", "Apprendre"]
    assert draft.title not in page_of(client, index.url).get_text()
    assert titles(client, f"{index.url}?niveau=cycle-4") == ["Devenir français"]
    assert titles(client, f"{index.url}?matiere=emc") == ["Arriver", "Devenir français"]
    assert titles(client, f"{index.url}?niveau=cycle-3&matiere=emc") == ["Arriver"]
    combined = page_of(client, f"{index.url}?niveau=upe2a&matiere=emc")
    assert combined.select(".pack-card") == []
    assert "Aucun dossier ne correspond" in combined.get_text()


@pytest.mark.django_db
def test_each_option_counts_the_packs_it_would_show_given_the_other_filter(client, index, packs):
    page = page_of(client, f"{index.url}?matiere=emc")
    levels_select = page.select_one("select#filtre-niveau")
    options = {o["value"]: o.get_text() for o in levels_select.select("option")}
    assert options["cycle-3"] == "cycle 3 (CM1 à 6e) (1 dossier)"
    assert "(0 dossier" in options["upe2a"]
    assert page.select_one("select#filtre-matiere option[selected]")["value"] == "emc"
    removal = page.select_one(".active-filters a")
    assert removal["href"] == index.url  # removing the only filter: the plain address


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("niveau=cycle-5", "Le niveau « cycle-5 » n'existe pas."),
        ("matiere=physique", "La discipline « physique » n'existe pas."),
        ("niveau=CYCLE-3", "Le niveau « CYCLE-3 » n'existe pas."),
        ("niveau=%3Cscript%3Ealert(1)%3C/script%3E", "Le niveau « <script>alert(1)</script> »"),
        ("niveau=%00", "n'existe pas"),
        ("niveau=" + "x" * 5000, "« " + "x" * 60 + " »"),
        ("page=deux", "« deux » n'est pas un numéro de page."),
        ("page=9", "Il n'y a pas de page 9"),
    ],
)
def test_an_address_asking_for_what_does_not_exist_answers_a_clear_404(
    client, index, packs, query, message
):
    response = client.get(f"{index.url}?{query}")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<script>alert" not in html
    text = BeautifulSoup(html, "html.parser").select_one(".notice--error").get_text()
    assert message in text
    assert "Voir tous les dossiers" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        ("niveau=&matiere=", ""),  # the form sends every field
        ("matiere=emc&niveau=cycle-3", "?niveau=cycle-3&matiere=emc"),
        ("niveau=cycle-3&niveau=cycle-4", "?niveau=cycle-4"),  # the last one, as Django reads
        ("niveau=+cycle-4+", "?niveau=cycle-4"),
        ("niveau=cycle-4&page=1", "?niveau=cycle-4"),
        ("niveau=cycle-4&utm_source=x", "?niveau=cycle-4"),
    ],
)
def test_other_spellings_of_a_choice_lead_to_its_one_address(
    client, index, packs, query, canonical
):
    response = client.get(f"{index.url}?{query}")
    assert response.status_code == 302
    assert response["Location"] == index.url + canonical


# A pack, for the teacher and for pupils ------------------------------------------------------


@pytest.fixture
def full_pack(home, index, exhibition, make_collection):
    """A pack whose activities name two portraits, a stage, a collection and two words."""
    GlossaryPageFactory(parent=home)
    path = IntegrationPathPage(title="Le parcours", slug="parcours")
    home.add_child(instance=path)
    first = PortraitPageFactory(parent=exhibition, display_name="Aïcha", title="La couturière")
    second = PortraitPageFactory(parent=exhibition, display_name="Bachir", title="Le boulanger")
    collection = make_collection([second], title="Au travail", slug="au-travail")
    term = GlossaryTermFactory(term="récépissé", definition="Un papier qui prouve la demande.")
    pack = TeacherPackPageFactory(
        parent=index,
        title="Le premier titre de séjour",
        duration="deux séances de 55 minutes",
        objectives="<ul><li>Ordonner les étapes du parcours.</li></ul>",
        curriculum_links=[
            CurriculumLink(label="Programme d'EMC", url="https://eduscol.education.fr/"),
            CurriculumLink(label="Histoire, classe de 3e", url=""),
        ],
        activities=[
            activity(
                portraits=[first],
                stages=[default_stage()],
                vocabulary=[term],
                notes="<p>Note secrète pour l'enseignant.</p>",
            ),
            activity(portraits=[second], collection=collection, notes="<p>Autre note.</p>"),
        ],
    )
    return pack, first, second, collection, term


@pytest.mark.django_db
def test_the_teacher_page_shows_the_whole_pack(client, full_pack):
    pack, first, second, collection, _term = full_pack
    page = page_of(client, pack.url)
    text = page.get_text(" ")
    assert page.h1.get_text() == "Le premier titre de séjour"
    assert "cycle 4 (5e à 3e)" in text and "enseignement moral et civique" in text
    assert "deux séances de 55 minutes" in text
    assert "Ordonner les étapes du parcours." in text
    links = page.select(".pack-curriculum li")
    assert links[0].a["href"] == "https://eduscol.education.fr/"
    assert links[1].a is None and links[1].get_text() == "Histoire, classe de 3e"
    headings = [h.get_text(" ", strip=True) for h in page.select("h3.pack-activity__title")]
    assert headings == ["Activité 1 : Premier regard", "Activité 2 : Premier regard"]
    cards = page.select(".pack-activity .portrait-card a")
    assert [a["href"] for a in cards] == [first.url, second.url]
    stage = default_stage()
    assert page.find("a", string=stage.name)["href"] == f"/parcours/{stage.slug}/"
    assert page.find("a", string="Au travail")["href"] == collection.url
    word = page.select_one(".pack-vocabulary dt a")
    assert (word.get_text(), word["href"]) == ("récépissé", "/glossaire/#mot-recepisse")
    assert "Un papier qui prouve la demande." in page.select_one(".pack-vocabulary dd").text
    # The kind of each prompt is said in words, not only by colour.
    kinds = [
        k.get_text(strip=True)
        for k in page.select(".pack-activity")[0].select(".pack-prompt__kind")
    ]
    assert kinds == ["Observer:", "Comprendre:", "Débattre:"]
    assert "Note secrète pour l'enseignant." in text
    handout = page.select_one(".pack-handout a")
    assert handout["href"] == f"{pack.url}eleves/"
    assert handout.get_text() == f"http://localhost{pack.url}eleves/"


@pytest.mark.django_db
def test_the_pupil_view_has_the_prompts_and_portraits_and_nothing_for_the_teacher(
    client, full_pack
):
    pack, first, second, _collection, _term = full_pack
    page = page_of(client, f"{pack.url}eleves/")
    html, text = str(page), page.get_text(" ")
    assert page.h1.get_text() == pack.title
    assert len(page.select(".pack-prompt")) == 6
    assert [a["href"] for a in page.select(".portrait-card a")] == [first.url, second.url]
    assert "récépissé" in text
    for teacher_only in ("Note secrète", "Autre note", "Notes pour l'enseignant", "eduscol"):
        assert teacher_only not in html, teacher_only
    assert page.select(".pack-teacher-notes") == []
    # A handout: not indexed (the teacher's page is, and holds all of it), not in the sitemap.
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, follow"
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"{pack.url}eleves/" not in sitemap and f"http://localhost{pack.url}<" in sitemap
    assert "http://localhost/enseignants/<" in sitemap
    assert client.get(f"{pack.url}autre-chose/").status_code == 404


# What a pack never shows ---------------------------------------------------------------------


def draft_only(portrait):
    """A portrait never published: the pack names a page nobody may see yet."""
    PortraitPage.objects.filter(pk=portrait.pk).update(live=False)


def unpublished(portrait):
    portrait.unpublish()


def consent_ended_an_hour_ago(portrait):
    # publish_scheduled has not run yet: the page is still "live", its end an hour ago.
    PortraitPage.objects.filter(pk=portrait.pk).update(
        expire_at=timezone.now() - datetime.timedelta(hours=1)
    )
    Consent.objects.filter(portrait=portrait).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )


def withdrawn(portrait):
    withdraw(portrait)


def in_a_private_section(portrait):
    PageViewRestriction.objects.create(
        page=portrait.get_parent(), restriction_type=PageViewRestriction.PASSWORD, password="x"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "hide", [draft_only, unpublished, consent_ended_an_hour_ago, withdrawn, in_a_private_section]
)
def test_a_portrait_the_public_may_not_see_leaves_no_trace_in_a_pack(
    client, home, index, exhibition, hide, django_capture_on_commit_callbacks
):
    other_exhibition = exhibition.get_parent().add_child(
        instance=type(exhibition)(title="Autre", slug="autre")
    )
    kept = PortraitPageFactory(parent=other_exhibition, display_name="Bérénice")
    hidden = PortraitPageFactory(
        parent=exhibition,
        display_name="Ysolde",
        title="Le secret d'Ysolde",
        quote="Une phrase que personne ne doit lire.",
        content_themes=list(ContentTheme.objects.filter(slug="guerre")),
        minimum_level="lycee",
    )
    hidden.photo.alt_text = "Une femme en manteau rouge"
    hidden.photo.save()
    alone = activity(portraits=[hidden], prompts=[{"kind": "observer", "text": "Seule."}])
    pack = TeacherPackPageFactory(
        parent=index, activities=[activity(portraits=[kept, hidden]), alone]
    )
    hidden_url, photo_alt = hidden.url, hidden.photo.alt_text
    assert "Ysolde" in client.get(pack.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        hide(hidden)

    for url in (pack.url, f"{pack.url}eleves/", index.url):
        page = page_of(client, url)
        html = str(page)
        for leak in ("Ysolde", "Une phrase que personne", hidden_url, photo_alt, "guerre"):
            assert leak not in html, (url, leak)
        assert "Seule." not in html  # an activity about nothing left is left out
        assert not page.select(".pack-notes")  # nor its content note
    page = page_of(client, pack.url)
    assert [a.get_text(" ", strip=True) for a in page.select(".portrait-card__name a")] == [
        f"Bérénice , {kept.title}"
    ]
    assert len(page.select(".pack-activity")) == 1


@pytest.mark.django_db
def test_a_pack_whose_portraits_are_all_gone_says_so(client, index, exhibition):
    portrait = PortraitPageFactory(parent=exhibition)
    pack = TeacherPackPageFactory(parent=index, activities=[activity(portraits=[portrait])])
    portrait.unpublish()
    page = page_of(client, pack.url)
    assert page.select(".pack-activity") == []
    assert "ne sont plus publiés" in page.get_text()


# Content notes in the listing -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_listing_shows_the_themes_and_strictest_level_of_each_packs_portraits(
    client, index, exhibition
):
    exile, war = (ContentTheme.objects.get(slug=slug) for slug in ("exil", "guerre"))
    calm = PortraitPageFactory(parent=exhibition)
    exiled = PortraitPageFactory(parent=exhibition, content_themes=[exile], minimum_level="cycle-3")
    warred = PortraitPageFactory(
        parent=exhibition, content_themes=[war, exile], minimum_level="cycle-4"
    )
    TeacherPackPageFactory(parent=index, title="Calme", activities=[activity(portraits=[calm])])
    TeacherPackPageFactory(
        parent=index,
        title="Exils",
        activities=[activity(portraits=[exiled]), activity(portraits=[warred, calm])],
    )
    cards = page_of(client, index.url).select(".pack-card")
    assert cards[0].select(".pack-notes") == []
    notes = cards[1].select_one(".pack-notes").get_text(" ", strip=True)
    assert "Thèmes sensibles : exil, guerre." in notes
    assert "Portraits conseillés à partir du : cycle 4 (5e à 3e)" in notes
    teacher = page_of(client, TeacherPackPage.objects.get(title="Exils").url)
    assert "exil, guerre" in teacher.select_one("aside.content-note").get_text(" ", strip=True)


# Translations ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_translated_pack_shows_the_portraits_and_words_in_its_language(
    client, home, index, exhibition
):
    english = Locale.objects.create(language_code="en")
    translated = PortraitPageFactory(parent=exhibition, display_name="Amal")
    untranslated = PortraitPageFactory(parent=exhibition, display_name="Nour")
    term = GlossaryTermFactory(term="récépissé")
    pack = TeacherPackPageFactory(
        parent=index,
        activities=[activity(portraits=[translated, untranslated], vocabulary=[term])],
    )
    portrait_en = translated.copy_for_translation(english, copy_parents=True)
    portrait_en.display_name = "Amal (EN)"
    portrait_en.save_revision().publish()
    term_en = term.copy_for_translation(english)
    term_en.term = "receipt"
    term_en.save()
    pack_en = pack.copy_for_translation(english, copy_parents=True)
    pack_en.save_revision().publish()
    pack_en = TeacherPackPage.objects.get(pk=pack_en.pk)
    assert pack_en.url.startswith("/en/")
    assert list(pack_en.levels.values_list("code", flat=True)) == ["cycle-4"]

    for url in (pack_en.url, f"{pack_en.url}eleves/"):
        page = page_of(client, url)
        names = [
            n.get_text(" ", strip=True).split(" ,")[0]
            for n in page.select(".portrait-card__name a")
        ]
        assert names == ["Amal (EN)", "Nour"], url  # Nour has no translation: the original
        links = [a["href"] for a in page.select(".portrait-card__name a")]
        assert links[0] == PortraitPage.objects.get(pk=portrait_en.pk).url
        assert page.select_one(".pack-vocabulary dt").get_text(strip=True) == "receipt"
    # Unpublished in English only: the English pack falls back to the French portrait.
    PortraitPage.objects.get(pk=portrait_en.pk).unpublish()
    names = page_of(client, pack_en.url).select(".portrait-card__name a")
    assert names[0]["href"] == translated.url


# The admin --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_portrait_chooser_takes_portraits_only(index, exhibition, make_collection):
    portrait = PortraitPageFactory(parent=exhibition)
    collection = make_collection([portrait])
    chooser = ActivityBlock().child_blocks["portraits"].child_block
    assert chooser.clean(portrait) == portrait
    for not_a_portrait in (collection, index, exhibition):
        with pytest.raises(ValidationError):
            chooser.clean(not_a_portrait)
    block = ActivityBlock()
    value = block.to_python(
        {"title": "Vide", "prompts": [{"kind": "observer", "text": "Quoi ?"}], "portraits": []}
    )
    with pytest.raises(ValidationError) as refused:
        block.clean(value)
    assert "au moins un portrait" in str(refused.value.non_block_errors)


@pytest.mark.django_db
@pytest.mark.parametrize("group", ["Curateurs", "Relecteurs"])
def test_curators_and_reviewers_write_packs_in_the_admin(client, user_in, index, group, exhibition):
    pack = TeacherPackPageFactory(
        parent=index, activities=[activity(portraits=[PortraitPageFactory(parent=exhibition)])]
    )
    client.force_login(user_in(group))
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[pack.pk]))
    assert edit.status_code == 200
    assert "Consignes pour les" in edit.content.decode()  # the activities' editor
    add = reverse("wagtailadmin_pages:add", args=["gallery", "teacherpackpage", index.pk])
    assert client.get(add).status_code == 200
    # The choosers an activity uses: portraits, collections, stages and words.
    for chooser in (
        reverse("wagtailadmin_choose_page") + "?page_type=gallery.portraitpage",
        reverse("wagtailsnippetchoosers_gallery_naturalisationstage:choose"),
        reverse("wagtailsnippetchoosers_gallery_glossaryterm:choose"),
    ):
        assert client.get(chooser).status_code == 200, chooser


@pytest.mark.django_db
def test_a_pack_stands_only_in_the_teachers_section(index, home, exhibition):
    assert TeacherPackPage.can_create_at(index)
    assert not TeacherPackPage.can_create_at(home)
    assert not TeacherPackPage.can_create_at(exhibition)
    assert not type(index).can_create_at(home)  # one section per site


@pytest.mark.django_db
def test_a_curriculum_link_is_a_secure_address(index):
    with pytest.raises(ValidationError):
        CurriculumLink(label="Programme", url="http://example.org/").full_clean(exclude=["pack"])


@pytest.mark.django_db
def test_a_pack_in_a_private_section_or_unpublished_is_listed_nowhere(client, index, packs):
    PageViewRestriction.objects.create(
        page=packs["c3"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    packs["upe2a"].unpublish()
    assert titles(client, index.url) == ["Devenir français"]
    assert "Arriver" not in client.get("/sitemap.xml").content.decode()
    assert client.get(f"{packs['upe2a'].url}eleves/").status_code == 404
    private = client.get(f"{packs['c3'].url}eleves/").content.decode()
    assert "Activités" not in private  # the password form, not the pack
