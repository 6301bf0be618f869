from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_second_factor, admin_views
from .admin_consents import ConsentViewSet
from .admin_listing import ConsentsEndingPanel, PortraitViewSet
from .admin_refusals import refuse_bulk_publication
from .admin_short_links import ShortLinkReportMenuItem, ShortLinkReportView
from .models import ContentTheme, GlossaryTerm, NaturalisationStage, PortraitPage
from .transfer.admin import IMPORT_PERMISSION, ImportPortraitsView


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


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "help"
    menu_label = _("Glossaire")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["term", "definition", "slug"]
    search_fields = ["term", "variants"]
    ordering = ["term"]


register_snippet(GlossaryTermViewSet)


class ContentThemeViewSet(SnippetViewSet):
    """The controlled list of sensitive themes portraits choose from."""

    model = ContentTheme
    icon = "warning"
    menu_label = _("Thèmes sensibles")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(ContentThemeViewSet)


@hooks.register("register_admin_viewset")
def register_consents():
    return ConsentViewSet()


@hooks.register("register_log_actions")
def register_consent_log_actions(actions):
    actions.register_action(
        "gallery.withdraw",
        _("Portrait retiré à la demande de la personne"),
        _("Portrait retiré à la demande de la personne"),
    )
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


@hooks.register("register_admin_urls")
def gallery_admin_urls():
    return [
        path(
            "portraits/<int:page_id>/retrait/",
            admin_views.WithdrawPortraitView.as_view(),
            name="gallery_withdraw_portrait",
        ),
        path(
            "portraits/import/",
            ImportPortraitsView.as_view(),
            name="gallery_import_portraits",
        ),
        path("apercus/<str:name>", admin_views.private_rendition, name="gallery_private_rendition"),
        path("rapports/liens-courts/", ShortLinkReportView.as_view(), name="gallery_short_links"),
        path(
            "rapports/liens-courts/resultats/",
            ShortLinkReportView.as_view(results_only=True),
            name="gallery_short_links_results",
        ),
        # Before Wagtail's own view at the same address (this app comes first).
        path(
            "translation/submit/page/<int:page_id>/",
            admin_views.TranslatePageView.as_view(),
            name="gallery_translate_page",
        ),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(IMPORT_PERMISSION)


@hooks.register("register_admin_menu_item")
def import_menu_item():
    return ImportMenuItem(
        _("Importer des portraits"),
        reverse("gallery_import_portraits"),
        icon_name="upload",
        order=230,
    )


@hooks.register("register_reports_menu_item")
def short_links_report_menu_item():
    return ShortLinkReportMenuItem(
        _("Liens courts et codes QR"),
        reverse("gallery_short_links"),
        name="short-links",
        icon_name="link",
        order=800,
    )


class WithdrawButton(PageMenuItem):
    label = _("Retirer (retrait du consentement)")
    icon_name = "warning"
    priority = 35

    @property
    def url(self):
        return reverse("gallery_withdraw_portrait", args=[self.page.pk])

    def is_shown(self, user):
        return isinstance(self.page.specific_deferred, PortraitPage) and user.has_perm(
            admin_views.WITHDRAW_PERMISSION
        )


@hooks.register("register_page_listing_more_buttons")
def withdraw_in_listings(page, user, next_url=None):
    yield WithdrawButton(page=page)


@hooks.register("register_page_header_buttons")
def withdraw_in_page_header(page, user, view_name, next_url=None):
    yield WithdrawButton(page=page)


@hooks.register("register_admin_viewset")
def register_portrait_listing():
    return PortraitViewSet()


@hooks.register("construct_homepage_panels")
def add_consents_ending_panel(request, panels):
    if request.user.has_perm("gallery.view_consent"):
        panels.append(ConsentsEndingPanel())


@hooks.register("before_copy_page")
def refuse_copying_portraits(request, page):
    """A copy or an alias of a portrait would duplicate a person's data outside their consent
    (and out of reach of a withdrawal): portraits are never copied, alone or with their
    exhibition. Translations go through "Traduire", which keeps the person's consent."""
    if PortraitPage.objects.descendant_of(page, inclusive=True).exists():
        messages.error(
            request,
            _(
                "Un portrait ne se copie pas : ses données suivent le consentement de la personne. "
                "Créez un nouveau portrait, ou traduisez celui-ci."
            ),
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)


# Publishing in bulk: the portraits whose consent refuses it are named, and none is published.
hooks.register("before_bulk_action", refuse_bulk_publication)


# Second factor (gallery/admin_second_factor.py) ---------------------------------------------


@hooks.register("register_admin_urls")
def second_factor_urls():
    return [
        path("second-facteur/", admin_second_factor.verify, name="second_factor_verify"),
        path("second-facteur/activer/", admin_second_factor.set_up, name="second_factor_set_up"),
        path(
            "second-facteur/reinitialiser/<int:user_id>/",
            admin_second_factor.reset,
            name="second_factor_reset",
        ),
    ]


@hooks.register("register_account_menu_item")
def second_factor_in_account(request):
    if admin_second_factor.confirmed_device(request.user):
        return None
    return {
        "url": reverse("second_factor_set_up"),
        "label": _("Activer le second facteur"),
        "help_text": _("Un code à usage unique en plus du mot de passe, à chaque connexion."),
    }


@hooks.register("register_user_listing_buttons")
def second_factor_reset_button(user, request_user):
    if request_user.is_superuser:
        yield Button(
            _("Réinitialiser le second facteur"),
            reverse("second_factor_reset", args=[user.pk]),
            priority=50,
        )
