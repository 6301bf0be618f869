"""Consent decides what a portrait may publish, for how long, and it stays private."""

import datetime
import re
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision

from gallery.models import Consent, PortraitPage
from gallery.models.portraits import ConsentMissing

from .factories import ExhibitionImageFactory, PortraitPageFactory
from .test_curators import portrait_form

TODAY = timezone.localdate


def draft(exhibition, **fields):
    """An unpublished portrait, with the consent given in `consent` (or none)."""
    return PortraitPageFactory(parent=exhibition, live=False, **fields)


def assert_still_unpublished(client, portrait):
    """A refused publication left nothing public: no live version, no page at its address."""
    stored = PortraitPage.objects.get(pk=portrait.pk)
    assert (stored.live, stored.live_revision_id) == (False, None)
    assert client.get(stored.url).status_code == 404


@pytest.mark.django_db
def test_nothing_is_published_without_consent(client, exhibition):
    portrait = draft(exhibition, consent=None)
    with pytest.raises(ConsentMissing, match="Aucun consentement"):
        portrait.save_revision().publish()
    assert_still_unpublished(client, portrait)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("missing", "label"),
    [
        ("covers_photo", "la photo"),
        ("covers_name", "le prénom"),
        ("covers_testimony", "le témoignage"),
        ("covers_origin", "l'origine et les détails"),
        ("covers_stage", "l'étape du parcours"),
    ],
)
def test_consent_must_cover_what_the_page_shows(client, exhibition, missing, label):
    portrait = draft(exhibition, **{"consent__covers_photo": True, f"consent__{missing}": False})
    with pytest.raises(ConsentMissing, match=re.escape(f"ne couvre pas : {label}")):
        portrait.save_revision().publish()
    assert_still_unpublished(client, portrait)


@pytest.mark.django_db
def test_what_the_page_does_not_show_needs_no_consent(exhibition):
    portrait = draft(
        exhibition,
        name_is_pseudonym=True,
        country_of_origin="",
        arrival_year=None,
        town="",
        languages="",
        consent__covers_name=False,
        consent__covers_origin=False,
    )
    portrait.save_revision().publish()
    assert PortraitPage.objects.get(pk=portrait.pk).live


@pytest.mark.django_db
def test_a_consent_that_ended_or_is_not_signed_yet_publishes_nothing(client, exhibition):
    ended = draft(exhibition, consent__valid_until=TODAY() - datetime.timedelta(days=1))
    with pytest.raises(ConsentMissing, match="a pris fin"):
        ended.save_revision().publish()
    assert_still_unpublished(client, ended)
    future = draft(exhibition, consent__signed_on=TODAY() + datetime.timedelta(days=3))
    with pytest.raises(ConsentMissing, match="pas encore signé"):
        future.save_revision().publish()
    assert_still_unpublished(client, future)


