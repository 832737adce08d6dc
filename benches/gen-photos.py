#!/usr/bin/env python3
"""Writes N camera-size test photos (default 100 of 4000x3000, JPEG quality 90) for benches/images.sh.

    python3 benches/gen-photos.py -o target/bench/images/photos [-n 100]

Each photo is photo-like enough that encoders do real work: a smooth colour gradient (sky to ground), a
soft low-frequency texture, blurred shapes (discs, boxes, polygons) and fine sensor-like grain, about
2-3 MB a file. Photo i depends only on (--seed, i): the same arguments give the same pixels. Needs Pillow
only (`pip install pillow`). Files already there with the right size are kept unless --force.
"""

import argparse
import os
import random
import sys

try:
    from PIL import Image, ImageChops, ImageDraw, ImageFilter
except ImportError:
    sys.exit("gen-photos.py needs Pillow: pip install pillow")


def gradient(r, w, h):
    """A vertical two-colour blend (sky to ground), tilted by a horizontal one."""
    top = tuple(r.randint(90, 230) for _ in range(3))
    bottom = tuple(r.randint(20, 150) for _ in range(3))
    vert = Image.linear_gradient("L").resize((w, h), Image.BILINEAR)
    img = Image.composite(Image.new("RGB", (w, h), bottom), Image.new("RGB", (w, h), top), vert)
    side = Image.linear_gradient("L").rotate(r.choice([90, 270])).resize((w, h), Image.BILINEAR)
    tint = Image.new("RGB", (w, h), tuple(r.randint(0, 255) for _ in range(3)))
    strength = r.randint(20, 70)
    return Image.composite(tint, img, side.point([v * strength // 255 for v in range(256)]))


def texture(r, w, h, cell, amplitude):
    """Random values on a coarse grid, scaled up smoothly: clouds, foliage, walls, out of focus."""
    gw, gh = max(2, w // cell), max(2, h // cell)
    small = Image.frombytes("RGB", (gw, gh), r.randbytes(gw * gh * 3))
    small = small.filter(ImageFilter.GaussianBlur(1))
    lut = [v * amplitude // 255 for v in range(256)] * 3
    return small.resize((w, h), Image.BICUBIC).point(lut)


def shapes(r, img):
    """Subjects: soft-edged discs, boxes and polygons of random colours, some translucent."""
    w, h = img.size
    layer = Image.new("RGB", (w, h))
    mask = Image.new("L", (w, h), 0)
    dl, dm = ImageDraw.Draw(layer), ImageDraw.Draw(mask)
    for _ in range(r.randint(12, 30)):
        colour = tuple(r.randint(0, 255) for _ in range(3))
        alpha = r.choice([255, 255, 200, 140, 90])
        x, y = r.randint(-w // 10, w), r.randint(-h // 10, h)
        size = r.randint(w // 40, w // 4)
        kind = r.randrange(3)
        if kind == 0:
            box = [x, y, x + size, y + int(size * r.uniform(0.6, 1.4))]
            dl.ellipse(box, fill=colour)
            dm.ellipse(box, fill=alpha)
        elif kind == 1:
            box = [x, y, x + size, y + int(size * r.uniform(0.3, 2.0))]
            dl.rectangle(box, fill=colour)
            dm.rectangle(box, fill=alpha)
        else:
            pts = [(x + r.randint(0, size), y + r.randint(0, size)) for _ in range(r.randint(3, 7))]
            dl.polygon(pts, fill=colour)
            dm.polygon(pts, fill=alpha)
    mask = mask.filter(ImageFilter.GaussianBlur(r.uniform(1.5, 6)))
    return Image.composite(layer, img, mask)


def photo(seed, i, w, h):
    r = random.Random("%d-%d" % (seed, i))
    img = shapes(r, gradient(r, w, h))
    # Light and surface: two scales of texture over everything, centred on zero (offset).
    for cell, amp in ((r.randint(150, 400), 70), (r.randint(12, 30), 36)):
        img = ImageChops.add(img, texture(r, w, h, cell, amp), offset=-amp // 2)
    # Sensor grain: mostly luminance, a little colour; about +-6 levels.
    grain = Image.frombytes("L", (w, h), r.randbytes(w * h)).point(lambda v: v * 12 // 255)
    img = ImageChops.add(img, Image.merge("RGB", (grain, grain, grain)), offset=-6)
    chroma = Image.frombytes("RGB", (w, h), r.randbytes(w * h * 3)).point(lambda v: v * 5 // 255)
    return ImageChops.add(img, chroma, offset=-2)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-o", "--out", required=True, help="folder for photo-001.jpg ...")
    ap.add_argument("-n", type=int, default=100, help="number of photos (100)")
    ap.add_argument("--width", type=int, default=4000)
    ap.add_argument("--height", type=int, default=3000)
    ap.add_argument("--quality", type=int, default=90)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--force", action="store_true", help="rewrite photos that are already there")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    total = 0
    for i in range(1, a.n + 1):
        path = os.path.join(a.out, "photo-%03d.jpg" % i)
        if not a.force and os.path.exists(path):
            try:
                with Image.open(path) as old:
                    if old.size == (a.width, a.height):
                        total += os.path.getsize(path)
                        continue
            except OSError:
                pass
        tmp = path + ".tmp"
        photo(a.seed, i, a.width, a.height).save(tmp, "JPEG", quality=a.quality)
        os.replace(tmp, path)
        total += os.path.getsize(path)
    print("%d photos of %dx%d in %s, %.1f MB" % (a.n, a.width, a.height, a.out, total / 1e6))


if __name__ == "__main__":
    main()
