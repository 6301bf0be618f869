"""A publication refused for consent, in the admin: the curator reads what is missing.

Every way of publishing ends in the page's guard (gallery.models.consent.check_publication),
which raises ConsentMissing. The editor's own form says what is missing before it gets there;
Wagtail's other ways, approving a review or publishing in bulk, would answer with a bare
permission error. Wagtail runs both in a transaction, so nothing of them stays.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.defaults import permission_denied
from wagtail.admin.modal_workflow import render_modal_workflow

from .models import PortraitPage
from .models.consent import ConsentMissing, consent_of, problems


def refused_message(page, reasons):
    return _("« %(title)s » n'est pas publié : %(reasons)s") % {
        "title": page.get_admin_display_title(),
        "reasons": reasons,
    }


def back_url(request, page=None):
    """Where the curator goes on: the address the action came from (`next`), else the page's
    editor, where what is missing can be fixed."""
    url = request.GET.get("next") or request.POST.get("next")
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    if page is not None and page.pk:
        return reverse("wagtailadmin_pages:edit", args=[page.pk])
    return reverse("wagtailadmin_home")


class ConsentRefusalMiddleware:
    """In the admin, a ConsentMissing becomes a message naming the page and what is missing,
    and the curator goes back (a modal, such as the approval's, is told where); nothing the
    action began stays, since Wagtail runs it in a transaction."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ConsentMissing):
            return None
        if not request.path.startswith(reverse("wagtailadmin_home")):
            return permission_denied(request, exception)  # the public site publishes nothing
        if exception.page is not None:
            messages.error(request, refused_message(exception.page, str(exception)))
        else:
            messages.error(request, str(exception))
        url = back_url(request, exception.page)
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            return render_modal_workflow(
                request, None, None, None, json_data={"step": "success", "redirect": url}
            )
        return redirect(url)


def refuse_bulk_publication(request, action_type, objects, action):
    """Before Wagtail publishes in bulk: every selected portrait whose consent does not allow
    its latest version is named with what is missing, and nothing is published."""
    if action_type != "publish":
        return None
    pages = [page.specific for page in objects]
    if action.cleaned_form.cleaned_data.get("include_descendants"):
        for page in list(pages):
            pages.extend(page.get_descendants().not_live().specific())
    refused = []
    for page in pages:
        if isinstance(page, PortraitPage):
            version = page.get_latest_revision_as_object()
            found = problems(version, consent_of(page))
            if found:
                refused.append(refused_message(version, " ".join(found)))
    for message in refused:
        messages.error(request, message)
    return redirect(back_url(request)) if refused else None
