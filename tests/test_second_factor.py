"""Second factor: an account that sees consent records needs a TOTP code after its password
(gallery/admin_second_factor.py), and guessing the code is throttled like a password."""

import time

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.STAFF_OTP_REQUIRED = True


def code_for(device, *, steps_ahead=0):
    """The code the person's application shows now (or `steps_ahead` periods later: a code
    is accepted once, so a second sign-in in the same 30 s uses the next one)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def wrong_code(device):
    return f"{(int(code_for(device)) + 500_000) % 1_000_000:06d}"


def text_of(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ")


def sign_in(client, username):
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, "the password is accepted"
    return response


@pytest.fixture
def reviewer(django_user_model):
    user = django_user_model.objects.create_user("relectrice", password=PASSWORD)
    user.groups.add(Group.objects.get(name="Relecteurs"))
    return user


@pytest.fixture
def consent(make_portraits):
    return make_portraits(1)[0].consent


def consent_address(consent):
    return reverse("consents:edit", args=[consent.pk])


def confirmed(user):
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return device


@pytest.mark.parametrize("role", ["Curateurs", "Relecteurs", "superuser"])
def test_with_a_password_only_neither_the_admin_nor_a_consent_opens(
    client, django_user_model, consent, role
):
    if role == "superuser":
        django_user_model.objects.create_superuser("personne", password=PASSWORD)
    else:
        user = django_user_model.objects.create_user("personne", password=PASSWORD)
        user.groups.add(Group.objects.get(name=role))
    landing = sign_in(client, "personne")
    assert client.get(landing["Location"])["Location"].startswith(reverse("second_factor_set_up"))
    for address in ("/admin/", consent_address(consent), "/admin/consentements/"):
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("second_factor_set_up"))
    assert consent.full_name not in client.get("/admin/", follow=True).content.decode()


def test_setting_up_a_device_then_signing_in_with_its_codes(client, reviewer, consent):
    sign_in(client, "relectrice")
    wanted = consent_address(consent)
    page = client.get(wanted, follow=True)
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.select_one("figure svg"), "the QR code is drawn in the page"
    device = TOTPDevice.objects.get(user=reviewer, confirmed=False)
    secret = soup.select_one("#second-factor-secret").get_text()
    assert secret.replace(" ", "") in device.config_url, "the key is there as text too"
    field = soup.select_one("input[name=code]")
    assert soup.select_one(f"label[for={field['id']}]")
    assert field["autocomplete"] == "one-time-code" and field["inputmode"] == "numeric"
    next_url = soup.select_one("input[name=next]")["value"]
    assert next_url == wanted

    done = client.post(
        reverse("second_factor_set_up"), {"code": code_for(device), "next": next_url}
    )
    assert done["Location"] == wanted
    shown = client.get(wanted)
    assert shown.status_code == 200 and consent.full_name in shown.content.decode()

    # A new session: the password, then a code again.
    client.logout()
    sign_in(client, "relectrice")
    asked = client.get("/admin/")
    assert asked["Location"].startswith(reverse("second_factor_verify"))
    assert client.get(consent_address(consent)).status_code == 302
    entered = client.post(
        reverse("second_factor_verify"), {"code": code_for(device, steps_ahead=1), "next": wanted}
    )
    assert entered["Location"] == wanted
    assert client.get(wanted).status_code == 200


def test_a_wrong_code_is_refused_and_said_so(client, reviewer, consent, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # this test is about the message, not the waiting
    device = confirmed(reviewer)
    sign_in(client, "relectrice")
    refused = client.post(reverse("second_factor_verify"), {"code": wrong_code(device)})
    assert refused.status_code == 200
    soup = BeautifulSoup(refused.content, "html.parser")
    field = soup.select_one("input[name=code]")
    error = soup.select_one(".error-message")
    assert "n'est pas valable" in error.get_text()
    assert error["id"] in field["aria-describedby"].split() and field["aria-invalid"] == "true"
    assert client.get(consent_address(consent)).status_code == 302
    letters = client.post(reverse("second_factor_verify"), {"code": "abcdef"})
    assert "que des chiffres" in letters.content.decode()


def test_after_a_wrong_code_even_the_right_one_waits(client, reviewer):
    """django-otp's back-off, kept on the device: signing in again does not start afresh."""
    device = confirmed(reviewer)
    sign_in(client, "relectrice")
    client.post(reverse("second_factor_verify"), {"code": wrong_code(device)})
    client.logout()
    sign_in(client, "relectrice")
    too_soon = client.post(reverse("second_factor_verify"), {"code": code_for(device)})
    assert "trop d'essais" in text_of(too_soon)
    assert client.get("/admin/").status_code == 302


