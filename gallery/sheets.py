"""Printable class sheets: an A4 PDF made from a page's HTML template and the print stylesheet
(static/css/sheet.css) with WeasyPrint, tagged for accessibility (PDF/UA-1).

A sheet shows what the public page shows under the same consent, because it is rendered from
the page's own context (`page.get_context`, completed by gallery.views), plus what a sheet adds:
the date printed. Whether a sheet may exist, and what it may show, is the page's question (a
portrait's: visible and consent covering printing; a teacher pack's: visible, showing only the
portraits whose consent covers printing); this module only makes it. A sheet is a template
extending "gallery/sheets/base.html" and a route of its page type (Printable) that calls
`self.print_sheet(request, template, **context_kwargs)`.

WeasyPrint never fetches anything over the network: SheetFetcher serves our own static files
and public rendition files from storage, and refuses everything else (the image is then left
out, the sheet still made). Without WeasyPrint or its system libraries (pango), the site runs
and says so (unavailable_reason); the sheet answers 503.
"""

import functools
import hashlib
import importlib
import logging
import mimetypes
import posixpath
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from PIL import ImageFile
from wagtail.models import Locale

from infra import fragments

from .models.base import makes_sheets
from .renditions import PUBLIC_FOLDER

logger = logging.getLogger(__name__)

PDF_VARIANT = "pdf/ua-1"  # tagged, with its language and title: read aloud, reflowed
UNAVAILABLE_TEMPLATE = "gallery/sheets/unavailable.html"


# Whether this server can make sheets ---------------------------------------------------------


@functools.cache
def _weasyprint():
    """The weasyprint module, or the error that importing it raised (cached: a failed import is
    not tried again on every page). Imported here, not at the top: WeasyPrint loads pango when
    imported and raises OSError without it, and the site must run all the same."""
    truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    try:
        return importlib.import_module("weasyprint")
    except (ImportError, OSError) as error:
        logger.warning("Class sheets unavailable: WeasyPrint cannot be imported (%s)", error)
        return error
    finally:
        # WeasyPrint lets Pillow read truncated images, for the whole process: uploads must
        # still refuse a truncated photo (gallery/image_files.py).
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated


def unavailable_reason():
    """Why this server cannot make sheets, in the visitors' words, or None when it can."""
    if isinstance(_weasyprint(), Exception):
        return _(
            "le logiciel WeasyPrint ou les bibliothèques dont il a besoin (pango) n'y sont pas "
            "installés."
        )
    return None


# What WeasyPrint may read ----------------------------------------------------------------------


class Refused(ValueError):
    """An address a sheet may not read: anything but our own static files and public renditions."""


def local_file(url, base_url):
    """(bytes, mime type) of the static file or public rendition file at `url`: an address on
    this site (`base_url`, the site's root as the request saw it), or under MEDIA_URL when
    media are in object storage at another address; Refused otherwise. Read through the
    storage API, never with a network request of ours; never an original image or a private
    rendition."""
    address = urlsplit(url)
    if address.query or ".." in unquote(address.path).split("/"):
        raise Refused(url)
    path = posixpath.normpath(unquote(address.path))
    clean = f"{address.scheme}://{address.netloc}{path}"
    static = urljoin(base_url, settings.STATIC_URL)
    public_renditions = urljoin(base_url, settings.MEDIA_URL) + f"{PUBLIC_FOLDER}/"
    if clean.startswith(static):
        name = clean.removeprefix(static)
        found = finders.find(name)  # development and tests: the sources
        if found:
            with open(found, "rb") as file:
                content = file.read()
        elif staticfiles_storage.exists(name):  # production: the collected files
            with staticfiles_storage.open(name) as file:
                content = file.read()
        else:
            raise Refused(url)
    elif clean.startswith(public_renditions):
        name = f"{PUBLIC_FOLDER}/" + clean.removeprefix(public_renditions)
        if not default_storage.exists(name):
            raise Refused(url)
        with default_storage.open(name) as file:
            content = file.read()
    else:
        raise Refused(url)
    return content, mimetypes.guess_type(path)[0] or "application/octet-stream"


def sheet_fetcher(base_url):
    """A WeasyPrint URL fetcher that reads only local_file()."""
    urls = importlib.import_module("weasyprint.urls")

    class SheetFetcher(urls.URLFetcher):
        def fetch(self, url, headers=None):
            try:
                content, mime_type = local_file(url, base_url)
            except Refused:
                logger.warning("Class sheet: refused to fetch %s", url[:200])
                raise
            return urls.URLFetcherResponse(url, content, {"Content-Type": mime_type})

    return SheetFetcher()


def render_pdf(html, base_url):
    """The PDF of `html` (a whole document, its language and title set), as bytes."""
    weasyprint = _weasyprint()
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=sheet_fetcher(base_url))
    return document.write_pdf(pdf_variant=PDF_VARIANT)


# The answer ------------------------------------------------------------------------------------


@makes_sheets
def sheet_response(page, request, template, file_suffix="", **context_kwargs):
    """The sheet of `page` made from `template`, as an inline PDF; a clear 503 page when this
    server cannot make PDFs. The page's route has already decided that the sheet may exist.
    `context_kwargs` go to the page's get_context(); `file_suffix` tells a page's sheets
    apart in their file names."""
    reason = unavailable_reason()
    if reason:
        context = {"page": page, "reason": reason}
        return TemplateResponse(request, UNAVAILABLE_TEMPLATE, context, status=503)
    language = language_of(page)
    with translation.override(language):
        context = page.get_context(request, **context_kwargs)
        context.update(
            language=language,
            direction="rtl" if translation.get_language_bidi() else "ltr",
            printed_on=timezone.localdate(),
            page_url=request.build_absolute_uri(page.get_url(request)),
        )
        html = render_to_string(template, context, request)
    base_url = request.build_absolute_uri("/")
    if fragments.enabled():  # the same HTML makes the same PDF: made once, whatever changes
        digest = hashlib.sha256(html.encode()).hexdigest()
        make = lambda: render_pdf(html, base_url=base_url)  # noqa: E731
        pdf = fragments.cached("sheet-pdf", (digest, base_url), make, lasting=True)
    else:
        pdf = render_pdf(html, base_url=base_url)
    response = HttpResponse(pdf, content_type="application/pdf")
    # A slug may be written in any script: the header encodes it (RFC 6266).
    response["Content-Disposition"] = content_disposition_header(
        False, sheet_file_name(page, file_suffix)
    )
    return response


def sheet_file_name(page, suffix=""):
    return f"{page.slug}-fiche{suffix}-{language_of(page)}.pdf"


def language_of(page):
    """The page's language code, from the locales kept for the content version (the same
    fragment as the pages' `lang` attributes): no query of its own."""
    if not fragments.enabled():
        return page.locale.language_code
    codes = fragments.cached(
        "locales", (), lambda: dict(Locale.objects.values_list("pk", "language_code"))
    )
    return codes.get(page.locale_id) or page.locale.language_code
