"""Who may change what the public sees of an image.

An image shown by a published page is part of that page: replacing its file, its alt text,
credit, licence or crop, or deleting it, changes the page without review. Only someone who may
publish every such page does it directly (reviewers); curators add a new image and choose it
in a draft of the page, which goes through review.
"""

from django.utils.translation import gettext as _
from wagtail.images import get_permission_policy
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from .renditions import live_pages_showing

# The image's fields the public sees (the crop is the focal point).
PUBLIC_FIELDS = (
    "file", "alt_text", "credit", "licence",
    "focal_point_x", "focal_point_y", "focal_point_width", "focal_point_height",
)  # fmt: skip


def pages_needing_review(user, image):
    """The published pages showing `image` that `user` may not publish."""
    if image.pk is None or user is None:
        return []
    return [
        page
        for page in live_pages_showing([image.pk])
        if not page.permissions_for_user(user).can_publish()
    ]


def review_message(pages):
    return _(
        "Cette image est publiée sur « %(pages)s » : la modifier ou la supprimer changerait la "
        "page sans relecture. Ajoutez une nouvelle image, choisissez-la dans un brouillon de la "
        "page et soumettez-le à la relecture, ou demandez à un relecteur."
    ) % {"pages": "», «".join(page.get_admin_display_title() for page in pages)}


class ReviewedImagePolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's image permissions, and deleting an image a published page shows needs the
    right to publish that page."""

    def user_has_permission_for_instance(self, user, action, instance):
        allowed = super().user_has_permission_for_instance(user, action, instance)
        if allowed and action == "delete":
            return not pages_needing_review(user, instance)
        return allowed


def reviewed_image_policy():
    default = get_permission_policy()  # Wagtail's, for the same model and permissions
    return ReviewedImagePolicy(
        default.model, auth_model=default.auth_model, owner_field_name=default.owner_field_name
    )
