"""The demo's images: illustrations drawn with Pillow when the demo is seeded (a street of houses under a sky, its
colours and house heights from a seed), so the application ships no photograph and needs no download. They are
marked ``is_demo``, licensed CC0 and described in Dutch and English; ``SOURCE.md`` records this.

Called by ``publications.demo`` (covers and section images of the demo products) and for the picture of the
public demo experiments. Running it again changes nothing: an illustration is found by its alternative text.
"""

from __future__ import annotations

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage
from PIL import ImageDraw

from .enums import ImageLicence
from .models import Image
from .services import upload_image

WIDTH, HEIGHT = 1280, 800
SKIES = [(170, 205, 230), (250, 214, 165), (205, 225, 240), (190, 215, 200)]
BRICKS = [(150, 72, 52), (176, 110, 70), (120, 90, 80), (200, 170, 120), (95, 110, 125), (185, 80, 60)]
ROOFS = [(60, 60, 70), (120, 50, 40), (80, 85, 90)]
CREDIT = "Illustratie: Dubbelslag (gegenereerd)"


def draw_street(seed: str) -> bytes:
    """A deterministic street scene for ``seed``, as JPEG bytes."""
    rng = random.Random(seed)  # noqa: S311 - a drawing, not a secret: the same seed draws the same street
    image = PillowImage.new("RGB", (WIDTH, HEIGHT), rng.choice(SKIES))
    draw = ImageDraw.Draw(image)
    draw.ellipse((WIDTH - 260, 60, WIDTH - 160, 160), fill=(255, 236, 150))
    ground = int(HEIGHT * 0.72)
    draw.rectangle((0, ground, WIDTH, HEIGHT), fill=(110, 110, 112))
    draw.rectangle((0, ground, WIDTH, ground + 18), fill=(185, 185, 180))
    for x in range(40, WIDTH, 160):
        draw.rectangle((x, ground + 70, x + 80, ground + 80), fill=(235, 235, 230))
    x = 0
    while x < WIDTH:
        width = rng.randint(150, 230)
        height = rng.randint(250, 420)
        top = ground - height
        draw.rectangle((x, top, x + width, ground), fill=rng.choice(BRICKS))
        draw.polygon([(x - 6, top), (x + width // 2, top - rng.randint(60, 110)), (x + width + 6, top)],
                     fill=rng.choice(ROOFS))
        for row in range(top + 30, ground - 90, 90):
            for column in range(x + 20, x + width - 50, 60):
                lit = rng.random() < 0.3
                draw.rectangle((column, row, column + 36, row + 50), fill=(255, 230, 150) if lit else (60, 90, 120))
        door = x + width // 2 - 18
        draw.rectangle((door, ground - 80, door + 36, ground), fill=(40, 70, 60))
        if rng.random() < 0.5:  # a heat pump by the door
            draw.rectangle((door + 50, ground - 50, door + 100, ground), fill=(225, 228, 230))
            draw.ellipse((door + 58, ground - 44, door + 92, ground - 10), outline=(120, 125, 130), width=3)
        x += width + rng.randint(0, 12)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def illustration(programme, *, seed: str, alt_nl: str, alt_en: str, caption_nl: str = "", caption_en: str = "",
                 experiment=None, on_experiment_page: bool = False) -> Image:
    """The demo illustration described by ``alt_nl``, drawn and uploaded when it is not there yet."""
    existing = Image.objects.filter(programme=programme, is_demo=True, alt_nl=alt_nl).first()
    if existing is not None:
        return existing
    file = SimpleUploadedFile(f"{seed}.jpg", draw_street(seed), content_type="image/jpeg")
    return upload_image(programme, by=None, file=file, alt_nl=alt_nl, alt_en=alt_en, caption_nl=caption_nl,
                        caption_en=caption_en, credit=CREDIT, licence=ImageLicence.CC0, experiment=experiment,
                        on_experiment_page=on_experiment_page, is_demo=True)


def seed_experiment_pictures(programme) -> int:
    """A picture for each public demo experiment that has none; returns how many were added."""
    added = 0
    for experiment in programme.experiments.filter(is_public=True).order_by("title"):
        if Image.objects.filter(experiment=experiment, on_experiment_page=True).exists():
            continue
        illustration(programme, seed=f"experiment-{experiment.pk}",
                     alt_nl=f"Getekende straat met rijtjeshuizen: {experiment.title}",
                     alt_en=f"Drawn street of terraced houses: {experiment.title}",
                     experiment=experiment, on_experiment_page=True)
        added += 1
    return added
