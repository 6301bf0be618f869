"""StreamField blocks: a portrait's testimony, and a teacher pack's activities."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

# Testimonies are the person's own words: formatting stays minimal on purpose.
TESTIMONY_FEATURES = ["bold", "italic", "link"]


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=TESTIMONY_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraphe")
        template = "gallery/blocks/paragraph.html"
        preview_value = (
            "<p>Quand je suis arrivée, je ne connaissais personne. "
            "Aujourd'hui, je dis bonjour à tout le quartier.</p>"
        )
        description = _("Un paragraphe du témoignage, dans les mots de la personne.")


class QuotationBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Citation"))
    attribution = blocks.CharBlock(
        label=_("Attribution"),
        required=False,
        help_text=_("Laisser vide si la citation est de la personne elle-même."),
    )
    language = blocks.RegexBlock(
        regex=r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$",
        label=_("Langue de la citation"),
        required=False,
        max_length=35,
        help_text=_(
            "Si la citation est dans une autre langue que la page : son code, par exemple "
            "« ar » (arabe), « fa » (persan), « es » (espagnol)."
        ),
        error_messages={"invalid": _("Un code de langue comme « ar », « fa » ou « pt-BR ».")},
    )

    class Meta:
        icon = "openquote"
        label = _("Citation")
        template = "gallery/blocks/quotation.html"
        preview_value = {
            "text": "La langue, c'est la première porte.",
            "attribution": "",
            "language": "",
        }
        description = _("Une phrase mise en avant dans le témoignage.")


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Légende"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image et légende")
        template = "gallery/blocks/figure.html"
        description = _("Une image supplémentaire avec sa légende.")

    def get_preview_value(self):
        image = get_image_model().objects.order_by("-created_at").first()
        return self.normalize({"image": image, "caption": _("Une légende courte et précise.")})


class TestimonyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    quotation = QuotationBlock()
    figure = FigureBlock()

    class Meta:
        block_counts = {"paragraph": {"min_num": 1}}


# A teacher pack's activities ------------------------------------------------------------------
# The pack's pages render activities from what gallery.pack_contents resolves (only what the
# public may see, in the page's language), not from these blocks' own values: a block would
# show a portrait whose consent has ended.


class PromptKind(models.TextChoices):
    """The three kinds of questions, in the order a class meets a portrait."""

    OBSERVE = "observer", _("Observer")
    UNDERSTAND = "comprendre", _("Comprendre")
    DISCUSS = "debattre", _("Débattre")


PROMPT_PREVIEW = {
    "kind": PromptKind.OBSERVE,
    "text": "Décrivez ce que vous voyez sur l'image : le lieu, les gestes, les couleurs.",
}


class PromptBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=PromptKind.choices, label=_("Type de consigne"))
    text = blocks.TextBlock(label=_("Consigne"), max_length=500)

    class Meta:
        icon = "help"
        label = _("Consigne")
        preview_value = PROMPT_PREVIEW
        description = _("Une question posée aux élèves : observer, comprendre ou débattre.")


class ActivityBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre de l'activité"), max_length=120)
    portraits = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="gallery.PortraitPage", label=_("Portrait")),
        label=_("Portraits étudiés"),
        default=[],
    )
    stages = blocks.ListBlock(
        SnippetChooserBlock("gallery.NaturalisationStage", label=_("Étape")),
        label=_("Étapes du parcours étudiées"),
        default=[],
    )
    collection = blocks.PageChooserBlock(
        page_type="gallery.CuratedCollectionPage", label=_("Collection étudiée"), required=False
    )
    prompts = blocks.ListBlock(PromptBlock(), label=_("Consignes pour les élèves"), min_num=1)
    vocabulary = blocks.ListBlock(
        SnippetChooserBlock("gallery.GlossaryTerm", label=_("Mot")),
        label=_("Vocabulaire (mots du glossaire)"),
        default=[],
    )
    teacher_notes = blocks.RichTextBlock(
        label=_("Notes pour l'enseignant"),
        features=["bold", "italic", "ol", "ul", "link"],
        required=False,
        help_text=_("Jamais montrées aux élèves : déroulement, réponses attendues, précautions."),
    )

    class Meta:
        icon = "group"
        label = _("Activité")
        description = _(
            "Une activité autour de portraits, d'étapes du parcours ou d'une collection, avec "
            "ses consignes."
        )
        preview_value = {
            "title": "Premier regard",
            "prompts": [PROMPT_PREVIEW],
            "teacher_notes": "<p>Laisser les élèves s'exprimer avant de lire le texte.</p>",
        }

    def clean(self, value):
        value = super().clean(value)
        if not (value["portraits"] or value["stages"] or value["collection"]):
            raise blocks.StructBlockValidationError(
                non_block_errors=ValidationError(
                    _("Choisissez au moins un portrait, une étape du parcours ou une collection.")
                )
            )
        return value


class PackActivitiesBlock(blocks.StreamBlock):
    activity = ActivityBlock()

    class Meta:
        block_counts = {"activity": {"min_num": 1}}
