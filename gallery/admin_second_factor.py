"""Second factor (TOTP) for the staff who can see consent records.

A consent record holds a person's full name and what they agreed to: a stolen password alone
must not open it. With `STAFF_OTP_REQUIRED` (production), every account that can see consent
records (superusers, and the `gallery.view_consent` permission: curators and reviewers) signs
in with its password, then with a six-digit code from an authenticator application; until it
has one, the admin sends it to the set-up page. Any other account may set one up, and is then
asked for it too.

Guessing is bounded twice: each device waits longer after each wrong code (django-otp's
exponential back-off, kept on the device, so signing in again with the password does not
start afresh), and every wrong code counts as a failed sign-in for django-axes, which locks
the account and the address after AXES_FAILURE_LIMIT failures, the password step included.

A user who lost their device is reset by a superuser (the users listing's "Réinitialiser le
second facteur", or `manage.py reset_second_factor <username>`): they set up a new one at
their next sign-in.
"""

from urllib.parse import parse_qs, urlsplit

import segno
from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

# Admin pages an unverified user still reaches: signing in and out, resetting a forgotten
# password, these pages, and the admin's translation catalogue they load.
OPEN_ADMIN_VIEWS = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_javascript_catalog",
    "second_factor_set_up",
    "second_factor_verify",
}


def can_see_consents(user):
    """Who must use a second factor where it is required: whoever the admin shows consent
    records to (admin_consents, the dashboard's panel)."""
    return user.is_superuser or user.has_perm("gallery.view_consent")


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def needs_code(user):
    """Whether this signed-in user must still give a code before the admin opens."""
    if user.is_verified():
        return False
    required = settings.STAFF_OTP_REQUIRED and can_see_consents(user)
    return required or confirmed_device(user) is not None


class SecondFactorMiddleware:
    """Keeps a user who signed in with a password only out of the admin (after
    django_otp.middleware.OTPMiddleware, which says whether the session gave a code)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._held_back(request):
            device = confirmed_device(request.user)
            target = reverse("second_factor_verify" if device else "second_factor_set_up")
            return redirect(f"{target}?{_next_query(request.get_full_path())}")
        return self.get_response(request)

    def _held_back(self, request):
        # The address first: reading request.user reads the session, and a public page that
        # did would be `Vary: Cookie`, which no shared cache keeps.
        if not request.path.startswith(reverse("wagtailadmin_home")):
            return False
        if not request.user.is_authenticated:
            return False
        try:
            view_name = resolve(request.path_info).view_name
        except Resolver404:
            view_name = None
        return view_name not in OPEN_ADMIN_VIEWS and needs_code(request.user)


def _next_query(path):
    return urlencode({"next": path})


def _next_url(request):
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("wagtailadmin_home")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code à six chiffres"),
        help_text=_("Le code affiché par votre application d'authentification."),
        max_length=6,
        min_length=6,
        error_messages={
            "required": _("Saisissez le code à six chiffres."),
            "min_length": _("Le code a six chiffres."),
            "max_length": _("Le code a six chiffres."),
        },
    )  # drawn by templates/second_factor/code_field.html (one-time-code, numeric keyboard)

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit():
            raise forms.ValidationError(_("Le code ne contient que des chiffres."))
        return code


# Set-up -----------------------------------------------------------------------------------------


@never_cache  # the page shows a secret
def set_up(request):
    """Draw a new device's secret (QR code and text), then confirm it with a first code."""
    user = request.user
    if confirmed_device(user):
        # Replacing a device needs the current one, or a superuser's reset.
        if user.is_verified():
            return redirect(_next_url(request))
        return redirect(f"{reverse('second_factor_verify')}?{_next_query(_next_url(request))}")
    # The same secret until it is confirmed: reloading the page must not change the QR code.
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, confirmed=False, name="authenticator")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Second facteur activé."))
            return redirect(_next_url(request))
        form.add_error("code", _refusal(device))
    return TemplateResponse(
        request,
        "second_factor/set_up.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr_code": segno.make(device.config_url, error="m").svg_inline(
                scale=4, dark="#000", light="#fff", title=_("Code QR du second facteur")
            ),
            "secret": _grouped(device.config_url),
            "required": settings.STAFF_OTP_REQUIRED and can_see_consents(user),
        },
    )


def _grouped(config_url):
    """The base-32 secret in groups of four, as authenticator applications ask for it."""
    secret = parse_qs(urlsplit(config_url).query)["secret"][0]
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


# Verification -----------------------------------------------------------------------------------


@never_cache
def verify(request):
    """The code step of signing in."""
    user = request.user
    device = confirmed_device(user)
    if device is None:
        return redirect(f"{reverse('second_factor_set_up')}?{_next_query(_next_url(request))}")
    if user.is_verified():
        return redirect(_next_url(request))
    credentials = {"username": user.get_username()}
    if request.method == "POST" and AxesProxyHandler.is_locked(request, credentials):
        return _locked_out(request, credentials)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("code", _refusal(device))
        # A wrong code is a failed sign-in: django-axes counts it with the password's.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            return _locked_out(request, credentials)
    return TemplateResponse(
        request, "second_factor/verify.html", {"form": form, "next": _next_url(request)}
    )


def _locked_out(request, credentials):
    """Signed out, and django-axes' lockout page (AxesMiddleware draws it), as for a password."""
    logout(request)
    request.axes_locked_out = True
    request.axes_credentials = credentials
    return TemplateResponse(request, "second_factor/verify.html", {"form": CodeForm()})


def _refusal(device):
    allowed, details = device.verify_is_allowed()
    if not allowed and details and details.get("locked_until"):
        seconds = max(1, round((details["locked_until"] - timezone.now()).total_seconds()))
        return _(
            "Ce code n'est pas accepté : trop d'essais. Attendez %(seconds)s s avant de "
            "saisir le code suivant."
        ) % {"seconds": seconds}
    return _("Ce code n'est pas valable. Saisissez le code affiché en ce moment.")


# Recovery ---------------------------------------------------------------------------------------


def reset(request, user_id):
    """A superuser removes a user's devices (a lost phone): the user sets up a new one."""
    if not request.user.is_superuser:
        raise PermissionDenied
    target = get_object_or_404(get_user_model(), pk=user_id)
    if request.method == "POST":
        TOTPDevice.objects.filter(user=target).delete()
        messages.success(
            request,
            _("Second facteur de « %(user)s » réinitialisé.") % {"user": target.get_username()},
        )
        return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request,
        "second_factor/reset.html",
        {"target": target, "has_device": confirmed_device(target) is not None},
    )
