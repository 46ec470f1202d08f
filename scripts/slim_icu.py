"""Linux, opt-in (KIOSK_BUILD_SLIM_ICU=1, which `make bundle` sets): rebuild Qt's ICU data
library with only the data a widgets kiosk uses, 31 MB down to about 5 MB.

Kept: every locale's basic data, normalization, time zone rules and root collation. Left out:
collation for other languages (QCollator falls back to root order), break-iterator
dictionaries (Qt breaks lines with its own tables), transliteration, legacy code pages
(UTF-8/16/32, Latin-1 and ASCII are built into ICU's code) and display names of languages,
regions, currencies, units and zones (QLocale uses Qt's own CLDR tables). Needs binutils.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

ICU_OUT = re.compile(
    r"/(brkitr|translit|unit|zone|curr|lang|region|rbnf)/"
    r"|/coll/(?!root\.res$|ucadata\.icu$|res_index\.res$)"
    r"|\.cnv$|/unames\.icu$|\.cfu$"
)


def repack(blob: bytes) -> tuple[bytes, int, int] | None:
    """An ICU common-data package without the items ICU_OUT names (None: not one)."""
    header = int.from_bytes(blob[:2], "little")
    if blob[2:4] != b"\xda\x27" or blob[12:16] != b"CmnD":
        return None
    toc = blob[header:]
    count = int.from_bytes(toc[:4], "little")
    word = lambda at: int.from_bytes(toc[at : at + 4], "little")  # noqa: E731
    at = [(word(4 + 8 * i), word(8 + 8 * i)) for i in range(count)]  # (name, data) offsets
    items = []  # (name, data), still sorted by name as ICU's binary search needs
    for i, (name_at, data_at) in enumerate(at):
        name = toc[name_at : toc.index(b"\0", name_at)]
        end = at[i + 1][1] if i + 1 < count else len(toc)
        if not ICU_OUT.search(name.decode()):
            items.append((name, toc[data_at:end]))
    names_at = 4 + 8 * len(items)
    names = b"".join(name + b"\0" for name, _ in items)
    data_at = (names_at + len(names) + 15) // 16 * 16
    table, body, name_pos = [], b"", names_at
    for name, data in items:
        table.append(name_pos.to_bytes(4, "little") + (data_at + len(body)).to_bytes(4, "little"))
        name_pos += len(name) + 1
        body += data + b"\0" * (-len(data) % 16)
    head = len(items).to_bytes(4, "little") + b"".join(table) + names
    return blob[:header] + head + b"\0" * (data_at - len(head)) + body, len(items), count


def slim_icu_data(analysis, work: Path) -> None:
    """Replace libicudata.so.NN in the analysis by a library holding only the data kept."""
    pattern = re.compile(r"libicudata\.so\.\d+")
    entry = next((e for e in analysis.binaries if pattern.fullmatch(Path(e[0]).name)), None)
    tools = [shutil.which(t) for t in ("objcopy", "as", "ld")]
    if entry is None or not all(tools):
        print("kiosk: no ICU data library or no binutils; ICU kept as it is")
        return
    objcopy, assembler, linker = tools
    dest, src, kind = entry
    name, major = Path(dest).name, Path(dest).name.rsplit(".", 1)[1]
    out = work / "icu"
    out.mkdir(parents=True, exist_ok=True)
    raw = out / "rodata.bin"
    subprocess.run([objcopy, "-O", "binary", "--only-section=.rodata", src, str(raw)], check=True)
    blob = raw.read_bytes()
    packed = repack(blob)
    if packed is None:
        print(f"kiosk: {src} is not a plain ICU data library; kept as it is")
        return
    package, kept, count = packed
    (out / f"icudt{major}l.dat").write_bytes(package)
    symbol = f"icudt{major}_dat"
    (out / "icudata.s").write_text(
        f".section .rodata\n.balign 16\n.globl {symbol}\n.type {symbol}, @object\n"
        f'{symbol}:\n.incbin "icudt{major}l.dat"\n.size {symbol}, . - {symbol}\n'
        '.section .note.GNU-stack,"",@progbits\n'
    )
    subprocess.run([assembler, "-o", "icudata.o", "icudata.s"], cwd=out, check=True)
    subprocess.run(
        [linker, "-shared", "-soname", name, "-o", name, "icudata.o"], cwd=out, check=True
    )
    analysis.binaries[analysis.binaries.index(entry)] = (dest, str(out / name), kind)
    print(f"kiosk: ICU data {len(blob) / 2**20:.1f} -> {len(package) / 2**20:.1f} MiB "
          f"({kept} of {count} items)")  # fmt: skip
