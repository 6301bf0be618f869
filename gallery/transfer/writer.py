"""Writing a checked import (importer.ImportPlan): everything in one transaction, or nothing,
stored photo files included."""

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Consent, ExhibitionImage, JourneyMilestone, PortraitPage
from . import curated
from .sources import TransferError
from .values import consent_values, photo_values, portrait_values, testimony_blocks


@transaction.atomic
def write(plan):
    """Writes the plan's rows and collections; returns {action: count}."""
    if not plan.is_valid:
        raise TransferError(_("Le fichier contient des erreurs : rien n'a été importé."))
    stored_files = []
    try:
        collections = curated.prepare(plan)
        counts = {"create": 0, "update": 0, "unchanged": 0}
        for row in plan.rows:
            counts[row.action] += 1
            if row.action == "unchanged":
                continue
            photo = save_image(row, stored_files)
            portrait = save_portrait(plan, row, photo)
            for slug in row.data["collections"]:
                curated.add_portrait(collections[slug], portrait, plan.publish)
        curated.apply_file(plan, collections)
    except Exception:
        for image in stored_files:  # the database rolls back; storage must too
            image.file.delete(save=False)
        raise
    return counts


def save_image(row, stored_files):
    """The portrait's own photo, kept if the file is the same: one image per portrait, so
    that a withdrawal takes exactly that person's photo away."""
    image = row.draft.photo if row.draft else None
    if image is None or image.file_hash != row.photo_hash:
        image = ExhibitionImage(title=row.display_name, file=row.photo)
        stored_files.append(image)
    for name, value in photo_values(row.data).items():
        setattr(image, name, value)
    image.save()
    return image


def save_portrait(plan, row, photo):
    """A new revision of the row's portrait (created under the exhibition if new), its
    consent saved beside it; published if the import publishes."""
    fields = {
        **portrait_values(row.data),
        "photo": photo,
        "stage": row.data["stage"],
        "testimony": testimony_blocks(row.data["testimony"]),
    }
    portrait = row.existing
    if portrait is None:
        portrait = PortraitPage(slug=row.slug, live=False, **fields)
        plan.exhibition.add_child(instance=portrait)
    else:
        for name, value in fields.items():
            setattr(portrait, name, value)
    portrait.content_themes = row.data["content_themes"]
    portrait.journey = [
        JourneyMilestone(year=year, month=month, stage=stage, text=text)
        for year, month, stage, text in row.data["journey"]
    ]
    consent = portrait.get_consent()
    if consent is None:
        Consent.objects.create(portrait=portrait, **consent_values(row.data))
    else:
        for name, value in consent_values(row.data).items():
            setattr(consent, name, value)
        consent.save()
    revision = portrait.save_revision()
    if plan.publish:
        revision.publish()
    return portrait
