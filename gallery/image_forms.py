"""The image form (settings point Wagtail here): only complete, ordinary images get in; what
the public sees of a published image changes only with review; no text of an image names a
person whose portrait shows it."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .image_files import without_metadata
from .image_permissions import PUBLIC_FIELDS, pages_needing_review, review_message
from .models import PortraitPage
from .models.consent import FullName, consent_of, public_name
from .renditions import live_pages_showing
from .uploads import neutral_title


def names_a_person(image, text):
    """Whether `text` gives away the full name of someone whose published portrait shows
    `image` (drafts are checked when they are published)."""
    for page in live_pages_showing([image.pk]):
        consent = consent_of(page) if isinstance(page, PortraitPage) else None
        if consent and FullName(consent.full_name, public_name(page)).found_in(text):
            return True
    return False


class CompleteImageField(WagtailImageField):
    """Wagtail's image field, for which a damaged file is an error message, not a crash."""

    def to_python(self, data):
        try:
            return super().to_python(data)
        except (OSError, SyntaxError) as error:  # raised by Pillow reading a broken header
            raise ValidationError(
                _("Ce fichier est endommagé ou incomplet (%(error)s).") % {"error": error},
                code="invalid_image",
            ) from error


class ExhibitionImageForm(BaseImageForm):
    """Refuses, with a clear message and before anything is stored, a file that is not a
    complete image in an accepted format (a renamed document, a truncated file…)."""

    def __init__(self, *args, **kwargs):
        self.user = kwargs.get("user")
        super().__init__(*args, **kwargs)
        if "title" in self.fields and self.instance.pk is None and self.instance.title:
            self.initial["title"] = neutral_title(self.instance.title)  # the uploader's file name
        if "file" in self.fields:
            # Wagtail builds the field itself; only its reading of broken files changes.
            self.fields["file"].__class__ = CompleteImageField

    def clean_title(self):
        uploaded = self.files.get(self.add_prefix("file"))
        return neutral_title(self.cleaned_data["title"], getattr(uploaded, "name", ""))

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and not getattr(uploaded, "_committed", False):
            try:
                without_metadata(uploaded)  # decodes every pixel; raises with the reason
            finally:
                uploaded.seek(0)
        return uploaded

    def clean(self):
        cleaned_data = super().clean()
        changed = [name for name in PUBLIC_FIELDS if name in self.changed_data]
        if changed and (pages := pages_needing_review(self.user, self.instance)):
            self.add_error(None, review_message(pages))
        for name in ("alt_text", "credit"):
            text = cleaned_data.get(name) or ""
            if (
                name in self.changed_data
                and self.instance.pk
                and names_a_person(self.instance, text)
            ):
                self.add_error(
                    name,
                    _(
                        "Contient tout ou partie du nom complet d'une personne dont le portrait "
                        "montre cette image : ce nom reste privé."
                    ),
                )
        return cleaned_data
