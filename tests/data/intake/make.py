#!/usr/bin/env python3
"""Builds the intake evaluation set: each letter of letters.py laid out as an A4 letter
(หนังสือภายนอก or บันทึกข้อความ) in a Thai font, printed to PDF by headless Chromium, then
rendered and degraded with ImageMagick into a scan and a phone photo, with fixed parameters.

Needs: chromium, poppler-utils (pdftoppm), imagemagick, fonts-thai-tlwg. Run from anywhere:
    python3 tests/data/intake/make.py [NAME ...]
Writes NAME.pdf (text layer), NAME.scan.jpg, NAME.photo.jpg and expected.tsv next to itself
(with names given, only those letters' files are rebuilt; expected.tsv always lists all).
The outputs are committed; this script is kept to rebuild them.

Letters: modelled ones (letters.py, l01..l30) and real ones (real_letters.py, r01..; their
sources in sources.md). Split: tune/ holds l01..l12 and r01..r02 (the seed letter, whose
modelled twins l01 and l02 were tuned on); held-out/ holds l13..l30 and r03..; real/ holds
every real letter.

Degradation (fixed, seeded per letter, so a rebuild gives the same pictures):
- scan: 150 dpi grey, rotated by a seeded angle in [-1.5, +1.5] degrees, Gaussian noise
  (attenuate 0.4), JPEG quality 65;
- photo: 150 dpi grey, a perspective warp (corners moved by up to 3 % of the page), a
  left-to-right lighting gradient, rotation in [-1.5, +1.5], blur 0.6, noise, JPEG quality 60.
"""
import html
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from letters import LETTERS  # noqa: E402
from real_letters import REAL  # noqa: E402

ALL = LETTERS + REAL

TUNED = 12  # letters l01..l12 were looked at while tuning; l13..l30 were not
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")

STYLE = """
@page { size: A4; margin: 1.5cm 2cm 2cm 3cm; }
body { font-family: 'Laksaman', 'Garuda'; font-size: 16pt; line-height: 1.25; }
p { margin: 0 0 0.25em 0; }
.mark { font-size: 20pt; font-weight: bold; margin-bottom: 0.3em; }
.emblem { text-align: center; height: 2.6cm; font-size: 12pt; }
.head { width: 100%; border-collapse: collapse; }
.head td { vertical-align: top; padding: 0; }
.head td.right { width: 48%; }
.date { margin-left: 50%; margin-top: 0.4em; margin-bottom: 0.6em; }
.body { text-indent: 2.5cm; text-align: justify; margin-top: 0.5em; }
.close { margin-left: 45%; margin-top: 0.8em; }
.sign { margin-left: 40%; text-align: center; width: 50%; margin-top: 2.2em; }
.owner { margin-top: 1.5em; font-size: 14pt; }
.memo-title { text-align: center; font-size: 26pt; font-weight: bold; }
.memo-row { border-bottom: 1px dotted #888; }
.gap { display: inline-block; width: 2.5cm; }
"""


def thai(text):
    return text.translate(THAI_DIGITS)


def esc(text):
    return html.escape(text)


def printed(l):
    """The letter as printed: Thai digits, unless it is printed with Arabic ones."""
    if l.get("digits") == "arabic":
        return l
    conv = lambda v: thai(v) if isinstance(v, str) else [thai(x) for x in v] if isinstance(v, list) else v  # noqa: E731
    return {k: (v if k in ("name", "iso", "urgency", "digits") else conv(v)) for k, v in l.items()}


