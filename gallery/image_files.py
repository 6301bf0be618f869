"""Making an uploaded photo safe to publish.

A photo's metadata (EXIF, GPS, XMP, IPTC, comments) can tell where a person lives or who took
the picture: it never reaches storage. The pixels are turned upright first (EXIF orientation),
then written again without any metadata. The file name is replaced too, since it often carries
the person's name.
"""

import io
import os
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

# Pillow format name -> (extension, save options). Only formats the site accepts.
FORMATS = {
    "JPEG": ("jpg", {"optimize": True}),
    "PNG": ("png", {"optimize": True}),
    "WEBP": ("webp", {"quality": 90}),
    "AVIF": ("avif", {"quality": 90}),
}


FORMAT_BY_EXTENSION = {extension: name for name, (extension, _) in FORMATS.items()}


def anonymous_name(extension):
    return f"{uuid.uuid4().hex}.{extension}"


def without_metadata(uploaded):
    """A copy of the uploaded image with upright pixels, no metadata and a random name.

    Raises ValidationError, with a message for the curator, when the file is not a complete
    image in an accepted format.
    """
    uploaded.seek(0)
    try:
        with Image.open(uploaded) as image:
            image.load()  # decodes every pixel: a truncated file fails here, not later
            return _rewrite(image)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("Ce fichier n'est pas une image lisible (%(error)s).") % {"error": error}
        ) from error


def _rewrite(image):
    if image.format not in FORMATS:
        raise ValidationError(
            _("Format d'image non accepté : %(format)s. Utilisez JPEG, PNG, WebP ou AVIF.")
            % {"format": image.format}
        )
    extension, options = FORMATS[image.format]
    options = dict(options)
    icc_profile = image.info.get("icc_profile")  # colours, not people: kept
    upright = image.getexif().get(ExifTags.Base.Orientation, 1) == 1
    if image.format == "JPEG":
        # Already upright: reuse the original quantisation, so the pixels lose nothing.
        options |= {"quality": "keep", "subsampling": "keep"} if upright else {"quality": 92}
    if not upright:
        image = ImageOps.exif_transpose(image)
    if image.mode == "P" and "transparency" in image.info:
        options["transparency"] = image.info["transparency"]
    if icc_profile:
        options["icc_profile"] = icc_profile
    image_format = FORMAT_BY_EXTENSION[extension]
    # Pillow writes back some of `info` (comments, XMP) unless told otherwise: empty it.
    image.info = {}
    output = io.BytesIO()
    image.save(output, format=image_format, **options)
    return ContentFile(output.getvalue(), name=anonymous_name(extension))


def is_anonymous(name):
    stem = os.path.splitext(os.path.basename(name))[0]
    return len(stem) == 32 and all(c in "0123456789abcdef" for c in stem)
