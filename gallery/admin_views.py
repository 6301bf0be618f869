"""Admin views that are not Wagtail's own: withdrawing a portrait, private rendition files."""

import mimetypes

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .models import CollectionEntry, ExhibitionRendition, PortraitPage
from .renditions import PRIVATE_FOLDER
from .withdrawal import images_only_shown_by, withdraw

WITHDRAW_PERMISSION = "gallery.withdraw_portrait"


def withdraw_portrait(request, page_id):
    """Confirms, then withdraws: the person took their consent back."""
    if not request.user.has_perm(WITHDRAW_PERMISSION):
        raise PermissionDenied
    portrait = get_object_or_404(PortraitPage, pk=page_id)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        explorer = portrait.get_parent().pk
        record = withdraw(portrait, user=request.user)
        messages.success(
            request,
            _("Portrait n° %(id)s retiré : rien de cette personne ne reste sur le site.")
            % {"id": record.page_id},
        )
        return redirect("wagtailadmin_explore", explorer)
    pages = list(PortraitPage.objects.filter(translation_key=portrait.translation_key))
    return TemplateResponse(
        request,
        "gallery/admin/withdraw_confirm.html",
        {
            "portrait": portrait,
            "translations": len(pages) - 1,
            "collections": CollectionEntry.objects.filter(portrait__in=pages).count(),
            "images": len(images_only_shown_by(pages)),
            "unconfirmed": request.method == "POST",
        },
    )


def private_rendition(request, name):
    """A rendition that is not public (an admin thumbnail, a preview of what the public does
    not see): served to signed-in staff only (admin URLs require it), never cached by others."""
    if "/" in name or name.startswith("."):
        raise Http404
    path = f"{PRIVATE_FOLDER}/{name}"
    storage = ExhibitionRendition._meta.get_field("file").storage
    if not storage.exists(path):
        raise Http404
    response = FileResponse(storage.open(path, "rb"), content_type=mimetypes.guess_type(path)[0])
    response["Cache-Control"] = "private, max-age=3600"
    return response
