from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import NaturalisationStage


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


@hooks.register("construct_main_menu")
def hide_documents_menu(request, menu_items):
    """The exhibition publishes no documents; a signed consent form must never be uploaded
    to a document library, so the menu entry is not offered."""
    menu_items[:] = [item for item in menu_items if item.name != "documents"]
