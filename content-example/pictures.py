#!/usr/bin/env python3
"""Draw the pictures of the Riverbend Family Medicine example site.

Written and run with Python 3.11 and Pillow 13.0.0 (`pip install pillow`).

    python3 content-example/pictures.py

Everything here is drawn from flat shapes by this script: the portraits are illustrations of the
example site's fictional providers, not photos of anyone. The output is deterministic (fixed seeds),
so running the script again gives the same files. It writes, under static/images/:

    providers/<provider-page-stem>.jpg   1200x1500 portraits, face centred at x=0.50, y=0.35
    waiting-room.jpg                     2400x1600
    locations/<location-id>.jpg          1600x1067 clinic fronts

JPEGs are baseline (not progressive), quality 85, with no EXIF block at all.
"""

import math
import random
import re
import sys
from contextlib import contextmanager
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

HERE = Path(__file__).resolve().parent
OUT = HERE / "static" / "images"
SS = 2  # draw at twice the size, then shrink: smooth edges
QUALITY = 85
MAX_BYTES = 350 * 1024

# The clinic theme's palette, plus a few friends.
TEAL = (11, 95, 115)
TEAL_DARK = (8, 71, 86)
TEAL_MID = (52, 140, 152)
TEAL_PALE = (205, 228, 232)
ORANGE = (156, 74, 0)
ORANGE_SOFT = (214, 128, 58)
PEACH = (246, 214, 184)
CREAM = (247, 241, 235)
MIST = (240, 245, 247)
PALE = (226, 236, 238)
INK = (27, 42, 50)
SLATE = (74, 89, 97)
LEAF = (143, 209, 158)
WHITE = (255, 255, 255)
GREENS = [(58, 128, 88), (78, 156, 104), (44, 108, 78), (96, 170, 116)]

FACE_FOCUS = (0.50, 0.35)  # where every portrait's face is centred, as fractions of width and height


def mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def rgba(c, a=None):
    if c is None:
        return None
    if a is None:
        a = c[3] if len(c) == 4 else 255
    return (c[0], c[1], c[2], a)


def bezier(p0, p1, p2, p3, n=32):
    pts = []
    for i in range(n + 1):
        t = i / n
        u = 1 - t
        pts.append((
            u ** 3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t ** 3 * p3[0],
            u ** 3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t ** 3 * p3[1],
        ))
    return pts


def ellipse_pts(cx, cy, rx, ry, a0, a1, n=48):
    """Points on an ellipse from angle a0 to a1 (degrees, clockwise from 3 o'clock, like Pillow)."""
    return [(cx + rx * math.cos(math.radians(a0 + (a1 - a0) * i / n)),
             cy + ry * math.sin(math.radians(a0 + (a1 - a0) * i / n))) for i in range(n + 1)]


def leaf_pts(base, angle, length, width):
    """A pointed leaf from `base`, pointing at `angle` degrees (image coordinates: -90 is up)."""
    a = math.radians(angle)
    dx, dy = math.cos(a), math.sin(a)
    nx, ny = -dy, dx
    bx, by = base
    tip = (bx + dx * length, by + dy * length)

    def at(f, side):
        return (bx + dx * length * f + nx * width * side, by + dy * length * f + ny * width * side)

    return bezier(base, at(0.25, 1), at(0.7, 1), tip, 20) + bezier(tip, at(0.7, -1), at(0.25, -1), base, 20)[1:]


