"""The portrait editor's form: it knows what consent requires."""

from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from .consent import ORIGIN_DETAILS, consent_problems, shown_scopes


class PortraitPageForm(WagtailAdminPageForm):
    """Publishing, scheduling or submitting for review needs consent for what the page shows."""

    PUBLISHING_ACTIONS = ("action-publish", "action-submit")

    def clean(self):
        cleaned_data = super().clean()
        if not any(action in self.data for action in self.PUBLISHING_ACTIONS):
            return cleaned_data  # a draft may be incomplete
        details = [name for name in ORIGIN_DETAILS if cleaned_data.get(name)]
        shown = shown_scopes(
            photo=cleaned_data.get("photo"),
            pseudonym=cleaned_data.get("name_is_pseudonym"),
            details=details,
        )
        consent = self.instance.get_consent()
        for problem in consent_problems(consent, shown):
            self.add_error(None, problem)
        if consent and not consent.covers_origin:
            for name in details:
                self.add_error(
                    name, _("La personne n'a pas accepté de montrer son origine : videz ce champ.")
                )
        if consent and consent.full_name:
            self._refuse_full_name(consent.full_name, cleaned_data)
        return cleaned_data

    def _refuse_full_name(self, full_name, cleaned_data):
        """The full name is private: it must not slip into anything the page shows."""
        wanted = " ".join(full_name.casefold().split())
        for name in ("title", "display_name", "quote", "testimony_note", "slug"):
            value = str(cleaned_data.get(name) or "")
            if name == "slug":
                found = slugify(full_name) in value
            else:
                found = wanted in " ".join(value.casefold().split())
            if found:
                self.add_error(name, _("Le nom complet de la personne ne doit jamais être public."))
