"""Curators edit what the exhibition is made of, and nothing else; a review precedes publication."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from wagtail.models import Locale, Workflow, WorkflowPage
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from gallery.models import CollectionIndexPage, Consent, CuratedCollectionPage, PortraitPage
from gallery.models.consent import Status

from .factories import ExhibitionImageFactory, PortraitPageFactory


def portrait_form(portrait, **changes):
    data = {
        "title": portrait.title,
        "slug": portrait.slug,
        "display_name": portrait.display_name,
        "photo": portrait.photo_id,
        "quote": portrait.quote,
        "testimony": streamfield([("paragraph", rich_text("<p>Un témoignage.</p>"))]),
        "stage": portrait.stage_id,
        "country_of_origin": portrait.country_of_origin,
        "journey": inline_formset([]),
        **changes,
    }
    return nested_form_data(data)


@pytest.mark.django_db
def test_the_review_workflow_covers_the_site(home):
    workflow = Workflow.objects.get(name="Relecture avant publication")
    assert WorkflowPage.objects.get(page=home).workflow == workflow
    task = workflow.tasks.get().specific
    assert [group.name for group in task.groups.all()] == ["Relecteurs"]


@pytest.mark.django_db
def test_curators_edit_and_submit_for_review_but_do_not_publish(client, exhibition, user_in):
    curator = user_in("Curateurs")
    client.force_login(curator)
    portrait = PortraitPageFactory(parent=exhibition, live=False)
    edit = reverse("wagtailadmin_pages:edit", args=[portrait.pk])
    assert client.get(edit).status_code == 200

    direct = client.post(
        edit, portrait_form(portrait, quote="Publiée sans relecture ?", **{"action-publish": "1"})
    )
    assert not PortraitPage.objects.get(pk=portrait.pk).live, direct.status_code

    client.post(edit, portrait_form(portrait, quote="À relire, merci.", **{"action-submit": "1"}))
    portrait.refresh_from_db()
    assert portrait.current_workflow_state.status == "in_progress"
    assert not portrait.live


@pytest.mark.django_db
def test_a_reviewer_approves_and_the_portrait_goes_live(client, exhibition, user_in):
    curator, reviewer = user_in("Curateurs"), user_in("Relecteurs")
    portrait = PortraitPageFactory(parent=exhibition, live=False)
    client.force_login(curator)
    edit = reverse("wagtailadmin_pages:edit", args=[portrait.pk])
    client.post(edit, portrait_form(portrait, quote="À relire.", **{"action-submit": "1"}))
    task_state = PortraitPage.objects.get(pk=portrait.pk).current_workflow_task_state

    client.force_login(reviewer)
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[portrait.pk, "approve", task_state.pk]
    )
    response = client.post(approve, {"comment": ""})
    assert response.status_code in (200, 302)
    portrait.refresh_from_db()
    assert portrait.live and portrait.quote == "À relire."


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/admin/users/",
        "/admin/groups/",
        "/admin/sites/",
        "/admin/locales/",
        "/admin/workflows/list/",
        "/admin/settings/home/exhibitionsettings/",
    ],
)
def test_curators_cannot_touch_users_settings_or_structure(client, user_in, url):
    client.force_login(user_in("Curateurs"))
    response = client.get(url)
    assert response.status_code in (302, 403), url
    if response.status_code == 302:
        assert response["Location"] in ("/admin/", reverse("wagtailadmin_home")), url


def screen_text(response):
    """The words of the admin screen's main area, as the curator reads them."""
    html = response.json()["html"] if response["Content-Type"] == "application/json" else None
    soup = BeautifulSoup(html or response.content, "html.parser")
    return " ".join((soup.select_one("main") or soup).get_text(" ").split())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("/admin/images/", ["Le marché de Brioude", "Ajouter une image"]),
        ("/admin/images/chooser/", ["Choisir une image", "Le marché de Brioude"]),
        (
            "/admin/snippets/gallery/naturalisationstage/",
            ["Arrivée en France", "Entretien d'assimilation", "8 étapes de naturalisation"],
        ),
        (
            "/admin/consentements/",
            ["Ajouter un(e) consentement", "Retrouver une personne", "La langue, première porte"],
        ),
        (
            "/admin/consentements/new/",
            ["Nom complet", "Signé le", "La personne accepte que le site montre", "La photo"],
        ),
    ],
)
def test_curators_work_with_images_stages_and_consents(client, exhibition, user_in, url, shown):
    ExhibitionImageFactory(title="Le marché de Brioude")
    PortraitPageFactory(parent=exhibition, title="La langue, première porte")
    client.force_login(user_in("Curateurs"))
    response = client.get(url)
    assert response.status_code == 200, url
    text = screen_text(response)
    assert [words for words in shown if words not in text] == [], text


@pytest.mark.django_db
def test_curators_can_withdraw_a_portrait(client, exhibition, user_in):
    portrait = PortraitPageFactory(parent=exhibition)
    client.force_login(user_in("Curateurs"))
    response = client.post(f"/admin/portraits/{portrait.pk}/retrait/", {"confirm": "yes"})
    assert response.status_code == 302
    assert not PortraitPage.objects.filter(pk=portrait.pk).exists()


