"""The exhibition's image model: every picture carries alt text, a credit and a licence."""

import os

from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition

from gallery import renditions
from gallery.image_files import anonymous_name, without_metadata


class Licence(models.TextChoices):
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("Tous droits réservés")
    CC_BY = "cc-by-4.0", "CC BY 4.0"
    CC_BY_SA = "cc-by-sa-4.0", "CC BY-SA 4.0"
    CC_BY_NC = "cc-by-nc-4.0", "CC BY-NC 4.0"
    CC_BY_NC_ND = "cc-by-nc-nd-4.0", "CC BY-NC-ND 4.0"
    CC0 = "cc0-1.0", _("CC0 (domaine public)")


# Each licence as the address that names it, for machines (schema.org `license`, IIIF `rights`,
# which accepts only Creative Commons and RightsStatements.org addresses, in http).
LICENCE_URIS = {
    Licence.ALL_RIGHTS_RESERVED: "http://rightsstatements.org/vocab/InC/1.0/",
    Licence.CC_BY: "http://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "http://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC_BY_NC: "http://creativecommons.org/licenses/by-nc/4.0/",
    Licence.CC_BY_NC_ND: "http://creativecommons.org/licenses/by-nc-nd/4.0/",
    Licence.CC0: "http://creativecommons.org/publicdomain/zero/1.0/",
}


class ExhibitionImage(AbstractImage):
    alt_text = models.CharField(
        _("texte alternatif"),
        max_length=255,
        help_text=_(
            "Décrit l'image pour les personnes qui ne la voient pas : ce qu'elle montre, "
            "pas « photo de »."
        ),
    )
    credit = models.CharField(
        _("crédit photographique"),
        max_length=255,
        blank=True,
        help_text=_("Nom de l'auteur ou de l'autrice de l'image, tel qu'il doit être cité."),
    )
    licence = models.CharField(
        _("licence"),
        max_length=32,
        choices=Licence.choices,
        default=Licence.ALL_RIGHTS_RESERVED,
    )

    admin_form_fields = (
        "title",
        "file",
        "alt_text",
        "credit",
        "licence",
        "collection",
        "tags",
        "focal_point_x",
        "focal_point_y",
        "focal_point_width",
        "focal_point_height",
    )

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    @classmethod
    def from_db(cls, db, field_names, values):
        image = super().from_db(db, field_names, values)
        image._stored_file_name = image.__dict__.get("file") and image.file.name
        return image

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:  # a new file, not yet in storage
            if not getattr(self.file.file, "metadata_removed", False):
                self.file = without_metadata(self.file)
            self._set_image_file_metadata()
        elif self.file and self.file.name != getattr(self, "_stored_file_name", None):
            # Already stored by someone else (Wagtail's multiple uploader): replaced by a copy
            # without metadata before this image is ever saved.
            self._replace_with_clean_copy()
        super().save(*args, **kwargs)
        self._stored_file_name = self.file.name

    def _replace_with_clean_copy(self):
        stored = self.file.name
        with self.file.storage.open(stored, "rb") as file:
            clean = without_metadata(ContentFile(file.read()))
        self.file.save(clean.name, clean, save=False)
        self.file.storage.delete(stored)
        self._set_image_file_metadata()

    def get_upload_to(self, filename):
        # Uploaded file names often carry the person's name: stored files never do.
        return super().get_upload_to(anonymous_name(os.path.splitext(filename)[1].lstrip(".")))

    def create_renditions(self, *filters):
        try:
            return super().create_renditions(*filters)
        finally:  # whether the public sees the image was remembered while making them
            self.__dict__.pop("_shown_publicly", None)

    def create_rendition(self, filter):
        try:
            return super().create_rendition(filter)
        finally:
            self.__dict__.pop("_shown_publicly", None)

    @property
    def default_alt_text(self):
        # Used by {% picture %} and {% srcset_image %} when no alt is given.
        return self.alt_text

    @property
    def credit_line(self):
        """« Crédit — licence », as printed under a picture."""
        parts = [self.credit, self.get_licence_display()]
        return " — ".join(part for part in parts if part)

    @property
    def licence_uri(self):
        return LICENCE_URIS[self.licence]


class ExhibitionRendition(AbstractRendition):
    """A rendition file is public or private (see gallery.renditions); private ones are
    served to signed-in staff by the admin."""

    image = models.ForeignKey(ExhibitionImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    def get_upload_to(self, filename):
        return renditions.upload_to(self, filename)

    @property
    def url(self):
        name = self.file.name
        if renditions.is_private(name):
            return reverse("gallery_private_rendition", args=[name.partition("/")[2]])
        return super().url
