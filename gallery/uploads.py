"""Files Wagtail's multiple uploader keeps while it asks for an image's required fields.

"Add images" stores each file first (as an UploadedFile, in `wagtail_uploads/`) and asks for
the alt text after. Such a file is a person's photo like any other: it is stripped of its
metadata and renamed before it is stored, readable by the server's user alone, and deleted
when abandoned. A file's original name never becomes an image's title either.
"""

import contextlib
import datetime
import os
import re

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail.models import UploadedFile

from .image_files import without_metadata

ABANDONED_AFTER = datetime.timedelta(hours=24)
# A title that is a file name, as Wagtail's uploader fills it in.
FILE_NAME = re.compile(r".+\.(jpe?g|png|webp|avif|gif|heic|heif|tiff?|bmp)", re.IGNORECASE)


def strip_before_storing(sender, instance, **kwargs):
    """pre_save of UploadedFile: the stored file has no metadata and a random name."""
    if instance.file and not instance.file._committed:
        instance.file = without_metadata(instance.file)


def after_storing(sender, instance, created, **kwargs):
    """post_save of UploadedFile: closed to other users of the server, and old ones swept."""
    if instance.file:
        with contextlib.suppress(NotImplementedError):  # object storage: its own access rules
            os.chmod(instance.file.path, 0o600)
    if created:
        sweep_abandoned()


def discard_pending_uploads():
    """Delete every upload still waiting for its form (a withdrawal cannot tell whose)."""
    return sweep_abandoned(older_than=datetime.timedelta(0))


def sweep_abandoned(now=None, older_than=ABANDONED_AFTER):
    """Delete the uploads nobody finished within `older_than`; returns how many."""
    now = now or timezone.now()
    swept = 0
    for upload in UploadedFile.objects.all():
        storage, name = upload.file.storage, upload.file.name
        try:
            abandoned = now - storage.get_modified_time(name) >= older_than
        except (FileNotFoundError, NotImplementedError):
            abandoned = True
        if abandoned:
            if name:
                storage.delete(name)
            upload.delete()
            swept += 1
    return swept


def neutral_title(title, file_name=""):
    """The title to keep: a neutral one instead of an uploaded file's name."""
    stem = os.path.splitext(os.path.basename(file_name))[0] if file_name else None
    if FILE_NAME.fullmatch(title.strip()) or (stem and title.strip() in (file_name, stem)):
        return _("Image ajoutée le %(date)s") % {
            "date": formats.date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT")
        }
    return title
