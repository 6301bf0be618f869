"""The full name stays private: one check, over every public text of a portrait and its
images, wherever a version can become public (editor, workflow, import, revert, schedule)."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import inline_formset, rich_text, streamfield

from gallery.models import JourneyMilestone, PortraitPage
from gallery.models.consent import ConsentMissing, FullName, full_name_problem

from .factories import ExhibitionImageFactory, PortraitPageFactory
from .test_curators import portrait_form
from .test_import_export import ROWS, photo, plan_of, write_csv

FULL_NAME = "Amina Ben Haddad"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Moi, Amina Ben Haddad, je raconte.", True),
        ("BEN HADDAD Amina, dossier n° 4", True),  # « SURNAME First name », in capitals
        ("Madame Haddad m'a aidée.", True),  # the surname alone
        ("madame HÄDDÀD", True),  # accents and case do not hide it
        ("écrivez à amina.benhaddad@example.org", True),  # the family name as one word
        ("amina-ben-haddad", True),  # a slug
        ("Amina est arrivée en 2019.", False),  # the first name the page shows
        ("Ben est le prénom de son fils.", False),  # a particle alone gives nobody away
        ("Un haddock, pas un Haddad ?", True),
        ("Un haddock et un bénévole.", False),  # whole words only
    ],
)
def test_what_gives_the_full_name_away(text, found):
    assert FullName(FULL_NAME, public_name="Amina").found_in(text) is found


def test_the_given_name_is_private_too_behind_a_pseudonym_or_written_last():
    assert FullName(FULL_NAME, public_name="").found_in("Amina a écrit ceci.")
    # « NGUYEN Thi Lan »: the name in capitals is the family name, whatever its place.
    nguyen = FullName("NGUYEN Thi Lan", public_name="Thi Lan")
    assert nguyen.found_in("Famille Nguyen") and not nguyen.found_in("Thi Lan a chanté.")
    # A display name made of the family name does not make it public.
    assert FullName(FULL_NAME, public_name="Haddad").found_in("Haddad")


def test_a_full_name_needs_a_given_name_and_a_family_name():
    assert full_name_problem("Amina")
    assert full_name_problem("Amina Haddad") is None


@pytest.fixture
def reviewer_client(client, user_in):
    client.force_login(user_in("Relecteurs"))
    return client


@pytest.fixture
def draft(exhibition):
    return PortraitPageFactory(parent=exhibition, live=False, consent__full_name=FULL_NAME)


def publish_in_editor(client, portrait, **changes):
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[portrait.pk]),
        portrait_form(portrait, **changes, **{"action-publish": "1"}),
    )


FIELDS = {
    "testimony paragraph": {
        "testimony": streamfield([("paragraph", rich_text("<p>Je suis Mme Haddad.</p>"))])
    },
    "quotation's attribution": {
        "testimony": streamfield(
            [
                ("paragraph", rich_text("<p>Un témoignage.</p>")),
                ("quotation", {"text": "On recommence.", "attribution": FULL_NAME, "language": ""}),
            ]
        )
    },
    "journey line": {
        "journey": inline_formset(
            [{"year": 2020, "month": "", "stage": "", "text": "Arrivée des Haddad à Brioude."}]
        )
    },
    "easy-read version": {"easy_read": rich_text("<p>Je m'appelle Amina Haddad.</p>")},
    "content note": {"content_note": "Mme Haddad y raconte la guerre."},
    "town": {"town": "Chez Ben Haddad"},
    "SEO title": {"seo_title": "Portrait de Mme Haddad"},
    "search description": {"search_description": "L'histoire d'Amina Haddad."},
    "slug": {"slug": "amina-haddad"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("field", FIELDS)
def test_the_editor_refuses_the_full_name_in_any_public_text(reviewer_client, draft, field):
    response = publish_in_editor(reviewer_client, draft, **FIELDS[field])

    assert "nom complet de la personne" in response.content.decode(), field
    assert not PortraitPage.objects.get(pk=draft.pk).live
    found = BeautifulSoup(
        reviewer_client.get("/recherche/", {"q": "Haddad"}).content, "html.parser"
    )
    assert not found.select(".portrait-card")


@pytest.mark.django_db
def test_an_image_whose_alt_text_or_credit_names_the_person_is_refused(reviewer_client, draft):
    draft.photo.alt_text = "Amina Ben Haddad devant la préfecture"
    draft.photo.save()
    response = publish_in_editor(reviewer_client, draft)
    assert "nom complet de la personne" in response.content.decode()
    assert not PortraitPage.objects.get(pk=draft.pk).live
    # In the testimony, an image's credit counts as much.
    figure = ExhibitionImageFactory(credit="Photo : famille Haddad")
    testimony = streamfield(
        [
            ("paragraph", rich_text("<p>Un témoignage.</p>")),
            ("figure", {"image": figure.pk, "caption": ""}),
        ]
    )
    draft.photo.alt_text = "Une silhouette devant la préfecture"
    draft.photo.save()
    response = publish_in_editor(reviewer_client, draft, testimony=testimony)
    assert "nom complet de la personne" in response.content.decode()
    assert not PortraitPage.objects.get(pk=draft.pk).live


@pytest.mark.django_db
def test_submitting_resubmitting_and_approving_all_check(client, exhibition, user_in, draft):
    curator, reviewer = user_in("Curateurs"), user_in("Relecteurs")
    edit = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    named = {"quote": "Je suis Amina Ben Haddad."}
    client.force_login(curator)
    refused = client.post(edit, portrait_form(draft, **named, **{"action-submit": "1"}))
    assert "nom complet de la personne" in refused.content.decode()
    assert PortraitPage.objects.get(pk=draft.pk).current_workflow_state is None

    client.post(edit, portrait_form(draft, quote="À relire.", **{"action-submit": "1"}))
    task_state = PortraitPage.objects.get(pk=draft.pk).current_workflow_task_state
    client.force_login(reviewer)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[draft.pk, "reject", task_state.pk]),
        {"comment": "Une faute."},
    )
    client.force_login(curator)
    resubmitted = client.post(edit, portrait_form(draft, **named, **{"action-submit": "1"}))
    assert "nom complet de la personne" in resubmitted.content.decode()

    # A version that reached review some other way (submitted before this check existed,
    # written by code) is refused when it is approved.
    client.post(edit, portrait_form(draft, quote="Sans nom.", **{"action-submit": "1"}))
    task_state = PortraitPage.objects.get(pk=draft.pk).current_workflow_task_state
    task_state.revision.content["quote"] = "Je suis Amina Ben Haddad."
    task_state.revision.save()
    client.force_login(reviewer)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[draft.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    assert not PortraitPage.objects.get(pk=draft.pk).live


@pytest.mark.django_db
def test_reverting_to_a_revision_that_held_the_name_is_refused(reviewer_client, draft):
    named = draft.get_latest_revision_as_object()
    named.quote = "Signé : A. Ben Haddad."
    old = named.save_revision()
    clean = PortraitPage.objects.get(pk=draft.pk).get_latest_revision_as_object()
    clean.quote = "Une phrase sans nom."
    clean.save_revision().publish()

    with pytest.raises(ConsentMissing):
        old.publish()
    assert PortraitPage.objects.get(pk=draft.pk).quote == "Une phrase sans nom."
    revert = reverse("wagtailadmin_pages:revisions_revert", args=[draft.pk, old.pk])
    response = reviewer_client.post(
        revert, portrait_form(draft, quote=old.as_object().quote, **{"action-publish": "1"})
    )
    assert "nom complet de la personne" in response.content.decode()
    assert PortraitPage.objects.get(pk=draft.pk).quote == "Une phrase sans nom."


@pytest.mark.django_db
def test_a_scheduled_version_that_holds_the_name_is_cancelled(draft):
    version = draft.get_latest_revision_as_object()
    version.journey.add(JourneyMilestone(year=2021, text="Les Haddad s'installent."))
    version.testimony = [("paragraph", RichText("<p>Sans nom.</p>"))]
    revision = version.save_revision()
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision.save()

    call_command("publish_scheduled")
    assert not PortraitPage.objects.get(pk=draft.pk).live
    assert not Revision.objects.filter(approved_go_live_at__isnull=False).exists()


@pytest.mark.django_db
def test_code_cannot_publish_the_name_either(draft):
    version = draft.get_latest_revision_as_object()
    version.testimony_note = "Recueilli auprès de Mme Ben Haddad."
    with pytest.raises(ConsentMissing):
        version.save_revision().publish()
    assert not PortraitPage.objects.get(pk=draft.pk).live


@pytest.mark.django_db
def test_an_import_with_the_name_columns_swapped_is_refused(tmp_path, exhibition):
    photo(tmp_path / "zoe.jpg")
    photo(tmp_path / "karim.jpg")
    swapped = {**ROWS[0], "display_name": "Zoé Martin-Ndiaye", "full_name": "Zoé"}
    write_csv(tmp_path / "portraits.csv", [swapped])
    job = plan_of((tmp_path / "portraits.csv").read_bytes(), tmp_path)
    assert [problem.column for problem in job.problems] == ["full_name"]

    named = {**ROWS[0], "testimony": "Je suis Zoé Martin-Ndiaye.", "photo_credit": "Martin"}
    write_csv(tmp_path / "portraits.csv", [named])
    job = plan_of((tmp_path / "portraits.csv").read_bytes(), tmp_path)
    assert {problem.column for problem in job.problems} == {"testimony", "photo_credit"}
    assert not PortraitPage.objects.exists()


@pytest.mark.django_db
def test_a_curators_note_never_names_the_person(exhibition, make_collection):
    """The note shows on the portrait's page within the collection."""
    portrait = PortraitPageFactory(parent=exhibition, consent__full_name=FULL_NAME)
    collection = make_collection([portrait])
    entry = collection.entries.get()
    entry.note = "Mme Ben Haddad nous a reçus chez elle."
    with pytest.raises(ValidationError, match="nom complet"):
        entry.full_clean()
    entry.note = "Elle nous a reçus chez elle."
    entry.full_clean()
