"""The portraits' listing in the admin: photo, stage and consent status, filterable."""

import django_filters
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.views.pages.usage import ContentTypeUseView
from wagtail.admin.viewsets.pages import PageViewSet

from .models import Consent, NaturalisationStage, PortraitPage
from .models.consent import ENDING_SOON_DAYS, Status, status_expression


def with_consent_status(pages):
    """Pages (of any type) with their consent status as `consent_status`, in the listing's
    own query: portraits get theirs, other pages None."""
    status = PortraitPage.objects.filter(pk=OuterRef("pk")).annotate(s=status_expression())
    return pages.annotate(consent_status=Subquery(status.values("s")[:1]))


class PortraitFilterSet(PageViewSet.filterset_class):
    stage = django_filters.ModelChoiceFilter(
        label=_("Étape"), queryset=NaturalisationStage.objects.all()
    )
    consent = django_filters.ChoiceFilter(
        label=_("Consentement"),
        choices=Status.choices,
        method="filter_consent",
        empty_label=_("Tous"),
    )

    class Meta:
        model = PortraitPage
        fields = []

    def filter_consent(self, queryset, name, value):
        if not value:
            return queryset
        return with_consent_status(queryset).filter(consent_status=Status(value))


class PhotoColumn(Column):
    cell_template_name = "gallery/admin/photo_cell.html"


class PortraitRowsMixin:
    """What each row shows (photo, stage, consent status) comes with the listing's queries,
    not with a query per row."""

    def annotate_queryset(self, pages):
        pages = with_consent_status(super().annotate_queryset(pages))
        # Prefetched, not joined: Wagtail fetches each row's specific page after the join.
        return pages.prefetch_related("stage", "photo__renditions")


class PortraitExplorerView(PortraitRowsMixin, ExplorableIndexView):
    pass


class PortraitIndexView(PortraitRowsMixin, ContentTypeUseView):
    pass


class PortraitViewSet(PageViewSet):
    """Used for the exhibition's children in the page explorer, and the flat portrait list."""

    model = PortraitPage
    index_view_class = PortraitExplorerView
    content_type_use_view_class = PortraitIndexView
    columns = [
        PhotoColumn("photo", label=_("Photo"), width="6rem"),
        *(column for column in PageViewSet.columns if column.name != "type"),
        Column("stage", label=_("Étape"), sort_key="stage__position"),
        Column("consent_status", label=_("Consentement"), accessor="consent_status_label"),
    ]
    filterset_class = PortraitFilterSet


class ConsentsEndingPanel(Component):
    """On the dashboard: the consents that end within 30 days, and those that have ended
    while their portrait still exists."""

    name = "consents_ending"
    order = 50
    template_name = "gallery/admin/consents_ending_panel.html"

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        consents = Consent.objects.select_related("portrait").order_by("valid_until")
        return {
            "ending": consents.ending_within(today=today),
            "ended": consents.ended(today=today),
            "days": ENDING_SOON_DAYS,
        }