@pytest.mark.django_db
def test_a_reviewer_approving_what_consent_no_longer_covers_publishes_nothing(
    client, exhibition, user_in
):
    """Consent narrowed while the version waited for review: the approval is refused."""
    portrait = draft(exhibition)
    client.force_login(user_in("Curateurs"))
    edit = reverse("wagtailadmin_pages:edit", args=[portrait.pk])
    client.post(edit, portrait_form(portrait, quote="À relire.", **{"action-submit": "1"}))
    task_state = PortraitPage.objects.get(pk=portrait.pk).current_workflow_task_state
    Consent.objects.filter(portrait=portrait).update(covers_testimony=False)

    client.force_login(user_in("Relecteurs"))
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[portrait.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    assert_still_unpublished(client, portrait)
    task_state.refresh_from_db()
    assert task_state.status == "in_progress"  # still waiting: nothing was approved


@pytest.mark.django_db
def test_the_portrait_expires_when_consent_ends(exhibition):
    portrait = PortraitPageFactory(parent=exhibition)
    consent = portrait.consent
    consent.valid_until = datetime.date(2031, 5, 31)
    consent.save()

    portrait.refresh_from_db()
    paris_midnight = datetime.datetime(2031, 6, 1, tzinfo=ZoneInfo("Europe/Paris"))
    assert portrait.expire_at == paris_midnight
    # Publishing again, even an older revision, keeps the end.
    portrait.save_revision().publish()
    portrait.refresh_from_db()
    assert portrait.expire_at == paris_midnight

    # Consent extended: the page's end follows.
    consent.valid_until = datetime.date(2032, 1, 31)
    consent.save()
    portrait.refresh_from_db()
    assert portrait.expire_at == datetime.datetime(2032, 2, 1, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.mark.django_db
def test_publish_scheduled_takes_the_portrait_down_at_the_end_of_consent(client, exhibition):
    portrait = PortraitPageFactory(parent=exhibition)
    assert client.get(portrait.url).status_code == 200
    # The end date has come: the page is gone at once, before publish_scheduled runs.
    PortraitPage.objects.filter(pk=portrait.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert client.get(portrait.url).status_code == 404

    call_command("publish_scheduled", stdout=StringIO())

    portrait.refresh_from_db()
    assert not portrait.live and portrait.expired
    assert client.get(portrait.url).status_code == 404


@pytest.mark.django_db
def test_a_consent_reduced_or_ended_takes_the_live_portrait_down(exhibition):
    reduced = PortraitPageFactory(parent=exhibition)
    reduced.consent.covers_testimony = False
    reduced.consent.save()
    assert not PortraitPage.objects.get(pk=reduced.pk).live

    ended = PortraitPageFactory(parent=exhibition)
    ended.consent.valid_until = TODAY() - datetime.timedelta(days=1)
    ended.consent.save()
    assert not PortraitPage.objects.get(pk=ended.pk).live

    deleted = PortraitPageFactory(parent=exhibition)
    Consent.objects.get(portrait=deleted).delete()
    assert not PortraitPage.objects.get(pk=deleted.pk).live


@pytest.mark.django_db
def test_a_scheduled_publication_without_consent_any_more_is_cancelled(exhibition):
    kept = draft(exhibition)
    dropped = draft(exhibition)
    for portrait in (kept, dropped):
        portrait.go_live_at = timezone.now() + datetime.timedelta(hours=1)
        portrait.save_revision().publish()  # scheduled: consent checked now
    Consent.objects.filter(portrait=dropped).update(covers_photo=False)  # changed since
    # The hour has come.
    past = timezone.now() - datetime.timedelta(minutes=1)
    for revision in Revision.objects.filter(approved_go_live_at__isnull=False):
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save()

    call_command("publish_scheduled", stdout=StringIO())

    assert PortraitPage.objects.get(pk=kept.pk).live
    assert not PortraitPage.objects.get(pk=dropped.pk).live
    assert not Revision.objects.filter(approved_go_live_at__isnull=False).exists()


@pytest.mark.django_db
def test_a_portrait_showing_more_than_its_consent_allows_shows_nowhere(client, exhibition):
    hidden = PortraitPageFactory(parent=exhibition, display_name="Nadia", country_of_origin="SY")
    PortraitPageFactory(parent=exhibition, display_name="Karim", country_of_origin="SY")
    # As if consent had been narrowed behind the page's back (its signal would unpublish it):
    # every public view asks the consent rules, not only the page's live flag.
    Consent.objects.filter(portrait=hidden).update(covers_origin=False)

    assert client.get(hidden.url).status_code == 404
    gallery = BeautifulSoup(client.get(exhibition.url).content, "html.parser")
    cards = {
        card.select_one(".portrait-card__name a").get_text().split(",")[0]: card.get_text()
        for card in gallery.select(".portrait-card")
    }
    assert set(cards) == {"Karim"} and "Syrie" in cards["Karim"]
    country = gallery.select_one("select[name=pays] option[value=SY]").get_text()
    assert " ".join(country.split()) == "Syrie (1 portrait)"
    filtered = BeautifulSoup(client.get(exhibition.url, {"pays": "SY"}).content, "html.parser")
    names = [a.get_text().split(",")[0] for a in filtered.select(".portrait-card__name a")]
    assert names == ["Karim"]
    found = client.get("/recherche/", {"q": "Nadia"}).content.decode()
    assert hidden.url not in found
    assert hidden.url not in client.get("/sitemap.xml").content.decode()


@pytest.mark.django_db
def test_consent_records_stay_private(client, exhibition, django_user_model):
    portrait = PortraitPageFactory(parent=exhibition, consent__full_name="Amina Haddad")
    for url in [portrait.url, exhibition.url, "/sitemap.xml"]:
        assert "Haddad" not in client.get(url).content.decode(), url
    results = BeautifulSoup(client.get("/recherche/?q=Haddad").content, "html.parser")
    assert results.select(".portrait-card") == []
    # The admin's consent pages need a signed-in curator.
    listing = client.get("/admin/consentements/")
    assert listing.status_code == 302 and "/admin/login/" in listing["Location"]
    assert "Haddad" not in str(portrait.consent)


@pytest.mark.django_db
def test_the_editor_shows_what_consent_is_missing(client, exhibition, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("curatrice", password="x"))
    portrait = draft(exhibition, photo=ExhibitionImageFactory(), consent__covers_photo=False)
    html = client.get(f"/admin/pages/{portrait.pk}/edit/").content.decode()
    assert "Le consentement ne couvre pas : la photo." in html


@pytest.mark.django_db
def test_a_portrait_past_its_end_leaves_every_listing_before_the_cron_runs(client, exhibition):
    ended = PortraitPageFactory(parent=exhibition, display_name="Ysolde")
    kept = PortraitPageFactory(parent=exhibition, display_name="Bérénice")
    PortraitPage.objects.filter(pk=ended.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    html = client.get(exhibition.url).content.decode()
    assert "Bérénice" in html and "Ysolde" not in html
    assert client.get(kept.url).status_code == 200
    assert client.get(ended.url).status_code == 404


@pytest.mark.django_db
def test_search_and_sitemap_drop_a_portrait_at_the_end_of_its_consent(client, exhibition):
    """Both listed it until publish_scheduled ran."""
    ended = PortraitPageFactory(parent=exhibition, display_name="Ysolde")
    kept = PortraitPageFactory(parent=exhibition, display_name="Bérénice")
    consent = ended.consent
    consent.valid_until = timezone.localdate() + datetime.timedelta(days=3)
    consent.save()
    assert ended.url in client.get("/sitemap.xml").content.decode()
    # Three days later, before any cron: the consent has ended, the page is still "live".
    PortraitPage.objects.filter(pk=ended.pk).update(
        expire_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    Consent.objects.filter(pk=consent.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert PortraitPage.objects.get(pk=ended.pk).live
    found = BeautifulSoup(client.get("/recherche/", {"q": "Ysolde"}).content, "html.parser")
    assert found.select(".portrait-card") == []
    sitemap = client.get("/sitemap.xml").content.decode()
    assert ended.url not in sitemap and kept.url in sitemap


@pytest.mark.django_db
def test_a_person_is_found_by_name_without_the_name_in_any_address(client, exhibition, user_in):
    """Searching consents was a GET: full names landed in access logs."""
    portrait = PortraitPageFactory(parent=exhibition, consent__full_name="Amina BEN HADDAD")
    PortraitPageFactory(parent=exhibition, consent__full_name="Karim SAÏDI")
    client.force_login(user_in("Curateurs"))
    listing = client.get("/admin/consentements/", {"q": "Haddad"})
    assert listing.status_code == 200 and listing.context["object_list"].count() == 0

    find = reverse("consents:find")
    assert find in client.get("/admin/consentements/").content.decode()
    found = client.post(find, {"full_name": "ben haddád"})
    assert found.status_code == 200 and "Haddad" not in found.request["PATH_INFO"]
    assert [consent.portrait_id for consent in found.context["found"]] == [portrait.pk]
    assert 'method="post"' in client.get(find).content.decode()
