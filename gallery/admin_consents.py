"""Consent records in the admin: private, edited apart from the portraits they allow, so that
a person's full name never enters a page or its revisions, nor an address.

A person who calls to withdraw gives their name: it is looked up with a form sent by POST
(never a search in the address, which access logs keep).
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from .models import Consent
from .models.consent import words


class ConsentCreateView(CreateView):
    def get_initial(self):
        # The portrait editor links here with ?portrait=<id>.
        initial = super().get_initial()
        portrait = self.request.GET.get("portrait", "")
        if portrait.isascii() and portrait.isdigit():
            initial["portrait"] = int(portrait)
        return initial


class ConsentIndexView(IndexView):
    @property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("Retrouver une personne"), url=reverse("consents:find"), icon_name="search"
            ),
        ]


class FindForm(forms.Form):
    full_name = forms.CharField(
        label=_("Nom de la personne"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("Tout ou partie du nom : les accents et les majuscules ne comptent pas."),
    )


def find_person(request):
    """Consents whose full name holds every word typed, sent by POST."""
    if not request.user.has_perm("gallery.view_consent"):
        raise PermissionDenied
    form = FindForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        wanted = set(words(form.cleaned_data["full_name"]))
        found = [
            consent
            for consent in Consent.objects.select_related("portrait").order_by("portrait__title")
            if wanted <= set(words(consent.full_name))
        ]
    return TemplateResponse(
        request, "gallery/admin/find_person.html", {"form": form, "found": found}
    )


class ConsentViewSet(ModelViewSet):
    model = Consent
    icon = "clipboard-list"
    menu_label = _("Consentements")
    menu_order = 210
    add_to_admin_menu = True
    url_prefix = "consentements"
    name = "consents"
    add_view_class = ConsentCreateView
    index_view_class = ConsentIndexView
    list_display = [
        "__str__",
        "portrait",
        "signed_on",
        "valid_until",
        Column("status_label", label=_("état"), accessor="status_label"),
    ]
    list_filter = ["valid_until"]
    # Never the full name: a search travels in the address. See find_person.
    search_fields = ["form_reference", "portrait__title", "portrait__display_name"]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_queryset(self, request):
        return Consent.objects.select_related("portrait")

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("retrouver/", find_person, name="find")]
