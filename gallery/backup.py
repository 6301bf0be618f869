"""A restored backup never brings back a person who withdrew.

The withdrawal ledger (gallery/withdrawal.py, kept outside the backup) holds every withdrawal
with its moment; after a restore, each one recorded since the backup was taken is carried out
again on the restored data: the portrait and its translations withdrawn as in the admin
(pages, images, history, search words, page cache), then every file the ledger names removed
from the media storage, in case a file outlived its row.
"""

from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.db.models import Q

from .models import ExhibitionImage, PortraitPage
from .withdrawal import WithdrawalBlocked, withdraw, withdrawal_ledger


@dataclass
class Reapplied:
    entries: int = 0
    portraits: int = 0
    images: int = 0
    files: int = 0
    blocked: list = field(default_factory=list)  # ledger entries whose withdrawal was refused


def reapply_withdrawals(since):
    """Carry out again every withdrawal recorded at or after `since` (a backup's taken_at)."""
    result = Reapplied()
    for entry in withdrawal_ledger().since(since):
        if entry.get("kind") != "withdrawal":
            continue
        result.entries += 1
        pages = PortraitPage.objects.filter(
            Q(translation_key=entry["translation_key"]) | Q(pk__in=entry["page_ids"])
        )
        for portrait in pages[:1]:
            try:
                withdraw(portrait, record_in_ledger=False)
            except WithdrawalBlocked as error:
                result.blocked.append((entry, error))
                continue
            result.portraits += 1
        # Images the portrait no longer referenced in the backup, still the person's.
        for image in ExhibitionImage.objects.filter(pk__in=entry["image_ids"]):
            image.delete()
            result.images += 1
        for name in entry["files"]:
            if default_storage.exists(name):
                default_storage.delete(name)
                result.files += 1
    return result
