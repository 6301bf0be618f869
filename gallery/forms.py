"""The portrait editor's form: before anything can go public, it asks the consent rules."""

from types import SimpleNamespace

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from .models.consent import (
    ORIGIN_DETAILS,
    PUBLIC_TEXT_FIELDS,
    consent_of,
    full_name_in,
    full_name_message,
    may_show_origin,
    problems,
    public_texts,
)


class PortraitPageForm(WagtailAdminPageForm):
    """Publishing, scheduling, submitting or resubmitting for review, and approving all need
    a consent that covers what the page shows, and no trace of the full name in it. Only a
    draft may be incomplete."""

    # Editor actions that keep the page where it is: saving a draft, leaving a workflow,
    # asking for changes.
    NOT_PUBLISHING = {"action-cancel-workflow"}
    NOT_PUBLISHING_WORKFLOW_ACTIONS = {"reject"}

    def clean(self):
        cleaned_data = super().clean()
        if not self._may_go_public():
            return cleaned_data
        # This version as submitted (the formsets hold its dated journey).
        version = SimpleNamespace(
            pk=self.instance.pk,
            photo_id=cleaned_data.get("photo") and cleaned_data["photo"].pk,
            name_is_pseudonym=cleaned_data.get("name_is_pseudonym"),
            display_name=cleaned_data.get("display_name", ""),
            **{name: cleaned_data.get(name) for name in ORIGIN_DETAILS},
        )
        consent = consent_of(self.instance)
        for problem in problems(version, consent, texts=()):
            self.add_error(None, problem)
        if consent is None:
            return cleaned_data
        if not may_show_origin(version, consent):
            for name in ORIGIN_DETAILS:
                if cleaned_data.get(name):
                    self.add_error(
                        name,
                        _("La personne n'a pas accepté de montrer son origine : videz ce champ."),
                    )
        texts = public_texts(
            {name: cleaned_data.get(name) for name in PUBLIC_TEXT_FIELDS},
            self._milestones(),
            self._meta.model._meta,
        )
        for text in full_name_in(texts, consent, version):
            self.add_error(text.field, full_name_message(text.label))
        return cleaned_data

    def _may_go_public(self):
        actions = {key for key in self.data if key.startswith("action-")} - self.NOT_PUBLISHING
        if "action-workflow-action" in actions:
            name = self.data.get("workflow-action-name")
            if name in self.NOT_PUBLISHING_WORKFLOW_ACTIONS:
                actions.discard("action-workflow-action")
        return bool(actions)

    def _milestones(self):
        formset = self.formsets.get("journey")
        if formset is None:
            return []
        return [
            form.cleaned_data.get("text", "")
            for form in formset.forms
            if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
