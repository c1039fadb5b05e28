"""Reading ESC/POS bytes back: the text they print (GB18030) with commands skipped. For tests, the
virtual printer and diagnostics; knows the commands this package sends and common ones."""

from __future__ import annotations

from collections.abc import Iterator

# command byte after ESC / GS / FS -> number of parameter bytes
_ESC_ARGS = {0x40: 0, 0x61: 1, 0x45: 1, 0x64: 1, 0x21: 1, 0x4D: 1, 0x74: 1, 0x4A: 1, 0x2D: 1}
_ESC_ARGS |= {0x47: 1, 0x52: 1, 0x32: 0, 0x33: 1, 0x7B: 1, 0x56: 1, 0x70: 3}
_GS_ARGS = {0x21: 1, 0x42: 1, 0x48: 1, 0x4C: 2, 0x57: 2, 0x68: 1, 0x77: 1, 0x66: 1, 0x61: 1}
_FS_ARGS = {0x26: 0, 0x2E: 0, 0x21: 1, 0x2D: 1, 0x57: 1}
ESC, GS, FS, DLE = 0x1B, 0x1D, 0x1C, 0x10


def _gs_length(data: bytes, index: int) -> int:
    """Length of the GS command starting at data[index] (GS byte included)."""
    command = data[index + 1] if index + 1 < len(data) else -1
    if command == 0x56:  # GS V m [n]
        mode = data[index + 2] if index + 2 < len(data) else 0
        return 4 if mode in (0x41, 0x42, 0x61, 0x62) else 3
    if command == 0x28 and index + 4 < len(data):  # GS ( k pL pH ...
        return 5 + data[index + 3] + 256 * data[index + 4]
    if command == 0x76 and index + 7 < len(data):  # GS v 0 m xL xH yL yH image
        width = data[index + 4] + 256 * data[index + 5]
        height = data[index + 6] + 256 * data[index + 7]
        return 8 + width * height
    return 2 + _GS_ARGS.get(command, 0)


def _command_length(data: bytes, index: int) -> int:
    lead = data[index]
    command = data[index + 1] if index + 1 < len(data) else -1
    if lead == ESC:
        return 2 + _ESC_ARGS.get(command, 0)
    if lead == GS:
        return _gs_length(data, index)
    if lead == FS:
        return 2 + _FS_ARGS.get(command, 0)
    return 3  # DLE EOT n


def pieces(data: bytes) -> Iterator[tuple[bool, bytes]]:
    """(is a command, bytes) pieces of an ESC/POS stream: whole commands and runs of text. A
    command cut off at the end of `data` comes last, as it is."""
    index, text_start = 0, 0
    while index < len(data):
        if data[index] not in (ESC, GS, FS, DLE):
            index += 1
            continue
        if text_start < index:
            yield False, data[text_start:index]
        end = index + _command_length(data, index)
        yield True, data[index:end]
        index = text_start = end
    if text_start < len(data):
        yield False, data[text_start:]


def is_complete(command: bytes) -> bool:
    """True unless the command was cut off (its parameters or data did not all arrive)."""
    return len(command) >= 2 and _command_length(command, 0) <= len(command)


def escpos_text(data: bytes) -> str:
    """The printed text of an ESC/POS stream, decoded as GB18030 (images and QR codes skipped)."""
    text = b"".join(part for command, part in pieces(data) if not command)
    return text.decode("gb18030", errors="replace")


def qr_payloads(data: bytes) -> list[str]:
    """Payloads stored with native QR commands (GS ( k ... 1 P 0 data)."""
    found = []
    start = data.find(b"\x1d(k")
    while start >= 0 and start + 7 < len(data):
        size = data[start + 3] + 256 * data[start + 4]
        if data[start + 5 : start + 8] == b"1P0":
            found.append(data[start + 8 : start + 5 + size].decode("utf-8", errors="replace"))
        start = data.find(b"\x1d(k", start + 5 + size)
    return found


def split_receipts(data: bytes) -> tuple[list[bytes], bytes]:
    """Whole receipts in `data` and the rest still arriving. A receipt ends with a cut (GS V) or
    where the next one starts (ESC @ after something was printed: printers without a cutter)."""
    receipts: list[bytes] = []
    start = offset = 0
    printed = False
    for is_command, part in pieces(data):
        if is_command and not is_complete(part):
            break  # its parameters are still on the wire
        if is_command and part[:2] == b"\x1b@" and printed:
            receipts.append(data[start:offset])
            start, printed = offset, False
        offset += len(part)
        printed = printed or not is_command or part[:2] in (b"\x1d(", b"\x1dv")
        if is_command and part[:2] == b"\x1dV":
            receipts.append(data[start:offset])
            start, printed = offset, False
    return receipts, data[start:]
