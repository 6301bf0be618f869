from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Consent, NaturalisationStage


class NaturalisationStageViewSet(SnippetViewSet):
    model = NaturalisationStage
    icon = "list-ol"
    menu_label = _("Étapes du parcours")
    menu_order = 200
    add_to_admin_menu = True
    sort_order_field = "position"
    list_display = ["name", "group", "slug"]
    search_fields = ["name"]


register_snippet(NaturalisationStageViewSet)


class ConsentCreateView(CreateView):
    def get_initial(self):
        # The portrait editor links here with ?portrait=<id>.
        initial = super().get_initial()
        if self.request.GET.get("portrait", "").isdigit():
            initial["portrait"] = int(self.request.GET["portrait"])
        return initial


class ConsentViewSet(ModelViewSet):
    """Consent records: private, edited apart from the portraits they allow, so that a
    person's full name never enters a page or its revisions."""

    model = Consent
    icon = "clipboard-list"
    menu_label = _("Consentements")
    menu_order = 210
    add_to_admin_menu = True
    url_prefix = "consentements"
    name = "consents"
    add_view_class = ConsentCreateView
    list_display = ["__str__", "portrait", "signed_on", "valid_until", "status_label"]
    list_filter = ["valid_until"]
    search_fields = ["full_name", "form_reference"]
    copy_view_enabled = False
    inspect_view_enabled = False


@hooks.register("register_admin_viewset")
def register_consents():
    return ConsentViewSet()


@hooks.register("register_log_actions")
def register_consent_log_actions(actions):
    actions.register_action(
        "gallery.consent.scheduled_publication_cancelled",
        _("Publication programmée annulée : le consentement ne la permet plus"),
        _("Publication programmée annulée : le consentement ne la permet plus"),
    )


@hooks.register("construct_main_menu")
def hide_documents_menu(request, menu_items):
    """The exhibition publishes no documents; a signed consent form must never be uploaded
    to a document library, so the menu entry is not offered."""
    menu_items[:] = [item for item in menu_items if item.name != "documents"]
