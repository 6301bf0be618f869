"""The image upload form: only complete, ordinary images get in (settings point Wagtail here)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .image_files import without_metadata


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
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            # Wagtail builds the field itself; only its reading of broken files changes.
            self.fields["file"].__class__ = CompleteImageField

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and not getattr(uploaded, "_committed", False):
            try:
                without_metadata(uploaded)  # decodes every pixel; raises with the reason
            finally:
                uploaded.seek(0)
        return uploaded
