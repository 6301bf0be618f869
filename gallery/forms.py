"""The portrait editor's form: it knows what consent requires."""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from .consent import consent_problems, shown_scopes


class PortraitPageForm(WagtailAdminPageForm):
    """Publishing, scheduling or submitting for review needs consent for what the page shows."""

    PUBLISHING_ACTIONS = ("action-publish", "action-submit")

    def clean(self):
        cleaned_data = super().clean()
        if not any(action in self.data for action in self.PUBLISHING_ACTIONS):
            return cleaned_data  # a draft may be incomplete
        shown = shown_scopes(
            photo=cleaned_data.get("photo"),
            pseudonym=cleaned_data.get("name_is_pseudonym"),
            country=cleaned_data.get("country_of_origin"),
        )
        consent = self.instance.get_consent()
        for problem in consent_problems(consent, shown):
            self.add_error(None, problem)
        if consent and cleaned_data.get("country_of_origin") and not consent.covers_origin:
            self.add_error(
                "country_of_origin",
                _("La personne n'a pas accepté de montrer son pays d'origine : videz ce champ."),
            )
        return cleaned_data
