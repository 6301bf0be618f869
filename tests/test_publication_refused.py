"""Wagtail's other ways of publishing, refused for consent, say what is missing."""

import json

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from gallery.models import Consent, PortraitPage

from .factories import PortraitPageFactory
from .test_curators import portrait_form


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def in_review(client, exhibition, user_in):
    """A portrait submitted for review while its consent held, then the consent withdrawn
    from the record (deleted) before a reviewer approves."""
    portrait = PortraitPageFactory(parent=exhibition, live=False, title="Portrait de Rania")
    client.force_login(user_in("Curateurs"))
    edit = reverse("wagtailadmin_pages:edit", args=[portrait.pk])
    client.post(edit, portrait_form(portrait, quote="À relire.", **{"action-submit": "1"}))
    task_state = PortraitPage.objects.get(pk=portrait.pk).current_workflow_task_state
    assert task_state is not None
    Consent.objects.filter(portrait=portrait).delete()
    client.force_login(user_in("Relecteurs"))
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[portrait.pk, "approve", task_state.pk]
    )
    return portrait, approve


@pytest.mark.django_db
def test_an_approval_refused_names_the_page_and_what_is_missing(client, in_review):
    portrait, approve = in_review
    response = client.post(approve, {"comment": ""})

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=[portrait.pk])
    [message] = [m for m in messages_of(response) if "n'est pas publié" in m]
    assert message.startswith("« Portrait de Rania » n'est pas publié : Aucun consentement")
    stored = PortraitPage.objects.get(pk=portrait.pk)
    assert not stored.live
    # Nothing of the approval stayed: the page is still awaiting review.
    assert stored.current_workflow_task_state.status == "in_progress"


@pytest.mark.django_db
def test_an_approval_refused_in_the_modal_goes_back_to_the_editor(client, in_review):
    portrait, approve = in_review
    response = client.post(approve, {"comment": ""}, headers={"x-requested-with": "XMLHttpRequest"})

    assert response.status_code == 200
    answer = json.loads(response.content)
    assert answer["step"] == "success"
    assert answer["redirect"] == reverse("wagtailadmin_pages:edit", args=[portrait.pk])
    editor = client.get(answer["redirect"]).content.decode()
    assert "Aucun consentement" in editor
    assert not PortraitPage.objects.get(pk=portrait.pk).live


@pytest.mark.django_db
def test_a_bulk_publication_names_every_refused_portrait_and_publishes_none(
    client, exhibition, user_in
):
    agreed = PortraitPageFactory(parent=exhibition, live=False, title="Portrait d'Ilyes")
    unsigned = PortraitPageFactory(
        parent=exhibition, live=False, title="Portrait de Mira", consent=None
    )
    ended = PortraitPageFactory(parent=exhibition, live=False, title="Portrait de Sami")
    Consent.objects.filter(portrait=ended).update(valid_until="2020-01-01")
    client.force_login(user_in("Relecteurs"))
    listing = reverse("wagtailadmin_explore", args=[exhibition.pk])
    bulk = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    query = f"?id={agreed.pk}&id={unsigned.pk}&id={ended.pk}&next={listing}"

    response = client.post(bulk + query, {"include_descendants": ""})

    assert response.status_code == 302 and response.url == listing
    shown = "\n".join(messages_of(response))
    assert "« Portrait de Mira » n'est pas publié : Aucun consentement" in shown
    assert "« Portrait de Sami » n'est pas publié" in shown and "a pris fin" in shown
    assert "Ilyes" not in shown
    assert not PortraitPage.objects.filter(live=True).exists()
