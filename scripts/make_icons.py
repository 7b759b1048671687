"""Draw the app icons (run once; the PNGs are committed): a white door on the national red."""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "pwa" / "static" / "icons"
RED = (183, 28, 28)
GOLD = (255, 205, 0)


def draw(size: int, safe: float) -> Image.Image:
    image = Image.new("RGB", (size, size), RED)
    pen = ImageDraw.Draw(image)
    inner = size * safe
    left, top = (size - inner) / 2, (size - inner) / 2
    door_w, door_h = inner * 0.46, inner * 0.72
    x0 = left + (inner - door_w) / 2
    y0 = top + (inner - door_h) / 2 + inner * 0.05
    pen.rounded_rectangle([x0, y0, x0 + door_w, y0 + door_h], radius=inner * 0.06, fill=(255, 255, 255))
    knob = inner * 0.045
    pen.ellipse(
        [x0 + door_w * 0.72, y0 + door_h * 0.5, x0 + door_w * 0.72 + knob, y0 + door_h * 0.5 + knob], fill=RED
    )
    star = inner * 0.09
    cx, cy = size / 2, y0 - inner * 0.1
    pen.regular_polygon((cx, cy, star), n_sides=5, fill=GOLD)
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    draw(192, 0.9).save(OUT / "icon-192.png", optimize=True)
    draw(512, 0.9).save(OUT / "icon-512.png", optimize=True)
    draw(512, 0.6).save(OUT / "icon-maskable-512.png", optimize=True)  # inside the 80 % safe zone
    draw(180, 0.9).save(OUT / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
