"""Read a font file's character coverage and weight without fontTools.

Only what font fallback needs: the best Unicode ``cmap`` subtable (formats 4
and 12/13), the ``OS/2`` weight class and whether the font has colour glyphs,
for every face of a TrueType/OpenType file or collection (TTC). The bundled
fonts come with this data precomputed in ``manifest.json``; this reader is for
user and system fonts.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

__all__ = ["FaceInfo", "read_faces"]


@dataclass(frozen=True)
class FaceInfo:
    index: int
    ranges: tuple[tuple[int, int], ...]
    weight: int
    color: bool


def read_faces(path: Path) -> list[FaceInfo]:
    """Coverage of every face in *path*; raises ``ValueError`` if it is not a font.

    The file must be a regular file within the font size limit (``InputError``
    otherwise); a truncated or corrupt table is a ``ValueError`` too, never a
    ``struct.error`` or a loop over counts the file cannot hold.
    """
    from sharekit.text._limits import MAX_FONT_BYTES, read_input

    data = read_input(path, str(path), "font file", MAX_FONT_BYTES)
    try:
        if data[:4] == b"ttcf":
            (count,) = struct.unpack_from(">I", data, 8)
            if count == 0 or 12 + 4 * count > len(data):
                raise ValueError(f"{path}: font collection with {count} faces is truncated")
            offsets = struct.unpack_from(f">{count}I", data, 12)
        elif data[:4] in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
            offsets = (0,)
        else:
            raise ValueError(f"{path}: not a TrueType/OpenType font (WOFF/WOFF2 need converting)")
        return [_read_face(data, offset, index) for index, offset in enumerate(offsets)]
    except struct.error:
        raise ValueError(f"{path}: truncated or corrupt font tables") from None


def _read_face(data: bytes, offset: int, index: int) -> FaceInfo:
    (num_tables,) = struct.unpack_from(">H", data, offset + 4)
    tables: dict[bytes, int] = {}
    for i in range(num_tables):
        tag, _checksum, table_offset, _length = struct.unpack_from(
            ">4sIII", data, offset + 12 + 16 * i
        )
        tables[tag] = table_offset
    if b"cmap" not in tables:
        raise ValueError("font has no cmap table")
    weight = 400
    if b"OS/2" in tables:
        (weight,) = struct.unpack_from(">H", data, tables[b"OS/2"] + 4)
    color = b"COLR" in tables or b"CBDT" in tables or b"sbix" in tables or b"SVG " in tables
    return FaceInfo(index, _read_cmap(data, tables[b"cmap"]), weight, color)


def _read_cmap(data: bytes, base: int) -> tuple[tuple[int, int], ...]:
    _version, count = struct.unpack_from(">HH", data, base)
    best: tuple[int, int] | None = None  # (score, offset)
    for i in range(count):
        platform, encoding, sub_offset = struct.unpack_from(">HHI", data, base + 4 + 8 * i)
        fmt = struct.unpack_from(">H", data, base + sub_offset)[0]
        unicode = platform == 0 or (platform == 3 and encoding in (1, 10))
        if not unicode or fmt not in (4, 12, 13):
            continue
        score = 2 if fmt in (12, 13) else 1
        if best is None or score > best[0]:
            best = (score, base + sub_offset)
    if best is None:
        return ()
    at = best[1]
    fmt = struct.unpack_from(">H", data, at)[0]
    pairs: list[tuple[int, int]] = []
    if fmt == 4:
        seg_count = struct.unpack_from(">H", data, at + 6)[0] // 2
        ends = struct.unpack_from(f">{seg_count}H", data, at + 14)
        starts_at = at + 16 + 2 * seg_count
        starts = struct.unpack_from(f">{seg_count}H", data, starts_at)
        deltas = struct.unpack_from(f">{seg_count}h", data, starts_at + 2 * seg_count)
        range_offsets_at = starts_at + 4 * seg_count
        range_offsets = struct.unpack_from(f">{seg_count}H", data, range_offsets_at)
        for seg in range(seg_count):
            start, end = starts[seg], ends[seg]
            if start == 0xFFFF:
                continue
            if range_offsets[seg] == 0:
                # glyph = (cp + delta) & 0xFFFF; glyph 0 means "missing"
                for cp in range(start, end + 1):
                    if (cp + deltas[seg]) & 0xFFFF:
                        _add(pairs, cp)
                continue
            where = range_offsets_at + 2 * seg + range_offsets[seg]
            glyphs = struct.unpack_from(f">{end - start + 1}H", data, where)
            for cp, glyph in zip(range(start, end + 1), glyphs, strict=True):
                if glyph:
                    _add(pairs, cp)
    else:
        (groups,) = struct.unpack_from(">I", data, at + 12)
        for g in range(groups):
            start, end, glyph = struct.unpack_from(">III", data, at + 16 + 12 * g)
            if fmt == 13 or glyph or start != end:
                pairs.append((start, end) if fmt == 13 or glyph else (start + 1, end))
    pairs.sort()
    merged: list[tuple[int, int]] = []
    for start, end in pairs:
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def _add(pairs: list[tuple[int, int]], cp: int) -> None:
    if pairs and pairs[-1][1] == cp - 1:
        pairs[-1] = (pairs[-1][0], cp)
    else:
        pairs.append((cp, cp))
