"""What leaves the site for others to show: link previews and structured data, embeds and
oEmbed, feeds, IIIF manifests. Each shows only what the page shows, by the consent rules the
pages follow (gallery.models.consent), and goes when the page goes."""