def external(l):
    mark = f'<p class="mark">{esc(l["urgency_text"])}</p>' if l.get("urgency_text") else ""
    addr = "<br>".join(esc(a) for a in [l["office"]] + l["address"])
    parts = [
        f'<div class="emblem">{mark}</div>',
        f'<table class="head"><tr><td>ที่ {esc(l["number"])}</td><td class="right">{addr}</td></tr></table>',
        f'<p class="date">{esc(l["date"])}</p>',
        f'<p>เรื่อง&nbsp;&nbsp;{esc(l["subject"])}</p>',
        f'<p>{esc(l.get("salutation", "เรียน"))}&nbsp;&nbsp;{esc(l["addressee"])}</p>',
    ]
    parts += [f"<p>อ้างถึง&nbsp;&nbsp;{esc(r)}</p>" for r in l.get("references", [])]
    parts += [f"<p>สิ่งที่ส่งมาด้วย&nbsp;&nbsp;{esc(e)}</p>" for e in l.get("enclosures", [])]
    parts += [f'<p class="body">{esc(b)}</p>' for b in l["body"]]
    parts.append(f'<p class="close">{esc(l.get("closing", "ขอแสดงความนับถือ"))}</p>')
    if l.get("signer"):  # a real letter whose source does not show the signer has none
        parts.append(
            f'<p class="sign">({esc(l["signer"])})<br>' + "<br>".join(esc(p) for p in l["position"]) + "</p>"
        )
    if l.get("unit"):
        owner = [l["unit"]] + [f"โทร. {l['phone']}"] + ([f"ไปรษณีย์อิเล็กทรอนิกส์ {l['email']}"] if l.get("email") else [])
        parts.append('<p class="owner">' + "<br>".join(esc(o) for o in owner) + "</p>")
    return "\n".join(parts)


def memo(l):
    mark = f'<p class="mark">{esc(l["urgency_text"])}</p>' if l.get("urgency_text") else ""
    parts = [
        mark,
        '<p class="memo-title">บันทึกข้อความ</p>',
        f'<p class="memo-row"><b>ส่วนราชการ</b>&nbsp;&nbsp;{esc(l["office"])}&nbsp;&nbsp;โทร. {esc(l["phone"])}</p>',
        f'<p class="memo-row"><b>ที่</b>&nbsp;&nbsp;{esc(l["number"])}<span class="gap"></span><b>วันที่</b>&nbsp;&nbsp;{esc(l["date"])}</p>',
        f'<p class="memo-row"><b>เรื่อง</b>&nbsp;&nbsp;{esc(l["subject"])}</p>',
        f'<p style="margin-top:0.6em">เรียน&nbsp;&nbsp;{esc(l["addressee"])}</p>',
    ]
    parts += [f'<p class="body">{esc(b)}</p>' for b in l["body"]]
    parts.append(
        f'<p class="sign">({esc(l["signer"])})<br>' + "<br>".join(esc(p) for p in l["position"]) + "</p>"
    )
    return "\n".join(parts)


def page(l):
    l = printed(l)
    body = memo(l) if l.get("kind") == "memo" else external(l)
    return f'<!doctype html><html lang="th"><meta charset="utf-8"><style>{STYLE}</style><body>{body}</body></html>'


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def degrade(png, out, seed, photo):
    rnd = random.Random(seed)
    angle = round(rnd.uniform(-1.5, 1.5), 2)
    args = ["convert", png, "-seed", str(seed)]
    if photo:
        w, h = 1240, 1754  # A4 at 150 dpi
        d = lambda: rnd.uniform(0, 0.03)  # noqa: E731
        pts = [(0, 0), (w, 0), (w, h), (0, h)]
        moved = [
            (int(w * d()), int(h * d())),
            (int(w * (1 - d())), int(h * d())),
            (int(w * (1 - d())), int(h * (1 - d()))),
            (int(w * d()), int(h * (1 - d()))),
        ]
        spec = " ".join(f"{a},{b} {c},{e}" for (a, b), (c, e) in zip(pts, moved))
        args += ["-virtual-pixel", "white", "-distort", "Perspective", spec]
        args += ["(", "-size", f"{h}x{w}", "gradient:gray(100%)-gray(78%)", "-rotate", "90", ")",
                 "-compose", "Multiply", "-composite"]
        args += ["-blur", "0x0.6"]
    args += ["-background", "white", "-rotate", str(angle), "+repage"]
    args += ["-attenuate", "0.4", "+noise", "Gaussian", "-colorspace", "Gray"]
    args += ["-quality", "60" if photo else "65", out]
    run(*args)
    return angle


