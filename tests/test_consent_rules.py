"""The consent rules are one table read two ways (Python for a page, SQL for listings), and a
publication checks them under a lock."""

import datetime
import itertools
import threading

import pytest
from django.conf import settings
from django.db import connection, connections, transaction
from django.utils import timezone

from gallery.models import Consent, PortraitPage
from gallery.models.consent import (
    PUBLISHABLE,
    ConsentMissing,
    Status,
    consent_of,
    may_print,
    printable,
    publishable,
    status,
)

from .factories import PortraitPageFactory


@pytest.mark.django_db
def test_the_status_is_the_same_in_python_and_in_sql(exhibition):
    today = timezone.localdate()
    days = datetime.timedelta
    consents = {
        "none": None,
        "valid": {},
        "ending": {"valid_until": today + days(5)},
        "ended": {"valid_until": today - days(1)},
        "not signed yet": {"signed_on": today + days(2)},
        "no photo": {"covers_photo": False},
        "no name": {"covers_name": False},
        "no origin": {"covers_origin": False},
        "no stage, ending": {"covers_stage": False, "valid_until": today + days(5)},
    }
    pages = {
        "everything": {},
        "no photo": {"photo": None},
        "pseudonym": {"name_is_pseudonym": True},
        "no details": {"country_of_origin": "", "arrival_year": None, "town": "", "languages": ""},
        "only a year": {"country_of_origin": "", "town": "", "languages": ""},
    }
    made = []
    for (consent, scope), (page, fields) in itertools.product(consents.items(), pages.items()):
        consent_fields = (
            {"consent": None}
            if scope is None
            else {f"consent__{name}": value for name, value in scope.items()}
        )
        portrait = PortraitPageFactory(parent=exhibition, live=False, **fields, **consent_fields)
        made.append((consent, page, portrait))

    in_sql = dict(PortraitPage.objects.with_consent_status().values_list("pk", "consent_status"))
    may_be_public = set(PortraitPage.objects.filter(publishable()).values_list("pk", flat=True))
    seen = set()
    for consent, page, portrait in made:
        portrait = PortraitPage.objects.get(pk=portrait.pk)
        in_python = status(portrait, consent_of(portrait))
        assert in_sql[portrait.pk] == in_python, (consent, page)
        assert (portrait.pk in may_be_public) == (in_python in PUBLISHABLE), (consent, page)
        seen.add(in_python)
    assert seen == set(Status)  # every status was reached


@pytest.mark.django_db
def test_printing_is_allowed_alike_in_python_and_in_sql(exhibition):
    """may_print() for one page, printable() for a pack's sheet: the same answer."""
    today = timezone.localdate()
    days = datetime.timedelta
    consents = {
        "none": None,
        "printing": {"covers_print": True},
        "no printing": {"covers_print": False},
        "printing, ending": {"covers_print": True, "valid_until": today + days(5)},
        "printing, ends today": {"covers_print": True, "valid_until": today},
        "printing, ended": {"covers_print": True, "valid_until": today - days(1)},
        "printing, not signed yet": {"covers_print": True, "signed_on": today + days(2)},
        "printing, no photo": {"covers_print": True, "covers_photo": False},
    }
    made = {}
    for name, scope in consents.items():
        fields = (
            {"consent": None}
            if scope is None
            else {f"consent__{field}": value for field, value in scope.items()}
        )
        made[name] = PortraitPageFactory(parent=exhibition, live=False, **fields)

    in_sql = set(PortraitPage.objects.filter(printable()).values_list("pk", flat=True))
    answers = {}
    for name, portrait in made.items():
        in_python = may_print(portrait, consent_of(portrait))
        assert (portrait.pk in in_sql) == in_python, name
        answers[name] = in_python
    assert {name for name, printed in answers.items() if printed} == {
        "printing",
        "printing, ending",
        "printing, ends today",
        "printing, no photo",
    }


@pytest.mark.skipif(
    not settings.USING_POSTGRES, reason="row locks need PostgreSQL (SQLite locks the whole file)"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_consent_narrowed_while_a_publication_checks_it_keeps_the_page_down(
    restore_migrated_data, exhibition
):
    """Two connections: one narrows the consent and has not committed yet; the other
    publishes. The publication waits for the consent, then refuses; without the lock it
    read the old consent, went live, and nothing took it down."""
    portrait = PortraitPageFactory(parent=exhibition, live=False)
    revision = portrait.save_revision()
    narrowed, release = threading.Event(), threading.Event()
    outcome = {}

    def narrow():
        try:
            with transaction.atomic():
                consent = Consent.objects.get(portrait=portrait)
                consent.covers_photo = False
                consent.save()  # takes the page down if it is live: it is not yet
                narrowed.set()
                release.wait(10)
        finally:
            connections.close_all()

    def publish():
        try:
            revision.publish()
            outcome["published"] = True
        except ConsentMissing:
            outcome["published"] = False
        finally:
            connections.close_all()

    narrowing = threading.Thread(target=narrow)
    narrowing.start()
    assert narrowed.wait(10)
    publishing = threading.Thread(target=publish)
    publishing.start()
    # The publication must wait for the consent row: seen as a lock wait in PostgreSQL.
    for _ in range(100):
        if not publishing.is_alive() or _waiting_for_a_lock():
            break
        threading.Event().wait(0.05)
    waited = publishing.is_alive()
    release.set()
    narrowing.join(10)
    publishing.join(10)

    assert waited, "the publication did not wait for the consent being changed"
    assert outcome == {"published": False}
    assert not PortraitPage.objects.get(pk=portrait.pk).live


def _waiting_for_a_lock():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0
