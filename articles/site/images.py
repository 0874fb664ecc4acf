"""An uploaded photo's pixel size, read from its file's header (PNG, GIF, JPEG, WebP), so
the page can give ``width`` and ``height`` and the browser reserves the photo's place
before it loads. No imaging library: the sizes sit in the first bytes of these formats."""

import functools
import struct

HEADER_BYTES = 64 * 1024


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    position = 2
    while position + 9 < len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        length = struct.unpack(">H", data[position + 2 : position + 4])[0]
        # Start-of-frame markers (not DHT C4, JPG C8, DAC CC) carry height then width.
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            return width, height
        position += 2 + length
    return None


def size_from_header(data: bytes) -> tuple[int, int] | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP" and len(data) >= 30:
        chunk = data[12:16]
        if chunk == b"VP8X":
            width = int.from_bytes(data[24:27], "little") + 1
            height = int.from_bytes(data[27:30], "little") + 1
            return width, height
        if chunk == b"VP8 ":
            width, height = struct.unpack("<HH", data[26:30])
            return width & 0x3FFF, height & 0x3FFF
        if chunk == b"VP8L":
            bits = int.from_bytes(data[21:25], "little")
            return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


@functools.lru_cache(maxsize=4096)
def _stored_size(storage, name: str) -> tuple[int, int] | None:
    # Uploads get a new name rather than overwrite one, so a name's size never changes.
    try:
        with storage.open(name) as file:
            return size_from_header(file.read(HEADER_BYTES))
    except (OSError, struct.error):
        return None


def image_size(field_file) -> tuple[int, int] | None:
    """(width, height) of an image field's file; None without a file or a known format."""
    if not field_file:
        return None
    return _stored_size(field_file.storage, field_file.name)
