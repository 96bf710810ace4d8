"""Makes MathFont+Data.swift: the subset of Latin Modern Math that HTML handouts embed.

Readers without a math font (most Linux desktops, Windows without Office) saw blanks or boxes for
θ and α in the handouts' MathML. The handout therefore carries its own math font: Latin Modern Math
(GUST e-foundry, GUST Font License, see GUST-FONT-LICENSE.txt beside this script), cut down to the
characters labrun's TeX converter writes and renamed "labrun Math" as that license asks of
derived fonts. fontTools keeps the MATH table and the size variants and assembly parts of every
glyph kept, so stretchy brackets, radicals and big operators still work.

Run from the repository root after changing TeXSymbols.swift or TeXFonts.swift:
    pip install fonttools brotli
    python3 Sources/LabReport/Math/MathFont/make_math_font.py /path/to/latinmodern-math.otf
(Debian: fonts-lmodern installs it as /usr/share/texmf/fonts/opentype/public/lm-math/latinmodern-math.otf.)
"""
import base64
import copy
import io
import re
import sys

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import otTables

SOURCE = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/texmf/fonts/opentype/public/lm-math/latinmodern-math.otf"
OUT = "Sources/LabReport/Math/MathFont+Data.swift"
FAMILY = "labrun Math"


def core():
    """Every character the converter writes outside the styled alphabets, and the italic letters
    browsers draw a one-letter <mi> with."""
    symbols = open("Sources/LabReport/Math/TeXSymbols.swift", encoding="utf-8").read()
    # Every string literal of the table (keys are ASCII command names; values the characters).
    chars = {c for s in re.findall(r'"((?:[^"\\]|\\.)*)"', symbols) for c in s}
    chars |= {chr(c) for c in range(0x20, 0x7F)}                       # ASCII (\text, digits)
    chars |= {chr(c) for c in range(0xA0, 0x100)}                       # Latin-1 (±, ×, ¬, ¯, accents)
    chars |= set("−√∛∜∑∏∫′″‴⁗ˆˇ˘˙˜´`‾∞∂∇⋅…‖∣\u20D7\u0302\u0303\u0304")     # signs the parser writes itself
    chars |= {chr(c) for c in range(0x391, 0x3AA)} | {chr(c) for c in range(0x3B1, 0x3CA)}
    chars |= set("ϑϕϖϵϱςℎℓℏℵ")
    ranges = [(0x1D434, 0x1D467), (0x1D6A4, 0x1D6A5), (0x1D6E2, 0x1D71B)]  # italic Latin, ı ȷ, italic Greek
    chars |= {chr(c) for a, b in ranges for c in range(a, b + 1)}
    return sorted(ord(c) for c in chars)


def alphabets():
    """\\mathbf, \\mathbb and \\mathcal letters: a second face, embedded only when a handout uses them."""
    ranges = [(0x1D400, 0x1D433), (0x1D7CE, 0x1D7D7), (0x1D538, 0x1D56B), (0x1D7D8, 0x1D7E1), (0x1D49C, 0x1D4B5)]
    chars = {chr(c) for a, b in ranges for c in range(a, b + 1)} | set("ℂℍℕℙℚℝℤℬℰℱℋℐℒℳℛ")
    return sorted(ord(c) for c in chars)


def subset_font(codes):
    """The WOFF2 bytes of Latin Modern Math cut down to `codes`, renamed, and the codes it has."""
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["ssty", "dtls", "flac"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    font = TTFont(SOURCE)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codes)
    subsetter.subset(font)
    share_math_features(font)
    cmap = font.getBestCmap()
    for record in font["name"].names:
        if record.nameID in (1, 4, 16, 21):
            record.string = FAMILY
        elif record.nameID == 6:
            record.string = "labrunMath-Regular"
        elif record.nameID == 3:
            record.string = "labrun Math: a subset of Latin Modern Math"
    font.flavor = "woff2"
    data = io.BytesIO()
    font.save(data)
    return data.getvalue(), sorted(c for c in codes if c in cmap), len(font.getGlyphOrder())


def share_math_features(font):
    """Registers the font's substitutions (ssty, dtls, flac) for the default and Latin scripts too.

    Latin Modern Math lists them under the `math` script only, and browsers shape MathML text with
    the text's own script (Latin or common), so Chromium never applied `ssty`: a prime set as a
    superscript stayed the baseline prime shrunk to a speck. With these records, the handout's
    `font-feature-settings: "ssty"` selects the script-size prime the font draws for that place.
    """
    table = font["GSUB"].table
    records = table.ScriptList.ScriptRecord
    math = next(record for record in records if record.ScriptTag == "math")
    for tag in ("DFLT", "latn"):
        if any(record.ScriptTag == tag for record in records):
            continue
        record = otTables.ScriptRecord()
        record.ScriptTag = tag
        record.Script = copy.deepcopy(math.Script)
        records.append(record)
    records.sort(key=lambda record: record.ScriptTag)
    table.ScriptList.ScriptCount = len(records)


def swift_ranges(codes):
    runs = []
    for c in codes:
        if runs and runs[-1][1] == c - 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return ", ".join(f"0x{a:X}...0x{b:X}" for a, b in runs)


def main():
    faces = [("core", core(), "the symbols, Latin and Greek, and the italic letters"),
             ("alphabets", alphabets(), "the bold, double-struck and script letters")]
    with open(OUT, "w", encoding="utf-8") as out:
        out.write("// Generated by Sources/LabReport/Math/MathFont/make_math_font.py; do not edit.\n")
        out.write("// Subsets of Latin Modern Math (GUST e-foundry, GUST Font License), renamed labrun Math.\n\n")
        out.write("extension MathFont {\n")
        for name, codes, what in faces:
            data, kept, glyphs = subset_font(codes)
            encoded = base64.b64encode(data).decode("ascii")
            out.write(f"    /// The face with {what}: WOFF2 ({len(data)} bytes, {glyphs} glyphs), base64.\n")
            out.write(f'    static let {name}WOFF2 = "{encoded}"\n')
            out.write("    /// The code points that face has glyphs for.\n")
            out.write(f"    static let {name}Ranges: [ClosedRange<UInt32>] = [{swift_ranges(kept)}]\n")
            print(f"{name}: {len(data)} bytes, {len(kept)} characters, {glyphs} glyphs")
        out.write("}\n")


main()
