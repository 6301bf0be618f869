"""The importer in the admin: upload a CSV and a ZIP of photos, preview, then confirm.

Uploads wait between the two steps in a private working folder (never under MEDIA_ROOT),
named by a random token kept in the curator's session, and are deleted afterwards.
"""

import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .importing import ImportError_, PhotoZip, PortraitImport
from .models import ExhibitionPage

IMPORT_PERMISSION = "gallery.add_consent"
SESSION_KEY = "portrait_import"
STALE_AFTER_SECONDS = 2 * 3600
MAX_CSV_BYTES = 5 * 1024 * 1024  # far more than MAX_ROWS portraits need
MAX_ZIP_BYTES = 1024 * 1024 * 1024


def may_import(user, exhibition, publish):
    """Page permissions on the exhibition, as in the page explorer: adding portraits, and
    publishing them only for those who may publish there."""
    permissions = exhibition.permissions_for_user(user)
    return permissions.can_add_subpage() and (not publish or permissions.can_publish_subpage())


class ImportForm(forms.Form):
    csv_file = forms.FileField(
        label=gettext_lazy("Fichier CSV des portraits"),
        help_text=gettext_lazy("En UTF-8, avec une ligne d'en-tête (voir le modèle d'export)."),
    )
    photos = forms.FileField(
        label=gettext_lazy("Photos (fichier ZIP)"),
        help_text=gettext_lazy("Les fichiers nommés dans la colonne « photo »."),
    )
    exhibition = forms.ModelChoiceField(
        label=gettext_lazy("Exposition"), queryset=ExhibitionPage.objects.all(), empty_label=None
    )
    publish = forms.BooleanField(
        label=gettext_lazy("Publier les portraits importés"), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        exhibitions = ExhibitionPage.objects.all()
        self.fields["exhibition"].initial = exhibitions.first()
        if not any(may_import(user, exhibition, publish=True) for exhibition in exhibitions):
            del self.fields["publish"]  # curators import drafts; reviewers publish

    def clean_csv_file(self):
        return _at_most(self.cleaned_data["csv_file"], MAX_CSV_BYTES)

    def clean_photos(self):
        return _at_most(self.cleaned_data["photos"], MAX_ZIP_BYTES)

    def clean(self):
        cleaned_data = super().clean()
        exhibition = cleaned_data.get("exhibition")
        if exhibition and not may_import(self.user, exhibition, cleaned_data.get("publish")):
            self.add_error(
                "exhibition",
                _("Vous ne pouvez pas ajouter ou publier de portraits dans cette exposition."),
            )
        return cleaned_data


def _at_most(upload, limit):
    if upload.size > limit:
        raise forms.ValidationError(
            _("Ce fichier pèse %(size)s Mo : au plus %(max)s Mo. Découpez l'import.")
            % {"size": upload.size // (1024 * 1024), "max": limit // (1024 * 1024)}
        )
    return upload


def working_folder(token=None):
    """A folder of this server's user alone: uploads hold photos and personal data."""
    root = Path(
        getattr(settings, "IMPORT_WORK_DIR", "")
        or Path(tempfile.gettempdir()) / f"histoire-imports-{os.getuid()}"
    )
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    status = root.stat()
    if status.st_uid != os.getuid() or status.st_mode & 0o077:
        raise ImproperlyConfigured(
            f"{root} must belong to this server's user and be closed to others (chmod 700)."
        )
    for old in root.iterdir():  # forgotten previews
        if old.is_dir() and time.time() - old.stat().st_mtime > STALE_AFTER_SECONDS:
            shutil.rmtree(old, ignore_errors=True)
    return root / (token or uuid.uuid4().hex)


def import_portraits(request):
    if not request.user.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied
    state = request.session.get(SESSION_KEY)
    action = request.POST.get("action")
    if action == "cancel" and state:
        shutil.rmtree(working_folder(state["token"]), ignore_errors=True)
        del request.session[SESSION_KEY]
        return redirect("gallery_import_portraits")
    if action == "confirm" and state:
        return _confirm(request, state)
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        folder = working_folder()
        folder.mkdir(mode=0o700)
        (folder / "portraits.csv").write_bytes(form.cleaned_data["csv_file"].read())
        with open(folder / "photos.zip", "wb") as target:
            for chunk in form.cleaned_data["photos"].chunks():
                target.write(chunk)
        state = {
            "token": folder.name,
            "exhibition": form.cleaned_data["exhibition"].pk,
            "publish": bool(form.cleaned_data.get("publish")),
        }
        request.session[SESSION_KEY] = state
        context.update(job=_job(state), state=state)
    return TemplateResponse(request, "gallery/admin/import.html", context)


def _read(state, exhibition):
    """The import as uploaded, read again from its working folder (photos are read into
    memory as the rows are checked, so the ZIP can be closed at once)."""
    folder = working_folder(state["token"])
    with open(folder / "photos.zip", "rb") as photos:
        return PortraitImport(
            (folder / "portraits.csv").read_bytes(),
            PhotoZip(photos),
            exhibition=exhibition,
            publish=state["publish"],
        )


def _exhibition(state):
    return ExhibitionPage.objects.filter(pk=state["exhibition"]).first()


def _job(state):
    try:
        return _read(state, _exhibition(state))
    except ImportError_ as error:
        return _Failed(str(error))
    except FileNotFoundError:
        return _Failed(_("Les fichiers de cet import ont expiré : recommencez."))


def _confirm(request, state):
    exhibition = _exhibition(state)
    if exhibition and not may_import(request.user, exhibition, state["publish"]):
        raise PermissionDenied  # permissions changed since the preview
    try:
        job = _read(state, exhibition)
        if not job.is_valid:  # something changed since the preview
            return TemplateResponse(
                request, "gallery/admin/import.html", {"job": job, "state": state}
            )
        counts = job.apply()
    except (ImportError_, FileNotFoundError) as error:
        messages.error(request, str(error))
        return redirect("gallery_import_portraits")
    folder = working_folder(state["token"])
    shutil.rmtree(folder, ignore_errors=True)
    del request.session[SESSION_KEY]
    messages.success(
        request,
        _("Import terminé : %(create)s créés, %(update)s modifiés, %(unchanged)s inchangés.")
        % counts,
    )
    return redirect("wagtailadmin_explore", job.exhibition.pk)


class _Failed:
    """An import that could not even be read: one problem, no rows."""

    def __init__(self, message):
        self.problems = [message]
        self.rows = []
        self.is_valid = False
