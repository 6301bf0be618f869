"""Admin views that are not Wagtail's own: withdrawing a portrait, private rendition files,
and translating a page whose parent is not translated yet (a message, not an error 500)."""

import mimetypes

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.contrib.simple_translation.views import SubmitPageTranslationView

from infra.invalidation import CacheUnreachable

from .models import ExhibitionRendition, PortraitPage
from .renditions import PRIVATE_FOLDER
from .withdrawal import plan, withdraw

WITHDRAW_PERMISSION = "gallery.withdraw_portrait"


CACHE_UNREACHABLE = gettext_lazy(
    "Le cache des pages ne répond pas : rien n'a été retiré, car des copies de ces pages "
    "resteraient en ligne à son retour. Réessayez dans un instant ; si cela dure, prévenez "
    "l'équipe technique."
)


class WithdrawPortraitView(WagtailAdminTemplateMixin, View):
    """Confirms, saying everything it will change, then withdraws: the person took their
    consent back."""

    template_name = "gallery/admin/withdraw_confirm.html"
    page_title = gettext_lazy("Retirer un portrait")
    header_icon = "warning"

    def dispatch(self, request, page_id):
        if not request.user.has_perm(WITHDRAW_PERMISSION):
            raise PermissionDenied
        self.portrait = get_object_or_404(PortraitPage, pk=page_id)
        self.plan = plan(self.portrait)
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.portrait.get_admin_display_title()

    def get_breadcrumbs_items(self):
        exhibition = self.portrait.get_parent()
        return [
            *super().get_breadcrumbs_items(),
            {
                "url": reverse("wagtailadmin_explore", args=[exhibition.pk]),
                "label": exhibition.get_admin_display_title(),
            },
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.portrait.pk]),
                "label": self.get_page_subtitle(),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            portrait=self.portrait,
            plan=self.plan,
            translations=len(self.plan.pages) - 1,
            **kwargs,
        )

    def get(self, request, page_id):
        return self.render_to_response(self.get_context_data())

    def post(self, request, page_id):
        if request.POST.get("confirm") != "yes" or not self.plan.possible:
            return self.render_to_response(self.get_context_data(unconfirmed=self.plan.possible))
        explorer = self.portrait.get_parent().pk
        try:
            record = withdraw(self.portrait, user=request.user)
        except CacheUnreachable:
            messages.error(request, CACHE_UNREACHABLE)
            return self.render_to_response(self.get_context_data())
        messages.success(request, withdrawn_message(record))
        return redirect("wagtailadmin_explore", explorer)


def withdrawn_message(record):
    message = _(
        "Portrait n° %(id)s retiré : %(pages)s page(s) et %(images)s image(s) supprimées."
    ) % {"id": record.page_id, "pages": record.pages_deleted, "images": record.images_deleted}
    if record.plan.cleared:
        message += " " + _("Ses images ont aussi été retirées de : %(uses)s.") % {
            "uses": ", ".join(use.label for use in record.plan.cleared)
        }
    return message


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


class TranslatePageView(SubmitPageTranslationView):
    """Wagtail's "Translate", which answered 500 for a language its parent page is not
    translated into: the form names the page to translate first."""

    def get_form(self):
        if not hasattr(self, "_form"):
            self._form = super().get_form()
            if self.request.method == "POST" and self._form.is_valid():
                parent = self.object.get_parent()
                missing = [
                    locale
                    for locale in self._form.cleaned_data["locales"]
                    if not parent.is_root()
                    and not parent.get_translations(inclusive=True).filter(locale=locale).exists()
                ]
                if missing:
                    self._form.add_error(
                        "locales",
                        _("Traduisez d'abord « %(parent)s » en %(languages)s, puis cette page.")
                        % {
                            "parent": parent.get_admin_display_title(),
                            "languages": ", ".join(loc.get_display_name() for loc in missing),
                        },
                    )
        return self._form
