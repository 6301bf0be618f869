"""Making an uploaded photo safe to publish.

A photo's metadata (EXIF, GPS, XMP, IPTC, comments) can tell where a person lives or who took
the picture: it never reaches storage. JPEG and PNG files lose their metadata segments without
their pixels being touched (so importing the same photo twice gives the same file); a photo
that must be turned upright first, and WebP or AVIF files, are encoded again without any.
A colour profile is metadata too (its description and copyright are free text, and have held
a person's name): a photo carrying one has its colours converted to sRGB, the web's default,
and is encoded again without it. Only what draws the image is kept.
The file name is replaced too, since it often carries the person's name.
"""

import io
import os
import struct
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageCms, ImageOps, UnidentifiedImageError

# Pillow format name -> (extension, options when encoding again).
FORMATS = {
    "JPEG": ("jpg", {"quality": 92, "optimize": True}),
    "PNG": ("png", {"optimize": True}),
    "WEBP": ("webp", {"quality": 90}),
    "AVIF": ("avif", {"quality": 90}),
    "MPO": ("jpg", {"quality": 92, "optimize": True}),  # phones' multi-picture JPEG
}

# JPEG markers (ITU T.81).
JPEG_APP0, JPEG_APP14, JPEG_APP15 = 0xE0, 0xEE, 0xEF
JPEG_COMMENT, JPEG_SCAN, JPEG_END = 0xFE, 0xDA, 0xD9
JPEG_RESTART_FIRST, JPEG_RESTART_LAST = 0xD0, 0xD7
# PNG chunks kept: what draws the image and its colours. Anything else (text, EXIF, time,
# private chunks) goes.
PNG_KEPT_CHUNKS = {
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"sBIT",
}  # fmt: skip
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# What Pillow reads out of a file that would tell about it beyond its pixels.
SENSITIVE_INFO = {
    "exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "iptc", "dpi_exif", "icc_profile",
}  # fmt: skip


def anonymous_name(extension):
    return f"{uuid.uuid4().hex}.{extension}"


def is_anonymous(name):
    stem = os.path.splitext(os.path.basename(name))[0]
    return len(stem) == 32 and all(c in "0123456789abcdef" for c in stem)


def without_metadata(uploaded):
    """A copy of the uploaded image with upright pixels, no metadata and a random name.

    Raises ValidationError, with a message for the curator, when the file is not a complete
    image in an accepted format.
    """
    uploaded.seek(0)
    data = uploaded.read()
    try:
        with Image.open(io.BytesIO(data)) as image:
            pixels = image.width * image.height
            if pixels > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("Cette image a trop de pixels (%(pixels)s ; au plus %(max)s).")
                    % {"pixels": pixels, "max": settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS}
                )
            image.load()  # decodes every pixel: a truncated file fails here, not later
            if image.format not in FORMATS:
                raise ValidationError(
                    _("Format d'image non accepté : %(format)s. Utilisez JPEG, PNG, WebP ou AVIF.")
                    % {"format": image.format}
                )
            extension = FORMATS[image.format][0]
            upright = image.getexif().get(ExifTags.Base.Orientation, 1) == 1
            profile = image.info.get("icc_profile")
            strip = {"JPEG": _strip_jpeg, "PNG": _strip_png}.get(image.format)
            clean = _stripped(strip, data) if upright and strip and not profile else None
            if clean is None:
                clean = _encode_again(image)
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        OSError,
        SyntaxError,
        ValueError,
        struct.error,
    ) as error:
        # Pillow's own words name Python objects (« <_io.BytesIO object at 0x…> »): not for
        # curators.
        raise ValidationError(
            _("Ce fichier n'est pas une image lisible, ou il est incomplet.")
        ) from error
    result = ContentFile(clean, name=anonymous_name(extension))
    result.metadata_removed = True  # saving it must not clean it a second time
    return result