@pytest.mark.django_db
def test_curators_add_collections_under_the_home_page(client, home, user_in):

    client.force_login(user_in("Curateurs"))
    index = CollectionIndexPage(title="Collections", slug="collections")
    home.add_child(instance=index)
    add = reverse("wagtailadmin_pages:add", args=["gallery", "curatedcollectionpage", index.pk])
    data = nested_form_data(
        {
            "title": "Premiers pas",
            "slug": "premiers-pas",
            "introduction": rich_text("<p>Les premiers mois.</p>"),
            "entries": inline_formset([]),
        }
    )
    assert client.post(add, data).status_code == 302
    collection = CuratedCollectionPage.objects.child_of(index).get(slug="premiers-pas")
    assert collection.title == "Premiers pas" and not collection.live  # a draft, for review


@pytest.mark.django_db
def test_the_portrait_listing_shows_and_filters_consent_status(client, exhibition, user_in):
    import datetime

    from django.utils import timezone

    ending = PortraitPageFactory(parent=exhibition, display_name="Bientôt")
    ending.consent.valid_until = timezone.localdate() + datetime.timedelta(days=10)
    ending.consent.save()
    PortraitPageFactory(parent=exhibition, display_name="Durable")
    client.force_login(user_in("Curateurs"))
    explorer = reverse("wagtailadmin_explore", args=[exhibition.pk])

    html = client.get(explorer).content.decode()
    assert "prend fin dans les 30 jours" in html and "valide" in html
    assert "<picture>" in html, "a thumbnail of each photo"
    filtered = client.get(explorer, {"consent": "ending"}).content.decode()
    assert ending.title in filtered
    assert (
        "Durable" not in filtered
        and PortraitPage.objects.get(display_name="Durable").title not in filtered
    )

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Consentements qui prennent fin dans les 30 jours" in dashboard
    assert "Bientôt" in dashboard


@pytest.mark.django_db
def test_a_portrait_is_never_copied_alone_or_with_its_exhibition(client, exhibition, user_in):
    client.force_login(user_in("Relecteurs"))
    portrait = PortraitPageFactory(parent=exhibition)
    for page in (portrait, exhibition):
        response = client.post(
            reverse("wagtailadmin_pages:copy", args=[page.pk]),
            {"new_title": "Copie", "new_slug": "copie", "new_parent_page": page.get_parent().pk,
             "copy_subpages": "on", "publish_copies": "on"},
            follow=True,
        )  # fmt: skip
        assert "Un portrait ne se copie pas" in response.content.decode()
    assert PortraitPage.objects.count() == 1
    with pytest.raises(PermissionDenied):
        portrait.create_alias(update_slug="alias")


@pytest.mark.django_db
def test_a_consent_stays_with_its_portrait_and_a_person_has_one(exhibition):
    first = PortraitPageFactory(parent=exhibition)
    other = PortraitPageFactory(parent=exhibition)
    consent = first.consent
    consent.portrait = other
    with pytest.raises(ValidationError, match="reste attaché à son portrait"):
        consent.full_clean()
    # Her portrait in English is the same person: the consent given in French covers it.
    english = first.copy_for_translation(
        Locale.objects.create(language_code="en"), copy_parents=True
    )
    second = Consent(
        portrait=english, full_name="Autre", signed_on=consent.signed_on, covers_testimony=True
    )
    with pytest.raises(ValidationError, match="Cette personne a déjà un consentement"):
        second.full_clean()


@pytest.mark.django_db
def test_a_consent_that_misses_something_shown_is_listed_as_incomplete(exhibition):
    portrait = PortraitPageFactory(parent=exhibition, live=False, consent__covers_photo=False)
    assert portrait.consent_status_label() == "ne couvre pas tout ce que montre la page"
    portrait.consent.covers_photo = True
    portrait.consent.save()
    assert portrait.consent_status_label() == "valide"


@pytest.mark.django_db
def test_every_consent_status_filters_the_listing_as_it_is_labelled(client, exhibition, user_in):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    portraits = {
        Status.VALID: PortraitPageFactory(parent=exhibition),
        Status.ENDING: PortraitPageFactory(
            parent=exhibition, consent__valid_until=today + datetime.timedelta(days=10)
        ),
        Status.ENDED: PortraitPageFactory(
            parent=exhibition, live=False, consent__valid_until=today - datetime.timedelta(days=1)
        ),
        Status.MISSING: PortraitPageFactory(parent=exhibition, live=False, consent=None),
        Status.INCOMPLETE: PortraitPageFactory(
            parent=exhibition, live=False, town="Brioude", consent__covers_origin=False
        ),
    }
    # Incomplete wins over "ending": what it misses matters more than when it ends.
    ending_and_incomplete = PortraitPageFactory(
        parent=exhibition,
        live=False,
        name_is_pseudonym=False,
        consent__covers_name=False,
        consent__valid_until=today + datetime.timedelta(days=10),
    )
    assert ending_and_incomplete.consent_status_label() == Status.INCOMPLETE.label
    client.force_login(user_in("Curateurs"))
    explorer = reverse("wagtailadmin_explore", args=[exhibition.pk])
    for status, portrait in portraits.items():
        assert portrait.consent_status_label() == status.label
        response = client.get(explorer, {"consent": status.value})
        assert response.status_code == 200, status
        listed = {page.pk for page in response.context["pages"]}
        expected = {portrait.pk}
        if status == Status.INCOMPLETE:
            expected.add(ending_and_incomplete.pk)
        assert listed == expected, status
