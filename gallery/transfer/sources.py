"""Where an import finds its photos: a folder (the command) or a ZIP (the admin).

Both answer `read(name)`: the photo's bytes, None if there is no such file, or a
ValidationError with a message for curators. Messages never show Python's own words.
"""

import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_ZIP_FILES = 2000


class TransferError(Exception):
    """The import cannot even start (an unreadable file, a missing folder…); its message is
    for curators."""


class PhotoFolder:
    """Photos in a folder on the server, looked up by file name."""

    def __init__(self, path):
        self.path = Path(path)

    def check(self):
        if not self.path.is_dir():
            raise TransferError(
                _("Le dossier de photos « %(path)s » n'existe pas.") % {"path": self.path}
            )

    def read(self, name):
        candidate = self.path / name
        if not candidate.is_file():
            return None
        if candidate.stat().st_size > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE:
            raise ValidationError(_("Cette photo est trop grosse."))
        return candidate.read_bytes()


class PhotoZip:
    """Photos inside a ZIP file, looked up by file name (whatever its folder in the ZIP);
    never extracted to disk."""

    def __init__(self, file):
        self.file = file
        self.members = None

    def check(self):
        """Opens the ZIP; raises TransferError if it is not one or is ambiguous."""
        try:
            archive = zipfile.ZipFile(self.file)
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise TransferError(
                _("Le fichier de photos n'est pas un fichier ZIP lisible.")
            ) from error
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > MAX_ZIP_FILES:
            raise TransferError(_("Le fichier ZIP contient trop de fichiers."))
        self.members = {}
        for member in members:
            name = Path(member.filename).name
            if name in self.members:  # which one is meant? Never guess with people's photos.
                raise TransferError(
                    _("Le fichier ZIP contient deux photos nommées « %(name)s ».") % {"name": name}
                )
            self.members[name] = member
        self.zip = archive

    def read(self, name):
        if self.members is None:
            self.check()
        member = self.members.get(name)
        if member is None:
            return None
        limit = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
        if member.file_size > limit:
            raise ValidationError(_("Cette photo est trop grosse."))
        # What zipfile raises for a member it cannot give back: a corrupt entry (BadZipFile,
        # OSError, EOFError), an encrypted one (RuntimeError) or an unsupported compression
        # method such as Deflate64 (NotImplementedError).
        try:
            with self.zip.open(member) as opened:  # read no more than the limit: zip bombs
                data = opened.read(limit + 1)
        except RuntimeError as error:
            raise ValidationError(
                _("Cette photo ne peut pas être lue dans le ZIP : elle est chiffrée.")
            ) from error
        except NotImplementedError as error:
            raise ValidationError(
                _(
                    "Cette photo ne peut pas être lue dans le ZIP : sa méthode de compression "
                    "n'est pas prise en charge. Recréez le ZIP avec la compression standard."
                )
            ) from error
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise ValidationError(
                _("Cette photo ne peut pas être lue dans le ZIP : le fichier est abîmé.")
            ) from error
        if len(data) > limit:
            raise ValidationError(_("Cette photo est trop grosse."))
        return data