def in_tune(name):
    """l01..l12 were looked at while tuning, and so were l01/l02's originals r01/r02."""
    n = int(name[1:3])
    return n <= TUNED if name[0] == "l" else n <= 2


def main():
    only = set(sys.argv[1:])
    rows = ["file\tnumber\tdated\turgency\taddressee\tsubject\tfrom"]
    with tempfile.TemporaryDirectory() as tmp:
        for i, l in enumerate(ALL):
            name = l["name"]
            p = printed(l)
            fields = [p["number"], l["iso"], l.get("urgency", ""), p["addressee"], p["subject"], p["office"]]
            for kind in ("pdf", "scan.jpg", "photo.jpg"):
                rows.append("\t".join([f"{name}.{kind}"] + fields))
            if only and name not in only:
                continue
            src = os.path.join(tmp, name + ".html")
            with open(src, "w", encoding="utf-8") as f:
                f.write(page(l))
            pdf = os.path.join(HERE, name + ".pdf")
            run("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                f"--print-to-pdf={pdf}", "file://" + src)
            base = os.path.join(tmp, name)
            run("pdftoppm", "-r", "150", "-gray", "-png", "-f", "1", "-l", "1", "-singlefile", pdf, base)
            degrade(base + ".png", os.path.join(HERE, name + ".scan.jpg"), 1000 + i, False)
            degrade(base + ".png", os.path.join(HERE, name + ".photo.jpg"), 2000 + i, True)
    with open(os.path.join(HERE, "expected.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    # Tuning was done on the first TUNED letters; the figures of docs/intake.md are from the rest.
    for sub, keep in (("tune", in_tune), ("held-out", lambda n: not in_tune(n)), ("real", lambda n: n[0] == "r")):
        os.makedirs(os.path.join(HERE, sub), exist_ok=True)
        picked = [rows[0]] + ["../" + r for r in rows[1:] if keep(r[:3])]
        with open(os.path.join(HERE, sub, "expected.tsv"), "w", encoding="utf-8") as f:
            f.write("\n".join(picked) + "\n")
    if not only:
        fixtures()


def chromium_pdf(html_text, out):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "page.html")
        with open(src, "w", encoding="utf-8") as f:
            f.write(html_text)
        run("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
            f"--print-to-pdf={out}", "file://" + src)


def fixtures():
    """The files of the API tests: a stack of three letters with text layers, a stack of two
    scans without one (pictures only), 21 pages, and a damaged PDF."""
    names = [l["name"] for l in LETTERS[:3]]
    run("pdfunite", *[os.path.join(HERE, n + ".pdf") for n in names], os.path.join(HERE, "stack-text.pdf"))
    imgs = "".join(
        f'<img src="file://{os.path.join(HERE, n + ".scan.jpg")}" style="width:210mm;height:296mm;display:block;page-break-after:always">'
        for n in (names[0], names[2])
    )
    chromium_pdf(f"<!doctype html><style>@page{{size:A4;margin:0}}body{{margin:0}}</style><body>{imgs}</body>",
                 os.path.join(HERE, "stack-scan.pdf"))
    pages = "".join(f'<p style="page-break-after:always">หน้า {i + 1}</p>' for i in range(21))
    chromium_pdf(f'<!doctype html><meta charset="utf-8"><style>body{{font-family:Laksaman}}</style><body>{pages}</body>',
                 os.path.join(HERE, "pages-21.pdf"))
    with open(os.path.join(HERE, "damaged.pdf"), "wb") as f:
        f.write(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nthe rest of this file was lost\n")


if __name__ == "__main__":
    main()
