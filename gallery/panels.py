"""Editor panels: the portrait editor shows its consent at a glance."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from .models.consent import consent_of, problems, status


class ConsentPanel(Panel):
    """Read-only: whether consent allows publishing this portrait, and what is missing.

    The consent itself is edited apart from the page, so it never enters page revisions.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("Consentement"))
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "gallery/admin/consent_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            consent = consent_of(page)
            context.update(
                consent=consent,
                status=status(page, consent) if consent else None,
                problems=problems(page, consent) if page.pk else [],
                add_url=(
                    reverse("consents:add") + f"?portrait={page.pk}"
                    if page.pk and not consent
                    else ""
                ),
                edit_url=reverse("consents:edit", args=[consent.pk]) if consent else "",
            )
            return context
