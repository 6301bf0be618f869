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
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import ExhibitionPage
from .importer import check
from .sources import PhotoZip, TransferError
from .writer import write

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


def at_most(upload, limit):
    if upload.size > limit:
        raise forms.ValidationError(
            _("Ce fichier pèse %(size)s Mo : au plus %(max)s Mo. Découpez l'import.")
            % {"size": upload.size // (1024 * 1024), "max": limit // (1024 * 1024)}
        )
    return upload


class UploadForm(forms.Form):
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
        return at_most(self.cleaned_data["csv_file"], MAX_CSV_BYTES)

    def clean_photos(self):
        return at_most(self.cleaned_data["photos"], MAX_ZIP_BYTES)

    def clean(self):
        cleaned_data = super().clean()
        exhibition = cleaned_data.get("exhibition")
        if exhibition and not may_import(self.user, exhibition, cleaned_data.get("publish")):
            self.add_error(
                "exhibition",
                _("Vous ne pouvez pas ajouter ou publier de portraits dans cette exposition."),
            )
        return cleaned_data


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


def store_upload(form):
    """The uploaded files kept in a new working folder; the state the session keeps."""
    folder = working_folder()
    folder.mkdir(mode=0o700)
    (folder / "portraits.csv").write_bytes(form.cleaned_data["csv_file"].read())
    with open(folder / "photos.zip", "wb") as target:
        for chunk in form.cleaned_data["photos"].chunks():
            target.write(chunk)
    return {
        "token": folder.name,
        "exhibition": form.cleaned_data["exhibition"].pk,
        "publish": bool(form.cleaned_data.get("publish")),
    }


def read_upload(state):
    """The import as uploaded, checked again from its working folder (photos are read into
    memory as the rows are checked, so the ZIP can be closed at once). Raises TransferError."""
    exhibition = ExhibitionPage.objects.filter(pk=state["exhibition"]).first()
    if exhibition is None:
        raise TransferError(_("L'exposition choisie n'existe plus : recommencez l'import."))
    folder = working_folder(state["token"])
    try:
        csv_data = (folder / "portraits.csv").read_bytes()
        with open(folder / "photos.zip", "rb") as photos:
            return check(csv_data, PhotoZip(photos), exhibition, publish=state["publish"])
    except FileNotFoundError as error:
        raise TransferError(_("Les fichiers de cet import ont expiré : recommencez.")) from error


class ImportPortraitsView(WagtailAdminTemplateMixin, FormView):
    """Upload (the form), preview (the rows or every problem), then confirm or cancel: the
    buttons post an `action`, and the uploaded files wait in the working folder."""

    template_name = "gallery/admin/import.html"
    form_class = UploadForm
    page_title = gettext_lazy("Importer des portraits")
    header_icon = "upload"
    url = reverse_lazy("gallery_import_portraits")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(has_exhibition=ExhibitionPage.objects.exists(), **kwargs)

    def post(self, request, *args, **kwargs):
        state = request.session.get(SESSION_KEY)
        action = request.POST.get("action")
        if action == "cancel" and state:
            self.forget(state)
            return redirect(self.url)
        if action == "confirm" and state:
            return self.confirm(state)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        state = store_upload(form)
        self.request.session[SESSION_KEY] = state
        return self.preview(state, form=form)

    def preview(self, state, **context):
        try:
            plan = read_upload(state)
            problems, rows = [str(problem) for problem in plan.problems], plan.rows
        except TransferError as error:
            problems, rows = [str(error)], []
        context.update(previewed=True, problems=problems, rows=rows, state=state)
        return self.render_to_response(self.get_context_data(**context))

    def confirm(self, state):
        exhibition = ExhibitionPage.objects.filter(pk=state["exhibition"]).first()
        if exhibition and not may_import(self.request.user, exhibition, state["publish"]):
            raise PermissionDenied  # permissions changed since the preview
        try:
            plan = read_upload(state)
            if not plan.is_valid:  # something changed since the preview
                return self.preview(state)
            counts = write(plan)
        except TransferError as error:
            messages.error(self.request, str(error))
            return redirect(self.url)
        self.forget(state)
        messages.success(
            self.request,
            _("Import terminé : %(create)s créés, %(update)s modifiés, %(unchanged)s inchangés.")
            % counts,
        )
        return redirect("wagtailadmin_explore", plan.exhibition.pk)

    def forget(self, state):
        shutil.rmtree(working_folder(state["token"]), ignore_errors=True)
        del self.request.session[SESSION_KEY]