class Grad:
    """A gradient fill: linear from c1 at p0 to c2 at p1, or radial from c1 at p0 to c2 at |p1 - p0|."""

    def __init__(self, c1, c2, p0, p1, radial=False):
        self.c1, self.c2, self.p0, self.p1, self.radial = rgba(c1), rgba(c2), p0, p1, radial

    def render(self, box):
        x0, y0, x1, y1 = box
        w, h = x1 - x0, y1 - y0
        sw, sh = max(2, w // 8), max(2, h // 8)
        (ax, ay), (bx, by) = self.p0, self.p1
        dx, dy = bx - ax, by - ay
        d2 = dx * dx + dy * dy or 1
        r = math.sqrt(d2)
        vals = []
        for j in range(sh):
            fy = (y0 + (j + 0.5) * h / sh) / SS
            for i in range(sw):
                fx = (x0 + (i + 0.5) * w / sw) / SS
                if self.radial:
                    t = math.hypot(fx - ax, fy - ay) / r
                else:
                    t = ((fx - ax) * dx + (fy - ay) * dy) / d2
                vals.append(round(255 * min(1.0, max(0.0, t))))
        m = Image.new("L", (sw, sh))
        m.putdata(vals)
        m = m.resize((w, h), Image.Resampling.BILINEAR)
        return Image.composite(Image.new("RGBA", (w, h), self.c2), Image.new("RGBA", (w, h), self.c1), m)


class Canvas:
    """Drawing in final-pixel units on a supersampled RGBA image."""

    def __init__(self, w, h, bg):
        self.w, self.h = w, h
        self.img = Image.new("RGBA", (w * SS, h * SS), rgba(bg))
        self.d = ImageDraw.Draw(self.img)

    @staticmethod
    def _box(b):
        return [round(v * SS) for v in b]

    @staticmethod
    def _pts(pts):
        return [(round(x * SS), round(y * SS)) for x, y in pts]

    def _do(self, method, geom, fill, **kw):
        if isinstance(fill, Grad):
            mask = Image.new("L", self.img.size, 0)
            getattr(ImageDraw.Draw(mask), method)(geom, fill=255, **kw)
            bbox = mask.getbbox()
            if bbox:
                self.img.paste(fill.render(bbox), bbox[:2], mask.crop(bbox))
        else:
            getattr(self.d, method)(geom, fill=rgba(fill), **kw)

    def rect(self, box, fill, r=0, outline=None, width=0):
        kw = dict(outline=rgba(outline), width=round(width * SS))
        if r:
            self._do("rounded_rectangle", self._box(box), fill, radius=round(r * SS), **kw)
        else:
            self._do("rectangle", self._box(box), fill, **kw)

    def ellipse(self, box, fill, outline=None, width=0):
        self._do("ellipse", self._box(box), fill, outline=rgba(outline), width=round(width * SS))

    def circle(self, cx, cy, r, fill, outline=None, width=0):
        self.ellipse((cx - r, cy - r, cx + r, cy + r), fill, outline, width)

    def polygon(self, pts, fill):
        self._do("polygon", self._pts(pts), fill)

    def chord(self, box, a0, a1, fill):
        self._do("chord", self._box(box), fill, start=a0, end=a1)

    def line(self, pts, fill, width, round_ends=True):
        p = self._pts(pts)
        w = round(width * SS)
        self.d.line(p, fill=rgba(fill), width=w, joint="curve")
        if round_ends:
            for x, y in (p[0], p[-1]):
                self.d.ellipse((x - w / 2 + 0.5, y - w / 2 + 0.5, x + w / 2 - 0.5, y + w / 2 - 0.5), fill=rgba(fill))

    def arc(self, box, a0, a1, fill, width):
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        self.line(ellipse_pts(cx, cy, (box[2] - box[0]) / 2, (box[3] - box[1]) / 2, a0, a1, 24), fill, width)

    @contextmanager
    def layer(self, blur=0, opacity=1.0):
        """Draw on a transparent layer, then blend it in (with optional blur and opacity)."""
        base, based = self.img, self.d
        self.img = Image.new("RGBA", base.size, (0, 0, 0, 0))
        self.d = ImageDraw.Draw(self.img)
        try:
            yield self
        finally:
            lay = self.img
            if blur:
                lay = lay.filter(ImageFilter.GaussianBlur(blur * SS))
            if opacity < 1:
                lay.putalpha(lay.getchannel("A").point(lambda v: round(v * opacity)))
            base.alpha_composite(lay)
            self.img, self.d = base, based

    def finish(self, seed, grain=2.5):
        """Shrink to final size and add a soft film grain (so the file compresses like a photo)."""
        img = self.img.convert("RGB").resize((self.w, self.h), Image.Resampling.LANCZOS)
        rnd = random.Random(seed)
        noise = Image.frombytes("L", (self.w, self.h), rnd.randbytes(self.w * self.h))
        noise = noise.filter(ImageFilter.GaussianBlur(0.7))
        # The blurred noise has a standard deviation of about 33 levels: scale it to `grain` levels.
        pos = noise.point(lambda v: min(255, round(max(0, v - 128) * grain / 33)))
        neg = noise.point(lambda v: min(255, round(max(0, 128 - v) * grain / 33)))
        img = ImageChops.add(img, Image.merge("RGB", (pos, pos, pos)))
        img = ImageChops.subtract(img, Image.merge("RGB", (neg, neg, neg)))
        return img


def save(img, rel):
    path = OUT / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    # No exif= argument: Pillow then writes no EXIF block (and no GPS or camera data).
    img.save(path, "JPEG", quality=QUALITY, optimize=True, progressive=False)
    size = path.stat().st_size
    print(f"{path.relative_to(HERE)}  {img.width}x{img.height}  {size} bytes")
    if size > MAX_BYTES:
        sys.exit(f"{rel} is {size} bytes, over the {MAX_BYTES} limit")


def emblem(c, cx, cy, r, ring=TEAL_DARK):
    """The Riverbend mark (a leaf over a river), as in logo.svg: no text."""
    s = r / 30
    c.circle(cx, cy, r, ring)
    c.polygon(leaf_pts((cx, cy + 11 * s), -90, 23 * s, 9 * s), LEAF)
    c.line([(cx, cy + 11 * s), (cx, cy - 6 * s)], ring, max(1.5, 2 * s))
    wave = bezier((cx - 27 * s, cy + 13 * s), (cx - 12 * s, cy + 5 * s), (cx + 8 * s, cy + 21 * s), (cx + 27 * s, cy + 12 * s))
    c.line(wave, WHITE, 4 * s)
    low = bezier((cx - 26 * s, cy + 21 * s), (cx - 10 * s, cy + 15 * s), (cx + 8 * s, cy + 28 * s), (cx + 24 * s, cy + 20 * s))
    c.line(low, (205, 233, 238), 4 * s)


# --------------------------------------------------------------------------------------------------
# Portraits

PORTRAITS = {
    "maya-okafor": dict(
        seed=101, skin=(124, 80, 56), hair=(30, 22, 20), style="puff", outfit="coat",
        shirt=ORANGE_SOFT, tube=TEAL_DARK, earrings=(232, 176, 60), smile="open",
        bg=((214, 234, 237), (150, 196, 204)), halo=MIST, decor=ORANGE_SOFT),
    "daniel-reyes": dict(
        seed=202, skin=(192, 138, 98), hair=(54, 38, 30), style="short", beard=True, outfit="coat",
        shirt=(176, 208, 226), bowtie=ORANGE, tube=INK, smile="open",
        bg=((250, 230, 206), (232, 186, 146)), halo=CREAM, decor=TEAL_MID),
    "grace-lindqvist": dict(
        seed=303, skin=(240, 203, 178), hair=(206, 160, 92), style="long", outfit="scrubs",
        scrubs=(58, 84, 140), badge=True, smile="closed",
        bg=((232, 240, 241), (180, 208, 214)), halo=WHITE, decor=ORANGE_SOFT),
    "samuel-park": dict(
        seed=404, skin=(226, 182, 142), hair=(26, 26, 32), style="side", glasses=True, outfit="scrubs",
        scrubs=(24, 122, 128), tube=INK, smile="open",
        bg=((248, 238, 226), (228, 204, 180)), halo=WHITE, decor=TEAL_MID),
}

PW, PH = 1200, 1500
CX, CY = PW * FACE_FOCUS[0], PH * FACE_FOCUS[1]  # 600, 525: the centre of the face
HRX, HRY = 180, 220  # head radii


def hair_cap(c, colour, grow_x, grow_y, hairline):
    """Hair over the top of the head, ending at a hairline drawn from the right temple to the left."""
    top = ellipse_pts(CX, CY - 8, HRX + grow_x, HRY + grow_y, 192, 348)
    c.polygon(top + hairline, colour)


def portrait(stem, p):
    rnd = random.Random(p["seed"])
    skin, hair = p["skin"], p["hair"]
    shade = mix(skin, (60, 30, 20), 0.22)
    c = Canvas(PW, PH, p["bg"][0])

    # Background: soft gradient, a pale halo behind the head, a few leaves and a river line.
    c.rect((0, 0, PW, PH), Grad(p["bg"][0], p["bg"][1], (0, 0), (PW * 0.2, PH)))
    c.ellipse((CX - 470, CY - 440, CX + 470, CY + 500), Grad(rgba(p["halo"]), p["bg"][0], (CX, CY), (CX, CY + 470), radial=True))
    with c.layer(opacity=0.35):
        for side in (-1, 1):
            bx = CX + side * rnd.uniform(390, 450)
            by = rnd.uniform(260, 420)
            for k in range(3):
                ang = -90 + side * (25 + 30 * k) + rnd.uniform(-6, 6)
                c.polygon(leaf_pts((bx, by + 160), ang, rnd.uniform(150, 200), rnd.uniform(38, 50)), p["decor"])
    with c.layer(opacity=0.25):
        c.line(bezier((-40, 1080), (300, 980), (820, 1160), (1240, 1020), 48), WHITE, 26)

    # Long hair falls behind the head and shoulders.
    if p["style"] == "long":
        c.rect((CX - 228, CY - 238, CX + 228, CY + 470), Grad(mix(hair, INK, 0.15), hair, (0, CY + 400), (0, CY - 200)), r=210)
    if p["style"] == "puff":
        c.ellipse((CX - 265, CY - 345, CX + 265, CY + 95), hair)
        for a in range(150, 395, 18):
            x = CX + 255 * math.cos(math.radians(a))
            y = CY - 125 + 215 * math.sin(math.radians(a))
            c.circle(x, y, 52 + rnd.uniform(-6, 6), hair)

    # Neck and body.
    c.rect((CX - 56, CY + 140, CX + 56, CY + 330), Grad(mix(shade, INK, 0.2), skin, (0, CY + 200), (0, CY + 300)))
    torso = (140, CY + 305, 1060, PH + 400)
    if p["outfit"] == "coat":
        c.rect(torso, Grad(WHITE, (214, 224, 229), (0, CY + 305), (0, PH)), r=320)
        c.polygon([(CX - 105, CY + 302), (CX + 105, CY + 302), (CX, CY + 785)], Grad(p["shirt"], mix(p["shirt"], INK, 0.2), (0, CY + 310), (0, CY + 785)))
        c.polygon([(CX - 52, CY + 302), (CX + 52, CY + 302), (CX, CY + 405)], skin)
        for s in (-1, 1):  # shirt collar points
            c.polygon([(CX + s * 52, CY + 295), (CX + s * 6, CY + 400), (CX + s * 78, CY + 362)], mix(p["shirt"], WHITE, 0.25))
        for s in (-1, 1):  # lapels
            c.polygon([(CX + s * 105, CY + 302), (CX + s * 160, CY + 335), (CX + s * 48, CY + 670), (CX, CY + 785)], (222, 230, 234))
            c.line([(CX + s * 105, CY + 302), (CX, CY + 785)], (196, 208, 214), 5)
        for k in range(2):  # buttons below the opening
            c.circle(CX + 18, CY + 825 + 60 * k, 11, (196, 208, 214))
        c.rect((CX + 150, CY + 560, CX + 300, CY + 630), None, outline=(198, 210, 216), width=6)  # chest pocket
        c.rect((CX + 180, CY + 522, CX + 198, CY + 590), ORANGE, r=6)  # a pen
        if p.get("bowtie"):
            bt = p["bowtie"]
            c.polygon([(CX, CY + 380), (CX - 58, CY + 350), (CX - 58, CY + 415)], bt)
            c.polygon([(CX, CY + 380), (CX + 58, CY + 350), (CX + 58, CY + 415)], bt)
            c.circle(CX, CY + 381, 15, mix(bt, INK, 0.25))
    else:
        sc = p["scrubs"]
        c.rect(torso, Grad(mix(sc, WHITE, 0.12), mix(sc, INK, 0.18), (0, CY + 305), (0, PH)), r=320)
        c.polygon([(CX - 62, CY + 302), (CX + 62, CY + 302), (CX, CY + 455)], skin)
        trim = mix(sc, INK, 0.35)
        c.line([(CX - 64, CY + 304), (CX, CY + 462), (CX + 64, CY + 304)], trim, 14)
        c.rect((CX + 130, CY + 550, CX + 290, CY + 670), None, outline=trim, width=7)  # pocket
        c.rect((CX + 165, CY + 510, CX + 183, CY + 580), ORANGE_SOFT, r=6)
        c.rect((CX + 198, CY + 522, CX + 214, CY + 580), WHITE, r=6)
        if p.get("badge"):
            c.line([(CX - 190, CY + 470), (CX - 190, CY + 530)], (150, 160, 168), 6)
            c.rect((CX - 250, CY + 520, CX - 130, CY + 680), WHITE, r=12)
            c.rect((CX - 250, CY + 520, CX - 130, CY + 560), TEAL, r=12)
            c.rect((CX - 250, CY + 542, CX - 130, CY + 560), TEAL)
            c.circle(CX - 190, CY + 605, 26, (200, 212, 218))
            c.rect((CX - 230, CY + 645, CX - 150, CY + 658), (200, 212, 218), r=6)
    if p.get("tube"):  # stethoscope around the neck
        t = p["tube"]
        c.line(bezier((CX - 58, CY + 290), (CX - 120, CY + 380), (CX - 110, CY + 510), (CX - 95, CY + 610)), t, 16)
        c.circle(CX - 95, CY + 645, 38, (196, 204, 210), outline=mix(t, INK, 0.3), width=9)
        c.circle(CX - 95, CY + 645, 16, (232, 236, 238))
        c.line(bezier((CX + 58, CY + 290), (CX + 110, CY + 380), (CX + 105, CY + 470), (CX + 92, CY + 520)), t, 16)
        for s in (-1, 1):
            c.line([(CX + 92, CY + 520), (CX + 92 + s * 30, CY + 575)], (160, 168, 174), 8)
            c.circle(CX + 92 + s * 30, CY + 578, 11, INK)
    if p.get("style") == "long":  # locks of hair in front of the shoulders
        for s in (-1, 1):
            c.polygon(bezier((CX + s * 150, CY + 90), (CX + s * 200, CY + 300), (CX + s * 190, CY + 380), (CX + s * 165, CY + 470))
                      + bezier((CX + s * 165, CY + 470), (CX + s * 230, CY + 430), (CX + s * 250, CY + 300), (CX + s * 226, CY + 60)),
                      mix(hair, WHITE, 0.06))

    # Ears, head.
    if p["style"] != "long":
        for s in (-1, 1):
            c.ellipse((CX + s * 178 - 30, CY - 25, CX + s * 178 + 30, CY + 75), shade)
            c.ellipse((CX + s * 176 - 18, CY - 10, CX + s * 176 + 18, CY + 58), mix(shade, INK, 0.12))
        if p.get("earrings"):
            for s in (-1, 1):
                c.circle(CX + s * 180, CY + 88, 13, p["earrings"])
    c.ellipse((CX - HRX, CY - HRY, CX + HRX, CY + HRY), Grad(mix(skin, WHITE, 0.06), skin, (CX - 60, CY - 120), (CX + 80, CY + 200)))
    with c.layer(blur=14, opacity=0.35):  # cheeks
        for s in (-1, 1):
            c.ellipse((CX + s * 108 - 40, CY + 70, CX + s * 108 + 40, CY + 110), (232, 110, 100))

    if p.get("beard"):
        bc = mix(hair, skin, 0.15)
        c.chord((CX - HRX + 4, CY - HRY + 4, CX + HRX - 4, CY + HRY), 10, 170, bc)
        c.ellipse((CX - 148, CY - 150, CX + 148, CY + 188), skin)
        c.polygon(bezier((CX - 74, CY + 104), (CX - 40, CY + 80), (CX + 40, CY + 80), (CX + 74, CY + 104))
                  + bezier((CX + 74, CY + 104), (CX + 40, CY + 94), (CX - 40, CY + 94), (CX - 74, CY + 104)), bc)

    # Hair on top.
    style = p["style"]
    if style == "puff":
        hair_cap(c, hair, 8, 10, bezier((CX + 176, CY - 40), (CX + 150, CY - 175), (CX - 150, CY - 175), (CX - 176, CY - 40)))
    elif style == "short":
        hair_cap(c, hair, 18, 30, bezier((CX + 178, CY - 30), (CX + 160, CY - 150), (CX - 40, CY - 175), (CX - 178, CY - 30)))
        for s in (-1, 1):
            c.rect((CX + s * 170 - 12, CY - 70, CX + s * 170 + 12, CY + 20), hair, r=10)
    elif style == "long":
        hair_cap(c, hair, 22, 26, bezier((CX + 182, CY + 60), (CX + 150, CY - 120), (CX - 20, CY - 170), (CX - 80, CY - 95))
                 + bezier((CX - 80, CY - 95), (CX - 120, CY - 60), (CX - 160, CY - 80), (CX - 182, CY + 60))[1:])
        c.line(bezier((CX - 60, CY - 230), (CX - 40, CY - 190), (CX - 40, CY - 150), (CX - 70, CY - 100)), mix(hair, WHITE, 0.25), 7)
    elif style == "side":
        hair_cap(c, hair, 16, 26, bezier((CX + 178, CY - 20), (CX + 168, CY - 160), (CX + 40, CY - 180), (CX - 30, CY - 140))
                 + bezier((CX - 30, CY - 140), (CX - 90, CY - 150), (CX - 160, CY - 110), (CX - 178, CY - 20))[1:])

    # Face.
    brow = mix(hair, INK, 0.4) if sum(hair) > 300 else hair
    for s in (-1, 1):
        ex, ey = CX + s * 76, CY + 12
        c.arc((ex - 48, ey - 62, ex + 48, ey - 18), 200 if s < 0 else 210, 330 if s < 0 else 340, brow, 12)
        c.ellipse((ex - 14, ey - 17, ex + 14, ey + 17), INK)
        c.circle(ex + 5, ey - 7, 5, WHITE)
    c.arc((CX - 20, CY + 38, CX + 20, CY + 86), 25, 155, shade, 7)  # nose
    if p["smile"] == "open":
        c.chord((CX - 58, CY + 92, CX + 58, CY + 165), 0, 180, (118, 40, 46))
        c.chord((CX - 46, CY + 112, CX + 46, CY + 142), 0, 180, WHITE)
    else:
        c.arc((CX - 62, CY + 68, CX + 62, CY + 140), 30, 150, mix(shade, (150, 40, 50), 0.35), 9)
    if p.get("glasses"):
        with c.layer(opacity=0.25):
            for s in (-1, 1):
                c.rect((CX + s * 78 - 62, CY - 32, CX + s * 78 + 62, CY + 58), WHITE, r=30)
        for s in (-1, 1):
            c.rect((CX + s * 78 - 62, CY - 32, CX + s * 78 + 62, CY + 58), None, r=30, outline=INK, width=9)
            c.line([(CX + s * 140, CY - 8), (CX + s * 176, CY - 16)], INK, 9)
        c.arc((CX - 18, CY - 10, CX + 18, CY + 20), 200, 340, INK, 8)

    save(c.finish(p["seed"]), f"providers/{stem}.jpg")


# --------------------------------------------------------------------------------------------------
# The waiting room

def waiting_room():
    W, H = 2400, 1600
    rnd = random.Random(7)
    c = Canvas(W, H, CREAM)
    FLOOR = 1180
    c.rect((0, 0, W, FLOOR), Grad((252, 247, 240), (238, 227, 214), (0, 0), (0, FLOOR)))
    c.rect((0, 960, W, FLOOR), Grad((222, 236, 238), (204, 224, 228), (0, 960), (0, FLOOR)))
    c.rect((0, 948, W, 966), (250, 252, 252))
    c.rect((0, FLOOR, W, H), Grad((218, 184, 146), (190, 150, 108), (0, FLOOR), (0, H)))
    with c.layer(opacity=0.35):
        y = FLOOR + 34
        gap = 38
        while y < H:
            c.line([(0, y), (W, y)], (150, 110, 74), 3, round_ends=False)
            off = rnd.uniform(0, 500)
            for x in range(int(off), W, 520):
                c.line([(x, y), (x, y + gap)], (150, 110, 74), 3, round_ends=False)
            gap += 8
            y += gap
    c.rect((0, FLOOR - 14, W, FLOOR + 6), (250, 250, 248))

    # Window with a view of hills and a river bend.
    gx0, gy0, gx1, gy1 = 180, 200, 880, 880
    c.rect((gx0, gy0, gx1, gy1), Grad((150, 200, 226), (222, 240, 246), (0, gy0), (0, 720)))
    for cx, cy, r in ((330, 320, 46), (390, 300, 60), (450, 325, 42), (700, 390, 38), (745, 372, 50)):
        c.circle(cx, cy, r, (250, 252, 253))
    c.polygon([(gx0, 700)] + bezier((gx0, 700), (350, 560), (560, 640), (gx1, 590)) + [(gx1, gy1), (gx0, gy1)], (170, 206, 180))
    c.polygon([(gx0, 780)] + bezier((gx0, 780), (420, 680), (640, 760), (gx1, 700)) + [(gx1, gy1), (gx0, gy1)], (128, 182, 140))
    river = bezier((gx0, 860), (420, 800), (300, 760), (gx1, 735))
    c.polygon(river + bezier((gx1, 775), (360, 810), (520, 850), (gx0 + 160, gy1)) + [(gx0, gy1)], (176, 216, 226))
    c.rect((720, 620, 736, 720), (110, 84, 62))
    for dx, dy, r in ((0, -60, 62), (-40, -30, 48), (42, -28, 50)):
        c.circle(728 + dx, 640 + dy, r, GREENS[2])
    c.rect((gx0, gy0, gx1, gy1), None, outline=(252, 252, 250), width=28)
    c.rect((522, gy0, 538, gy1), (252, 252, 250))
    c.rect((gx0, 532, gx1, 548), (252, 252, 250))
    c.rect((150, gy1, 910, gy1 + 34), (244, 244, 240), r=6)
    with c.layer(blur=10, opacity=0.25):
        c.rect((160, gy1 + 34, 900, gy1 + 50), SLATE)

    # Rug.
    c.rect((380, 1330, 1520, 1530), (204, 120, 64), r=90)
    c.rect((410, 1352, 1490, 1508), None, r=72, outline=(240, 206, 170), width=10)
    for k in range(6):
        c.circle(550 + k * 160, 1430, 20, (240, 206, 170))

    # Chairs and a little table.
    def chair(x, col):
        with c.layer(blur=16, opacity=0.35):
            c.ellipse((x - 40, 1214, x + 240, 1262), INK)
        for lx0, lx1 in ((x + 28, x + 14), (x + 172, x + 186)):
            c.line([(lx0, 1050), (lx1, 1238)], (70, 80, 88), 13)
        c.rect((x, 810, x + 200, 1010), Grad(mix(col, WHITE, 0.12), col, (0, 810), (0, 1010)), r=44)
        c.rect((x + 22, 832, x + 178, 975), None, r=32, outline=mix(col, WHITE, 0.2), width=5)
        c.rect((x - 14, 982, x + 214, 1060), Grad(mix(col, WHITE, 0.08), mix(col, INK, 0.2), (0, 982), (0, 1060)), r=32)

    chair(190, TEAL)
    chair(430, ORANGE_SOFT)
    with c.layer(blur=14, opacity=0.3):
        c.ellipse((660, 1210, 800, 1250), INK)
    c.line([(690, 1010), (690, 1232)], (120, 90, 64), 12)
    c.line([(770, 1010), (770, 1232)], (120, 90, 64), 12)
    c.rect((660, 990, 800, 1018), (196, 152, 108), r=8)
    c.rect((676, 962, 788, 990), TEAL_PALE, r=4)
    c.rect((684, 944, 770, 964), (250, 220, 190), r=4)
    c.rect((680, 930, 780, 946), ORANGE_SOFT, r=4)
    chair(840, TEAL)

    # A plant in a pot.
    px = 1240
    with c.layer(blur=14, opacity=0.3):
        c.ellipse((px - 120, 1212, px + 120, 1256), INK)
    for k in range(15):
        ang = -165 + k * 10 + rnd.uniform(-5, 5)
        c.polygon(leaf_pts((px, 1060), ang, rnd.uniform(180, 330), rnd.uniform(26, 36)), GREENS[k % 4])
    c.polygon([(px - 95, 1060), (px + 95, 1060), (px + 72, 1236), (px - 72, 1236)], Grad((200, 110, 54), ORANGE, (px - 95, 0), (px + 95, 0)))
    c.rect((px - 104, 1050, px + 104, 1084), (186, 96, 40), r=8)

    # Art on the wall: a river bend.
    ax0, ay0, ax1, ay1 = 1160, 280, 1560, 600
    c.rect((ax0 - 18, ay0 - 18, ax1 + 18, ay1 + 18), (176, 136, 96), r=6)
    c.rect((ax0, ay0, ax1, ay1), (250, 240, 226))
    c.circle(1460, 370, 46, ORANGE_SOFT)
    c.polygon([(ax0, 500)] + bezier((ax0, 500), (1300, 430), (1420, 520), (ax1, 450)) + [(ax1, ay1), (ax0, ay1)], (150, 196, 160))
    c.polygon(bezier((ax0, 590), (1320, 520), (1280, 560), (ax1, 500)) + [(ax1, 540)] + bezier((ax1, 540), (1380, 600), (1360, 580), (ax0 + 120, ay1)) + [(ax0, ay1)], TEAL_MID)

    # Reception desk, a clock, a mark on the wall, pendant lights.
    c.circle(1740, 300, 74, WHITE, outline=SLATE, width=10)
    c.line([(1740, 300), (1740, 250)], INK, 8)
    c.line([(1740, 300), (1778, 318)], INK, 8)
    c.circle(1740, 300, 8, ORANGE)
    c.rect((1880, 400, 2240, 590), TEAL, r=24)
    emblem(c, 1960, 495, 58, ring=TEAL_DARK)
    for k, wbar in enumerate((170, 130)):
        c.rect((2040, 460 + k * 48, 2040 + wbar, 484 + k * 48), (198, 226, 232), r=12)
    for lx in (1900, 2200):
        c.line([(lx, 0), (lx, 140)], INK, 4)
        with c.layer(blur=40, opacity=0.35):
            c.circle(lx, 200, 110, (255, 236, 190))
        c.chord((lx - 70, 130, lx + 70, 240), 180, 360, ORANGE)
    c.rect((1760, 640, 1950, 770), (60, 70, 78), r=10)
    c.rect((2180, 700, 2240, 770), TEAL_PALE, r=10)
    for dx, dy, col in ((-16, -26, ORANGE_SOFT), (16, -34, (236, 200, 90)), (0, -52, ORANGE_SOFT)):
        c.line([(2210, 700), (2210 + dx, 710 + dy)], GREENS[1], 5)
        c.circle(2210 + dx, 700 + dy, 17, col)
    with c.layer(blur=20, opacity=0.35):
        c.ellipse((1600, 1200, 2400, 1290), INK)
    c.rect((1620, 800, 2360, 1240), Grad(TEAL_MID, TEAL, (0, 800), (0, 1240)))
    for x in range(1700, 2360, 160):
        c.line([(x, 830), (x, 1200)], mix(TEAL_MID, WHITE, 0.15), 4)
    c.rect((1600, 760, 2380, 806), Grad((236, 210, 176), (206, 170, 128), (0, 760), (0, 806)), r=8)
    c.rect((1620, 1222, 2360, 1244), TEAL_DARK)
    c.circle(1990, 1010, 104, (240, 245, 247))
    emblem(c, 1990, 1010, 92)

    save(c.finish(7, grain=1.2), "waiting-room.jpg")


# --------------------------------------------------------------------------------------------------
# Clinic fronts

LW, LH = 1600, 1067


def tree(c, x, ground, h, r, greens):
    c.rect((x - 12, ground - h, x + 12, ground), (104, 78, 58))
    for dx, dy, rr, col in ((0, -h - r * 0.2, r, greens[0]), (-r * 0.55, -h + r * 0.25, r * 0.75, greens[1]),
                            (r * 0.6, -h + r * 0.2, r * 0.78, greens[2])):
        c.circle(x + dx, ground + dy, rr, col)


def downtown():
    rnd = random.Random(21)
    c = Canvas(LW, LH, MIST)
    c.rect((0, 0, LW, 900), Grad((160, 204, 226), (230, 240, 244), (0, 0), (0, 820)))
    x = -20
    while x < LW:  # the city behind, faded
        w = rnd.uniform(90, 180)
        top = rnd.uniform(300, 560)
        c.rect((x, top, x + w, 900), (196, 214, 222))
        x += w + rnd.uniform(-10, 20)
    # Neighbours.
    c.rect((0, 260, 300, 900), Grad((150, 162, 172), (128, 140, 150), (0, 260), (0, 900)))
    for row in range(6):
        for col in range(3):
            c.rect((30 + col * 90, 300 + row * 95, 90 + col * 90, 360 + row * 95), (190, 208, 218))
    c.rect((1300, 120, LW, 900), Grad((224, 206, 180), (204, 184, 158), (0, 120), (0, 900)))
    for row in range(7):
        for col in range(3):
            c.rect((1335 + col * 90, 160 + row * 100, 1395 + col * 90, 230 + row * 100), (170, 196, 210))

    # The clinic: three storeys, a glass ground floor.
    c.rect((300, 170, 1300, 900), Grad((206, 140, 104), (178, 112, 82), (0, 170), (0, 900)))
    with c.layer(opacity=0.18):  # brick courses
        for y in range(190, 640, 26):
            c.line([(300, y), (1300, y)], (120, 70, 50), 2, round_ends=False)
    c.rect((284, 150, 1316, 190), (236, 222, 204))
    c.rect((300, 398, 1300, 412), (226, 206, 186))
    for row, y0 in enumerate((225, 440)):
        for k in range(5):
            wx = 370 + k * 186
            c.rect((wx - 8, y0 - 8, wx + 128, y0 + 158), (240, 232, 220))
            c.rect((wx, y0, wx + 120, y0 + 150), Grad((150, 190, 210), (214, 232, 240), (wx, y0), (wx + 120, y0 + 150)))
            c.rect((wx + 56, y0, wx + 64, y0 + 150), (240, 232, 220))
            c.rect((wx - 14, y0 + 150, wx + 134, y0 + 166), (236, 222, 204))
            if row == 1 and k in (1, 3):  # blinds half down
                c.rect((wx, y0, wx + 120, y0 + 52), (246, 238, 220))
                for by in (y0 + 14, y0 + 28, y0 + 42):
                    c.line([(wx, by), (wx + 120, by)], (222, 210, 190), 2, round_ends=False)
    # Sign band with the mark (no words).
    c.rect((300, 622, 1300, 690), TEAL_DARK)
    c.rect((640, 608, 960, 704), TEAL, r=16)
    emblem(c, 700, 656, 36, ring=TEAL_DARK)
    for k, wbar in enumerate((190, 140)):
        c.rect((752, 630 + k * 30, 752 + wbar, 646 + k * 30), (206, 232, 236), r=8)
    # Storefront.
    c.rect((330, 700, 1270, 900), TEAL_DARK)
    for k in range(5):
        if k == 2:
            continue
        sx = 350 + k * 184
        c.rect((sx, 716, sx + 168, 890), Grad((168, 206, 220), (226, 240, 244), (sx, 716), (sx + 168, 890)))
    c.rect((720, 716, 880, 900), Grad((120, 170, 188), (190, 222, 230), (720, 716), (880, 900)))
    c.line([(800, 716), (800, 900)], TEAL_DARK, 6, round_ends=False)
    c.line([(786, 790), (786, 840)], (230, 236, 238), 6)
    c.line([(814, 790), (814, 840)], (230, 236, 238), 6)
    c.polygon([(690, 700), (910, 700), (936, 752), (664, 752)], ORANGE)
    c.rect((664, 748, 936, 758), mix(ORANGE, INK, 0.3))
    # Street.
    c.rect((0, 900, LW, 980), Grad((222, 220, 212), (200, 198, 190), (0, 900), (0, 980)))
    for x in range(40, LW, 160):
        c.line([(x, 902), (x - 30, 978)], (180, 178, 170), 3, round_ends=False)
    c.rect((0, 976, LW, 988), (172, 172, 168))
    c.rect((0, 988, LW, LH), Grad((112, 120, 126), (92, 100, 106), (0, 988), (0, LH)))
    for x in range(0, LW, 220):
        c.rect((x + 40, 1030, x + 160, 1040), (236, 230, 200))
    for px in (560, 1040):
        c.rect((px - 60, 846, px + 60, 900), TEAL, r=6)
        for dx in (-36, 0, 36):
            c.circle(px + dx, 838, 34, GREENS[1 + (dx > 0)])
    with c.layer(blur=12, opacity=0.3):
        c.ellipse((110, 930, 330, 960), INK)
        c.ellipse((1270, 930, 1490, 960), INK)
    tree(c, 220, 945, 260, 120, [GREENS[1], GREENS[0], GREENS[3]])
    tree(c, 1380, 945, 240, 112, [GREENS[3], GREENS[2], GREENS[1]])

    save(c.finish(21, grain=2.0), "locations/downtown.jpg")


def eastside():
    rnd = random.Random(42)
    c = Canvas(LW, LH, MIST)
    c.rect((0, 0, LW, 640), Grad((140, 196, 224), (226, 240, 244), (0, 0), (0, 600)))
    with c.layer(opacity=0.85):
        for cx, cy in ((260, 150), (1150, 110), (1420, 230)):
            for dx, dy, r in ((-60, 10, 44), (0, -10, 60), (62, 8, 46)):
                c.circle(cx + dx, cy + dy, r, WHITE)
            c.rect((cx - 100, cy + 10, cx + 104, cy + 54), WHITE, r=22)
    c.polygon([(0, 560)] + bezier((0, 560), (400, 470), (900, 560), (LW, 480)) + [(LW, 700), (0, 700)], (164, 196, 176))
    for k in range(26):  # a line of trees behind
        x = k * 64 + rnd.uniform(-10, 10)
        c.circle(x, 560 + rnd.uniform(-20, 20), rnd.uniform(40, 62), GREENS[(k * 3) % 4])
    c.rect((0, 580, LW, 800), Grad((150, 190, 118), (128, 172, 100), (0, 580), (0, 800)))

    # The clinic: one storey, a warm entrance, wood siding on the right.
    with c.layer(blur=16, opacity=0.35):
        c.rect((200, 740, 1400, 790), INK)
    c.rect((230, 440, 1370, 770), Grad((246, 236, 220), (232, 218, 198), (0, 440), (0, 770)))
    c.rect((920, 440, 1370, 770), Grad((196, 136, 86), (168, 108, 64), (0, 440), (0, 770)))
    for x in range(940, 1370, 28):
        c.line([(x, 450), (x, 768)], (150, 96, 58), 3, round_ends=False)
    c.rect((230, 720, 920, 770), (176, 166, 154))
    c.rect((200, 410, 1400, 452), (66, 78, 86))
    for wx0 in (280, 470):  # windows on the left
        c.rect((wx0, 500, wx0 + 160, 680), (250, 250, 248))
        c.rect((wx0 + 10, 510, wx0 + 150, 670), Grad((150, 196, 216), (222, 238, 244), (wx0, 510), (wx0 + 160, 670)))
    for wx0 in (980, 1170):  # windows on the right
        c.rect((wx0, 500, wx0 + 150, 670), (70, 80, 88))
        c.rect((wx0 + 8, 508, wx0 + 142, 662), Grad((150, 196, 216), (222, 238, 244), (wx0, 508), (wx0 + 150, 662)))
    # Entrance.
    c.rect((660, 350, 900, 770), Grad((196, 102, 32), ORANGE, (0, 350), (0, 770)))
    c.rect((640, 330, 920, 362), (66, 78, 86))
    c.rect((620, 560, 940, 590), (66, 78, 86))
    c.circle(780, 455, 52, (246, 236, 220))
    emblem(c, 780, 455, 44)
    c.rect((690, 600, 870, 770), (230, 236, 238))
    c.rect((698, 608, 776, 770), Grad((130, 178, 196), (200, 228, 236), (698, 608), (776, 770)))
    c.rect((784, 608, 862, 770), Grad((130, 178, 196), (200, 228, 236), (784, 608), (862, 770)))
    c.rect((764, 670, 770, 710), INK)
    c.rect((790, 670, 796, 710), INK)
    for bx in list(range(250, 650, 56)) + list(range(940, 1370, 56)):  # shrubs
        c.circle(bx, 760, 34 + (bx * 7) % 9, GREENS[(bx // 56) % 4])

    # Walk and parking lot, with two accessible spaces by the door.
    c.rect((0, 770, LW, 810), (214, 212, 204))
    c.rect((0, 810, LW, LH), Grad((128, 134, 138), (98, 104, 108), (0, 810), (0, LH)))
    c.rect((0, 806, LW, 816), (236, 230, 200))
    for k in range(-2, 11):
        x = 120 + k * 150
        c.line([(x, 830), (x - 60, LH + 10)], (236, 236, 232), 8, round_ends=False)
    for k, x in enumerate((570, 720)):
        c.polygon([(x + 6, 830), (x + 144, 830), (x + 84, LH + 10), (x - 54, LH + 10)], (44, 104, 170))
        sx, sy = x + 50, 950
        c.circle(sx + 4, sy - 52, 12, WHITE)  # a simple access symbol
        c.line([(sx + 2, sy - 34), (sx - 2, sy + 4), (sx + 30, sy + 4), (sx + 44, sy + 34)], WHITE, 9)
        c.arc((sx - 40, sy - 16, sx + 24, sy + 48), 120, 400, WHITE, 8)
    # A low sign by the road, and trees.
    c.rect((90, 700, 330, 800), Grad(TEAL_MID, TEAL, (0, 700), (0, 800)), r=12)
    c.rect((110, 800, 310, 840), (170, 160, 150))
    emblem(c, 150, 750, 32)
    c.rect((196, 726, 300, 742), (206, 232, 236), r=8)
    c.rect((196, 758, 280, 774), (206, 232, 236), r=8)
    with c.layer(blur=12, opacity=0.3):
        c.ellipse((1390, 800, 1600, 830), INK)
    tree(c, 1490, 815, 300, 140, [GREENS[0], GREENS[3], GREENS[1]])

    save(c.finish(42, grain=2.0), "locations/eastside.jpg")


# --------------------------------------------------------------------------------------------------

def check_names():
    """The picture names follow the content: provider page stems and location ids."""
    stems = sorted(p.name[:-3] for p in (HERE / "content" / "providers").glob("*.md")
                   if not p.name.startswith("_") and p.name.count(".") == 1)
    missing = [s for s in stems if s not in PORTRAITS]
    if missing:
        sys.exit(f"no portrait drawn for provider page(s): {', '.join(missing)}: add them to PORTRAITS")
    yaml = (HERE / "portico.yaml").read_text(encoding="utf-8")
    ids = re.findall(r"^  - id: (\S+)", yaml, re.M)
    if sorted(ids) != ["downtown", "eastside"]:
        sys.exit(f"portico.yaml locations are {ids}: this script draws downtown and eastside")
    return stems


def main():
    stems = check_names()
    for stem in stems:
        portrait(stem, PORTRAITS[stem])
    waiting_room()
    downtown()
    eastside()


if __name__ == "__main__":
    main()
