"""Generated illustrations for the demo exhibition: abstract, never photographs of people.

Each function is deterministic for a given seed, returns JPEG bytes and a French alt text that
describes what the image actually shows.
"""

import io
import random

from PIL import Image, ImageDraw, ImageFilter

# (name used in alt text, RGB)
PALETTE = [
    ("ocre", (214, 150, 62)),
    ("terre cuite", (176, 84, 52)),
    ("rose poudré", (226, 170, 160)),
    ("bleu nuit", (30, 48, 92)),
    ("bleu ciel", (128, 170, 214)),
    ("vert sauge", (132, 160, 120)),
    ("vert profond", (40, 88, 72)),
    ("jaune safran", (238, 190, 60)),
    ("violet", (104, 72, 128)),
    ("sable", (226, 208, 176)),
    ("gris ardoise", (84, 92, 104)),
]


LIGHT_COLOURS = [colour for colour in PALETTE if sum(colour[1]) > 380]


def _pick(rng, count):
    return rng.sample(PALETTE, count)


def _gradient(size, top, bottom):
    width, height = size
    base = Image.new("RGB", size, top)
    draw = ImageDraw.Draw(base)
    for y in range(height):
        t = y / max(height - 1, 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    return base


def _to_jpeg(image):
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=88, optimize=True, progressive=True)
    return buffer.getvalue()


def _bust(draw, centre_x, base_y, scale, colour, pattern_colour, rng):
    """A stylised head and shoulders: an ellipse, a neck and rounded shoulders."""
    head_w, head_h = 150 * scale, 190 * scale
    head_top = base_y - 620 * scale
    draw.ellipse(
        [centre_x - head_w, head_top, centre_x + head_w, head_top + 2 * head_h], fill=colour
    )
    neck_top = head_top + 2 * head_h - 30 * scale
    draw.rectangle(
        [centre_x - 60 * scale, neck_top, centre_x + 60 * scale, neck_top + 90 * scale], fill=colour
    )
    shoulders_top = neck_top + 60 * scale
    draw.rounded_rectangle(
        [centre_x - 330 * scale, shoulders_top, centre_x + 330 * scale, base_y + 400 * scale],
        radius=int(220 * scale),
        fill=colour,
    )
    # A pattern on the garment, so each figure is recognisable without a face.
    kind = rng.choice(["stripes", "dots", "chevrons"])
    left, right = centre_x - 300 * scale, centre_x + 300 * scale
    top = shoulders_top + 120 * scale
    if kind == "stripes":
        for i in range(6):
            y = top + i * 55 * scale
            draw.line(
                [(left + 40 * scale, y), (right - 40 * scale, y)],
                fill=pattern_colour,
                width=max(1, int(14 * scale)),
            )
    elif kind == "dots":
        for row in range(4):
            for col in range(7):
                x = left + 60 * scale + col * 80 * scale
                y = top + row * 70 * scale
                r = 13 * scale
                draw.ellipse([x - r, y - r, x + r, y + r], fill=pattern_colour)
    else:
        for i in range(5):
            y = top + i * 65 * scale
            draw.line(
                [
                    (left + 40 * scale, y + 30 * scale),
                    (centre_x, y - 20 * scale),
                    (right - 40 * scale, y + 30 * scale),
                ],
                fill=pattern_colour,
                width=max(1, int(12 * scale)),
            )
    return kind


PATTERN_NAMES = {"stripes": "rayé", "dots": "à pois", "chevrons": "à chevrons"}


def portrait_artwork(seed, size=(1200, 1500)):
    """A single stylised bust on a gradient with soft circles. Returns (jpeg, alt_text)."""
    rng = random.Random(seed)
    (bg1_name, bg1), (_, bg2), (figure_name, figure), (pattern_name, pattern), (_, accent) = _pick(
        rng, 5
    )
    width, height = size
    image = _gradient(size, bg1, bg2)
    shapes = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(shapes)
    for _ in range(7):
        r = rng.randint(width // 10, width // 3)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(*accent, rng.randint(40, 90)))
    shapes = shapes.filter(ImageFilter.GaussianBlur(6))
    image.paste(shapes, (0, 0), shapes)
    figure_layer = ImageDraw.Draw(image)
    kind = _bust(figure_layer, width / 2, height * 0.92, width / 1200, figure, pattern, rng)
    alt = (
        f"Illustration générée : silhouette stylisée, sans visage, en {figure_name}, "
        f"vêtement {PATTERN_NAMES[kind]} en {pattern_name}, sur un fond {bg1_name} "
        "parsemé de cercles flous."
    )
    return _to_jpeg(image), alt


def landscape_artwork(seed, size=(1600, 1000)):
    """Layered volcanic hills under a sun, after the Velay's 'sucs'. Returns (jpeg, alt)."""
    rng = random.Random(seed)
    width, height = size
    sky_top, sky_bottom = (244, 214, 170), (250, 236, 214)
    image = _gradient(size, sky_top, sky_bottom)
    draw = ImageDraw.Draw(image)
    sun_r = height // 9
    sun_x, sun_y = rng.randint(width // 5, 4 * width // 5), height // 4
    draw.ellipse([sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r], fill=(236, 150, 70))
    layers = [(150, 170, 140), (110, 140, 110), (70, 104, 84), (40, 70, 60)]
    for depth, colour in enumerate(layers):
        baseline = height * (0.45 + depth * 0.13)
        points = [(0, height)]
        x = 0
        while x <= width:
            peak = rng.random() < 0.3
            y = baseline - (rng.randint(80, 200) if peak else rng.randint(0, 50))
            points.append((x, y))
            x += rng.randint(80, 200)
        points += [(width, baseline), (width, height)]
        draw.polygon(points, fill=colour)
    alt = (
        "Illustration générée : collines volcaniques en couches de vert, de plus en plus "
        "sombres, sous un soleil orangé."
    )
    return _to_jpeg(image), alt


def group_artwork(seed, count=5, size=(1200, 1500)):
    """Several stylised busts side by side, for the home page. Returns (jpeg, alt)."""
    rng = random.Random(seed)
    width, height = size
    image = _gradient(size, (30, 48, 92), (104, 72, 128))
    draw = ImageDraw.Draw(image)
    back_row_first = sorted(range(count), key=lambda i: i % 2 == 0)
    for i in back_row_first:
        (_, colour), (_, pattern) = rng.sample(LIGHT_COLOURS, 2)
        row_back = i % 2 == 1
        scale = 0.42 if row_back else 0.5
        x = width * (i + 0.5) / count
        y = height * (0.72 if row_back else 0.95)
        _bust(draw, x, y, scale, colour, pattern, rng)
    alt = (
        f"Illustration générée : {count} silhouettes stylisées, sans visage, côte à côte, "
        "aux vêtements colorés, sur un fond bleu nuit et violet."
    )
    return _to_jpeg(image), alt
