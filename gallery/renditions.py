"""Every picture size the public site uses, and which rendition files may be public.

Templates repeat these specs literally in their {% picture %} tags (the tag only takes literal
specs); tasks prepare the renditions ahead of visitors; a test keeps both in step.

A rendition file is public (under `images/`, served to anyone) only when two things hold: its
size is one of the public sizes below, and a page the public may see shows its image now (a
live, consented portrait, the home page…). Anything else — the admin's thumbnails, the image
editor's full-size `original`, a preview of a draft — goes to `private_renditions/`, served to
signed-in staff only. `sync()` moves or deletes files whenever that answer may change
(publication, unpublication, consent, deletion, view restrictions). Names are random, so one
rendition's address tells nothing about another's.
"""

import os
import uuid

from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Page

from .image_uses import image_references, pages_referencing

CARD = "format-{avif,webp,jpeg} fill-{320x400,640x800}"
THUMBNAIL = "format-{avif,webp,jpeg} fill-{160x200,320x400}"
# The thumbnails of a collection's card framed on other sites: the smaller THUMBNAIL only, so
# that six photographs keep the card light (gallery.sharing.cards), whatever the screen.
CARD_THUMBNAIL = "format-{avif,webp,jpeg} fill-{160x200}"
PORTRAIT = "format-{avif,webp,jpeg} width-{480,960}"
ZOOM = "format-{avif,webp,jpeg} width-{1600}"
FIGURE = "format-{avif,webp,jpeg} width-{480,960}"
HERO = "format-{avif,webp,jpeg} fill-{480x600,960x1200}"
# A link preview (Open Graph: 1200×630, the size every network crops to), JPEG for all of them.
SOCIAL = "format-jpeg|fill-1200x630"
# A class sheet prints the portrait's photo at one of its PORTRAIT sizes: prepared when the
# page was published, and public (a test keeps it so).
SHEET_PHOTO = "format-jpeg|width-960"
# The admin's own sizes: never public, whatever the image.
ADMIN_THUMBNAIL = "format-{avif,webp,jpeg} fill-{96x120,192x240}"

# What an image is used as -> the specs it needs.
USES = {
    "portrait-photo": (CARD, THUMBNAIL, CARD_THUMBNAIL, PORTRAIT, ZOOM, SOCIAL),
    "figure": (FIGURE, ZOOM),
    "hero": (HERO, SOCIAL),
}
# An image field's use; images inside StreamField blocks are figures.
USE_OF_FIELD = {"photo": "portrait-photo", "hero_image": "hero"}

ALL_SPECS = frozenset(spec for specs in USES.values() for spec in specs)
PUBLIC_FOLDER, PRIVATE_FOLDER = "images", "private_renditions"


def _operations(spec):
    return frozenset(spec.split("|"))


PUBLIC_SIZES = frozenset(
    _operations(expanded) for spec in ALL_SPECS for expanded in Filter.expand_spec(spec)
)


def filters_for(use):
    """The Wagtail filters (one per rendition) that an image used as `use` needs."""
    expanded = (one for spec in USES[use] for one in Filter.expand_spec(spec))
    return [Filter(spec=spec) for spec in dict.fromkeys(expanded)]  # sizes shared, made once


def image_uses(page):
    """(image id, use) for every image a page (as it is in memory) shows."""
    for reference in image_references(page):
        use = "figure" if reference.block_id else USE_OF_FIELD.get(reference.field)
        if use:
            yield reference.image_id, use


def is_public_size(filter_spec):
    return _operations(filter_spec) in PUBLIC_SIZES


# Where a rendition's file lives ----------------------------------------------------------------


def upload_to(rendition, filename):
    """The file name of a new rendition: public or private, and random."""
    public = is_public_size(rendition.filter_spec) and rendition.image.pk in shown_publicly(
        [rendition.image.pk], cache=rendition.image
    )
    folder = PUBLIC_FOLDER if public else PRIVATE_FOLDER
    return f"{folder}/{uuid.uuid4().hex}{os.path.splitext(filename)[1].lower()}"


def is_private(name):
    return name.startswith(PRIVATE_FOLDER + "/")


def sync(image_ids, shown_by=None):
    """Make the images' rendition files match whether the public may see them now: public
    sizes move out of the private folder for an image a visible page shows, every public
    file goes for one no visible page shows. `shown_by`: a page known to show them (just
    published), for when the reference index has not caught up yet."""
    image_ids = {int(pk) for pk in image_ids if pk}
    if not image_ids:
        return
    shown = shown_publicly(image_ids, extra_pages=[shown_by] if shown_by else [])
    Rendition = get_image_model().get_rendition_model()
    for rendition in Rendition.objects.filter(image_id__in=image_ids):
        if rendition.image_id not in shown:
            if not is_private(rendition.file.name):
                rendition.delete()  # Wagtail removes its file from storage
        elif is_private(rendition.file.name) and is_public_size(rendition.filter_spec):
            _move(rendition, PUBLIC_FOLDER)


def _move(rendition, folder):
    storage = rendition.file.storage
    old = rendition.file.name
    with storage.open(old, "rb") as file:
        content = ContentFile(file.read())
    new = storage.save(f"{folder}/{uuid.uuid4().hex}{os.path.splitext(old)[1]}", content)
    type(rendition).objects.filter(pk=rendition.pk).update(file=new)
    storage.delete(old)


# Which images the public sees -------------------------------------------------------------------


def shown_publicly(image_ids, extra_pages=(), cache=None):
    """The ids among `image_ids` that a page the public may see shows now, as its live
    content holds it. `cache`: an object to remember the answer on while it is being used
    (an image whose renditions are being made)."""
    remembered = getattr(cache, "_shown_publicly", None)
    if remembered is not None:
        return remembered
    image_ids = {int(pk) for pk in image_ids}
    shown = set()
    for page in _visible_pages(
        pages_referencing(image_ids, live_only=True) | {p.pk for p in extra_pages}
    ):
        shown |= {image_id for image_id, _use in image_uses(page)} & image_ids
    if cache is not None:
        cache._shown_publicly = shown
    return shown


def live_pages_showing(image_ids):
    """The live pages (public or not) whose live content shows one of the images, specific."""
    image_ids = {int(pk) for pk in image_ids}
    pages = (
        Page.objects.filter(pk__in=pages_referencing(image_ids, live_only=True)).live().specific()
    )
    return [page for page in pages if image_ids & {pk for pk, _use in image_uses(page)}]


def _visible_pages(page_ids):
    """The pages among `page_ids` that the public may see, specific, with their live content."""
    now = timezone.now()
    pages = (
        Page.objects.filter(pk__in=page_ids)
        .live()
        .public()
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
        .specific()
    )
    for page in pages:
        visible = getattr(type(page).objects, "visible", None)
        if visible is None or visible().filter(pk=page.pk).exists():
            yield page


def public_uses(image_id):
    """What a visible page shows the image as, now."""
    pages = _visible_pages(pages_referencing({image_id}, live_only=True))
    return {use for page in pages for pk, use in image_uses(page) if pk == image_id}


def images_of(page):
    """Every image any version of a page shows or showed: the live row and its revisions."""
    page = page.specific
    found = {image_id for image_id, _use in image_uses(page)}
    for revision in page.revisions.all():
        found |= {image_id for image_id, _use in image_uses(revision.as_object())}
    return found


def images_under(page):
    """Every image the page and the pages under it show now (a view restriction's reach)."""
    found = set()
    for descendant in page.get_descendants(inclusive=True).specific():
        found |= {image_id for image_id, _use in image_uses(descendant)}
    return found
