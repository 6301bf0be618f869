"""The portraits' listing in the admin: photo, stage and consent status, filterable."""

import datetime

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.pages import PageViewSet

from .consent import ENDING_SOON_DAYS, ORIGIN_DETAILS, Status
from .models import Consent, NaturalisationStage, PortraitPage


def consent_status_q(status):
    """Portraits whose consent (shared by translations) is in `status`, as a filter: the same
    statuses as PortraitPage.consent_status_label, in SQL."""
    today = timezone.localdate()
    consents = Consent.objects.filter(portrait__translation_key=OuterRef("translation_key"))
    current = consents.exclude(valid_until__lt=today)
    # What the page shows that its consent leaves out (gallery.consent.shown_scopes), or a
    # signature date still to come (gallery.consent.consent_problems).
    shows_origin = Q()
    for name in ORIGIN_DETAILS:
        if PortraitPage._meta.get_field(name).null:
            shows_origin |= Q(**{f"{name}__isnull": False})
        else:
            shows_origin |= ~Q(**{name: ""})
    incomplete = (
        Exists(current.filter(Q(signed_on__gt=today) | Q(covers_testimony=False)))
        | Exists(current.filter(covers_stage=False))
        | (Q(photo__isnull=False) & Exists(current.filter(covers_photo=False)))
        | (Q(name_is_pseudonym=False) & Exists(current.filter(covers_name=False)))
        | (shows_origin & Exists(current.filter(covers_origin=False)))
    )
    ending_soon = today + datetime.timedelta(days=ENDING_SOON_DAYS)
    return {
        Status.MISSING: ~Exists(consents),
        Status.ENDED: Exists(consents.ended(today)),
        Status.INCOMPLETE: incomplete,
        Status.ENDING: Exists(consents.ending_within(today)) & ~incomplete,
        Status.VALID: Exists(current.exclude(valid_until__lt=ending_soon)) & ~incomplete,
    }[status]


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
        return queryset.filter(consent_status_q(Status(value))) if value else queryset


class PhotoColumn(Column):
    cell_template_name = "gallery/admin/photo_cell.html"


class PortraitViewSet(PageViewSet):
    """Used for the exhibition's children in the page explorer, and the flat portrait list."""

    model = PortraitPage
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
