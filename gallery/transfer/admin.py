"""The importer in the admin: upload a CSV and a ZIP of photos, preview, then confirm.

Uploads wait between the two steps in the media storage's private part (`imports/<token>/`,
never public; the private bucket in production), named by a random token kept in the curator's
session, and are deleted afterwards: any app server can show the preview or confirm it.
"""

import contextlib
import datetime
import os
import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils import timezone
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
STALE_AFTER = datetime.timedelta(hours=2)
IMPORTS_FOLDER = "imports"
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


def upload_names(token):
    """The stored names of an import's CSV file and ZIP of photos."""
    return f"{IMPORTS_FOLDER}/{token}/portraits.csv", f"{IMPORTS_FOLDER}/{token}/photos.zip"


def store_upload(form):
    """The uploaded files kept in storage under a new token; the state the session keeps."""
    sweep_stale_imports()
    token = uuid.uuid4().hex
    for name, upload in zip(
        upload_names(token),
        (form.cleaned_data["csv_file"], form.cleaned_data["photos"]),
        strict=True,
    ):
        upload.seek(0)
        stored = default_storage.save(name, upload)
        with contextlib.suppress(NotImplementedError):  # local disk: the server's user alone
            os.chmod(default_storage.path(stored), 0o600)
    return {
        "token": token,
        "exhibition": form.cleaned_data["exhibition"].pk,
        "publish": bool(form.cleaned_data.get("publish")),
    }


def read_upload(state):
    """The import as uploaded, checked again from storage (photos are read into memory as the
    rows are checked, so the ZIP can be closed at once). Raises TransferError."""
    exhibition = ExhibitionPage.objects.filter(pk=state["exhibition"]).first()
    if exhibition is None:
        raise TransferError(_("L'exposition choisie n'existe plus : recommencez l'import."))
    csv_name, zip_name = upload_names(state["token"])
    try:
        with default_storage.open(csv_name, "rb") as file:
            csv_data = file.read()
        with default_storage.open(zip_name, "rb") as photos:
            return check(csv_data, PhotoZip(photos), exhibition, publish=state["publish"])
    except FileNotFoundError as error:
        raise TransferError(_("Les fichiers de cet import ont expiré : recommencez.")) from error


def delete_upload(token):
    for name in upload_names(token):
        default_storage.delete(name)
    with contextlib.suppress(OSError):  # local disk: the emptied folder (nothing on S3)
        default_storage.delete(f"{IMPORTS_FOLDER}/{token}")


def sweep_stale_imports(now=None):
    """Delete the previews nobody confirmed or cancelled within STALE_AFTER; how many."""
    now = now or timezone.now()
    try:
        tokens, _files = default_storage.listdir(IMPORTS_FOLDER)
    except FileNotFoundError:  # local disk, no import yet
        return 0
    swept = 0
    for token in tokens:
        _folders, files = default_storage.listdir(f"{IMPORTS_FOLDER}/{token}")
        names = [f"{IMPORTS_FOLDER}/{token}/{file}" for file in files]
        try:
            stale = all(now - default_storage.get_modified_time(n) > STALE_AFTER for n in names)
        except FileNotFoundError:  # confirmed or cancelled meanwhile
            continue
        if stale:
            delete_upload(token)
            swept += 1
    return swept


class ImportPortraitsView(WagtailAdminTemplateMixin, FormView):
    """Upload (the form), preview (the rows or every problem), then confirm or cancel: the
    buttons post an `action`, and the uploaded files wait in storage."""

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
        delete_upload(state["token"])
        del self.request.session[SESSION_KEY]
