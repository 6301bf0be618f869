"""StreamField blocks for a portrait's testimony."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

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

    class Meta:
        icon = "openquote"
        label = _("Citation")
        template = "gallery/blocks/quotation.html"
        preview_value = {"text": "La langue, c'est la première porte.", "attribution": ""}
        description = _("Une phrase mise en avant dans le témoignage.")


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Légende"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image et légende")
        template = "gallery/blocks/figure.html"
        description = _("Une image supplémentaire avec sa légende.")


class TestimonyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    quotation = QuotationBlock()
    figure = FigureBlock()

    class Meta:
        block_counts = {"paragraph": {"min_num": 1}}
