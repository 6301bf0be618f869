"""The image upload form: only complete, ordinary images get in (settings point Wagtail here)."""

from wagtail.images.forms import BaseImageForm

from .image_files import without_metadata


class ExhibitionImageForm(BaseImageForm):
    """Refuses, with a clear message and before anything is stored, a file that is not a
    complete image in an accepted format (a renamed document, a truncated file…)."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and not getattr(uploaded, "_committed", False):
            try:
                without_metadata(uploaded)  # raises ValidationError with the reason
            finally:
                uploaded.seek(0)
        return uploaded
