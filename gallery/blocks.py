"""StreamField blocks for a portrait's testimony."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images import get_image_model
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
