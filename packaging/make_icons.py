"""Draw the app icon (a face outline) as SVG, PNGs for the hicolor theme, .ico and .icns, with Pillow only."""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
BLUE, WHITE = (37, 99, 235, 255), (255, 255, 255, 255)

SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <rect x="8" y="8" width="240" height="240" rx="48" fill="#2563eb"/>
  <ellipse cx="128" cy="124" rx="68" ry="84" fill="none" stroke="#ffffff" stroke-width="14"/>
  <circle cx="102" cy="108" r="10" fill="#ffffff"/>
  <circle cx="154" cy="108" r="10" fill="#ffffff"/>
  <path d="M 96 154 Q 128 182 160 154" fill="none" stroke="#ffffff" stroke-width="12" stroke-linecap="round"/>
  <path d="M 36 60 V 36 H 60 M 196 36 H 220 V 60 M 220 196 V 220 H 196 M 60 220 H 36 V 196"
        fill="none" stroke="#ffffff" stroke-width="10" stroke-linecap="round"/>
</svg>
"""


def draw(size: int) -> Image.Image:
    """The SVG's drawing at ``size`` px (drawn 4x larger and downsampled for smooth edges)."""
    k = size * 4 / 256
    img = Image.new("RGBA", (size * 4, size * 4), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)

    def s(*v: float) -> list[float]:
        return [x * k for x in v]

    d.rounded_rectangle(s(8, 8, 248, 248), radius=48 * k, fill=BLUE)
    d.ellipse(s(60, 40, 196, 208), outline=WHITE, width=round(14 * k))
    for cx in (102, 154):
        d.ellipse(s(cx - 10, 98, cx + 10, 118), fill=WHITE)
    d.arc(s(96, 122, 160, 172), start=20, end=160, fill=WHITE, width=round(12 * k))
    w = round(10 * k)
    for (x0, y0), (dx, dy) in (((36, 36), (1, 1)), ((220, 36), (-1, 1)), ((220, 220), (-1, -1)), ((36, 220), (1, -1))):
        d.line(s(x0, y0 + 24 * dy, x0, y0, x0 + 24 * dx, y0), fill=WHITE, width=w, joint="curve")
    return img.resize((size, size), Image.Resampling.LANCZOS)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "faceorganizer.svg").write_text(SVG)
    big = draw(512)
    for size in SIZES:
        draw(size).save(out / f"faceorganizer-{size}.png", optimize=True)
    big.save(out / "faceorganizer.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    big.save(out / "faceorganizer.icns")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "resources" / "icons")