def _stripped(strip, data):
    """The file without its metadata segments, if it still decodes to the same image."""
    try:
        clean = strip(data)
        with Image.open(io.BytesIO(clean)) as check, Image.open(io.BytesIO(data)) as original:
            check.load()
            if check.size == original.size and not check.info.keys() & SENSITIVE_INFO:
                return clean
    except (OSError, ValueError, IndexError, struct.error):
        pass
    return None  # an unusual file: encode it again instead


def _strip_jpeg(data):
    """The JPEG without its APP1–APP15 segments (but Adobe's colour transform, which draws
    the pixels), its comments, and anything after its end (phone makers' trailers)."""
    output = bytearray(data[:2])  # start of image
    position = 2
    while True:
        if data[position] != 0xFF:
            raise ValueError("JPEG marker expected")
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == JPEG_END:
            return bytes(output + b"\xff\xd9")
        if JPEG_RESTART_FIRST <= marker <= JPEG_RESTART_LAST:
            output += data[position : position + 2]
            position += 2
            continue
        length = struct.unpack(">H", data[position + 2 : position + 4])[0]
        segment = data[position : position + 2 + length]
        keep = _keep_jpeg_segment(marker, segment)
        if keep is None:
            output += _jfif_header(segment)
        elif keep:
            output += segment
        position += 2 + length
        if marker == JPEG_SCAN:  # compressed pixels, up to the next true marker
            start = position
            while True:
                position = data.index(b"\xff", position)
                follower = data[position + 1]
                if follower == 0 or JPEG_RESTART_FIRST <= follower <= JPEG_RESTART_LAST:
                    position += 2
                    continue
                break
            output += data[start:position]


def _keep_jpeg_segment(marker, segment):
    if marker == JPEG_COMMENT:
        return False
    if marker == JPEG_APP0:
        return None  # rewritten by _jfif_header
    if not JPEG_APP0 < marker <= JPEG_APP15:
        return True  # tables, frame, scan header…
    identifier = segment[4:16]
    return marker == JPEG_APP14 and identifier.startswith(b"Adobe")


def _jfif_header(segment):
    """A JFIF header keeps its version and pixel density but loses its thumbnail (pixels of
    the picture before any retouching); any other APP0 (JFXX thumbnails) goes."""
    if segment[4:9] != b"JFIF\x00" or len(segment) < 18:
        return b""
    body = segment[4:16] + b"\x00\x00"  # identifier, version, units, densities; no thumbnail
    return b"\xff\xe0" + struct.pack(">H", len(body) + 2) + body


def _strip_png(data):
    """The PNG with only the chunks that draw it."""
    output = bytearray(PNG_SIGNATURE)
    position = len(PNG_SIGNATURE)
    while position < len(data):
        length = struct.unpack(">I", data[position : position + 4])[0]
        kind = data[position + 4 : position + 8]
        chunk = data[position : position + 12 + length]
        if kind in PNG_KEPT_CHUNKS:
            output += chunk
        position += 12 + length
        if kind == b"IEND":
            break
    return bytes(output)


def _encode_again(image):
    """Turned upright, in sRGB, and encoded afresh: only the pixels survive."""
    image_format = "JPEG" if image.format == "MPO" else image.format
    options = dict(FORMATS[image_format][1])
    profile = image.info.get("icc_profile")
    if image.mode == "P" and "transparency" in image.info and not profile:
        options["transparency"] = image.info["transparency"]
    upright = ImageOps.exif_transpose(image)
    if profile:
        upright = _in_srgb(upright, profile)
    upright.info = {}  # Pillow writes back some of `info` (comments, XMP) unless emptied
    output = io.BytesIO()
    upright.save(output, format=image_format, **options)
    return output.getvalue()


def _in_srgb(image, profile):
    """The pixels converted from their embedded colour profile to sRGB."""
    mode = "RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB"
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        if image.mode == "P":
            image = image.convert(mode)
        return ImageCms.profileToProfile(image, source, SRGB, outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image.convert(mode)  # an unreadable profile: the colours as they are


SRGB = ImageCms.createProfile("sRGB")