def test_ten_wrong_codes_lock_the_account_like_ten_wrong_passwords(client, reviewer, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-axes alone
    device = confirmed(reviewer)
    sign_in(client, "relectrice")
    for _attempt in range(9):
        refused = client.post(reverse("second_factor_verify"), {"code": wrong_code(device)})
        assert refused.status_code == 200
    tenth = client.post(reverse("second_factor_verify"), {"code": wrong_code(device)})
    assert tenth.status_code == 429 and "Connexion bloquée" in tenth.content.decode()
    assert client.get("/admin/")["Location"].startswith("/admin/login/"), "signed out"
    # The password no longer opens anything, nor a code after it, for the cool-off time.
    locked = client.post("/admin/login/", {"username": "relectrice", "password": PASSWORD})
    assert locked.status_code == 429
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_ten_wrong_passwords_still_lock(client, reviewer):
    for _attempt in range(10):
        client.post("/admin/login/", {"username": "relectrice", "password": "devine"})
    locked = client.post("/admin/login/", {"username": "relectrice", "password": PASSWORD})
    assert locked.status_code == 429


def test_an_account_that_cannot_see_consents_is_not_asked(client, django_user_model):
    editor = django_user_model.objects.create_user("redacteur", password=PASSWORD)
    editors = Group.objects.create(name="Rédaction")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(editors)
    sign_in(client, "redacteur")
    assert client.get("/admin/").status_code == 200
    # It may set one up all the same (from its account page), and is then asked for it.
    account = client.get(reverse("wagtailadmin_account")).content.decode()
    assert reverse("second_factor_set_up") in account
    assert client.get(reverse("second_factor_set_up")).status_code == 200
    device = TOTPDevice.objects.get(user=editor)
    client.post(reverse("second_factor_set_up"), {"code": code_for(device)})
    client.logout()
    sign_in(client, "redacteur")
    assert client.get("/admin/")["Location"].startswith(reverse("second_factor_verify"))


def test_without_the_setting_the_demo_accounts_sign_in_with_a_password(client, reviewer, settings):
    settings.STAFF_OTP_REQUIRED = False
    sign_in(client, "relectrice")
    assert client.get("/admin/").status_code == 200


def test_a_superuser_resets_a_lost_device(client, reviewer, django_user_model):
    device = confirmed(reviewer)
    admin = django_user_model.objects.create_superuser("admin", password=PASSWORD)
    admin_device = confirmed(admin)
    sign_in(client, "admin")
    client.post(reverse("second_factor_verify"), {"code": code_for(admin_device)})
    listing = client.get(reverse("wagtailusers_users:index")).content.decode()
    reset = reverse("second_factor_reset", args=[reviewer.pk])
    assert reset in listing
    assert client.post(reset).status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()

    client.logout()
    sign_in(client, "relectrice")
    assert client.get("/admin/")["Location"].startswith(reverse("second_factor_set_up"))
    # Only superusers reset devices.
    assert client.get(reverse("second_factor_reset", args=[admin.pk])).status_code in (302, 403)
    assert TOTPDevice.objects.filter(pk=admin_device.pk).exists()


def test_a_device_cannot_be_replaced_with_the_password_alone(client, reviewer):
    confirmed(reviewer)
    sign_in(client, "relectrice")
    response = client.get(reverse("second_factor_set_up"))
    assert response["Location"].startswith(reverse("second_factor_verify"))
    assert not TOTPDevice.objects.filter(user=reviewer, confirmed=False).exists()
