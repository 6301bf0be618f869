"""The admin's report of short links (Rapports → Liens courts et codes QR): each link with its
page and how often its QR code was scanned, over the last 30 days and in all, for curators and
reviewers. Scans are counts per day: nothing says who scanned."""

import datetime

from django.conf import settings
from django.db.models import Q, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from .models import ShortLink

RECENT_DAYS = 30
RECENT_LABEL = _("Scans, 30 derniers jours")
LANGUAGE_CODE = settings.LANGUAGE_CODE
permission_policy = ModelPermissionPolicy(ShortLink)


class ShortLinkReportView(ReportView):
    page_title = _("Liens courts et codes QR")
    header_icon = "link"
    index_url_name = "gallery_short_links"
    index_results_url_name = "gallery_short_links_results"
    permission_policy = permission_policy
    any_permission_required = ["view"]
    paginate_by = 50
    columns = [
        TitleColumn(
            "page_title",
            label=_("Page"),
            get_url=lambda link: link.edit_url,
        ),
        Column("short_url", label=_("Lien court"), accessor="get_absolute_url"),
        Column("page_status", label=_("État")),
        Column("recent", label=RECENT_LABEL),
        Column("total", label=_("Scans depuis la création")),
    ]
    list_export = ["page_title", "code", "page_status", "recent", "total"]
    export_headings = {
        "page_title": _("Page"),
        "code": _("Code"),
        "page_status": _("État"),
        "recent": RECENT_LABEL,
        "total": _("Scans depuis la création"),
    }

    def get_queryset(self):
        since = timezone.localdate() - datetime.timedelta(days=RECENT_DAYS - 1)
        return (
            ShortLink.objects.annotate(
                recent=Coalesce(Sum("scans__scans", filter=Q(scans__day__gte=since)), Value(0)),
                total=Coalesce(Sum("scans__scans"), Value(0)),
            )
            .select_related("page_type")
            .order_by("-recent", "-total", "-created_at")
        )

    def decorate_paginated_queryset(self, links):
        """Each link's page, in the default language where it has one, and whether the
        public may see it (what the link answers). A query for the pages and one per page
        type, whatever the number of links."""
        keys = [link.translation_key for link in links]
        pages = {}
        for page in Page.objects.filter(translation_key__in=keys).select_related("locale"):
            if page.translation_key not in pages or page.locale.language_code == LANGUAGE_CODE:
                pages[page.translation_key] = page
        visible = set()
        for page_type in {link.page_type for link in links}:
            model = page_type.model_class()
            if model is not None:
                found = model.objects.visible().filter(translation_key__in=keys)
                visible |= set(found.values_list("translation_key", flat=True))
        for link in links:
            page = pages.get(link.translation_key)
            link.page_title = page.get_admin_display_title() if page else gettext("Page supprimée")
            link.edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk]) if page else None
            if link.translation_key in visible:
                link.page_status = gettext("visible : le lien ouvre la page")
            else:
                link.page_status = gettext("non visible : le lien répond « page introuvable »")
        return links


class ShortLinkReportMenuItem(MenuItem):
    def is_shown(self, request):
        return permission_policy.user_has_permission(request.user, "view")
