"""Device benchmarks: a full ID card read against the virtual reader vs the wire time of the bytes
exchanged, and the cost of parsing frames. Run: .venv/bin/python benchmarks/bench_devices.py"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devices.idcard import IdCardReader, frames, open_port  # noqa: E402
from devices.idcard.reader import text_block_of  # noqa: E402
from devices.idcard.text import build_text_block, parse_text_block  # noqa: E402
from devices.sim import VirtualIdCardReader  # noqa: E402
from devices.sim.identities import ZHANG_SANFENG  # noqa: E402

BAUD = 115200
BITS_PER_BYTE = 10  # 8N1: start + 8 data + stop


def wire_seconds(size: int, baud: int = BAUD) -> float:
    return size * BITS_PER_BYTE / baud


def time_card_reads(paced: bool, reads: int) -> tuple[list[float], int]:
    """Seconds per complete read (find, select, read) and bytes exchanged per read."""
    baudrate = BAUD if paced else None
    with VirtualIdCardReader(ZHANG_SANFENG, baudrate=baudrate, one_read_per_placement=False) as sim:
        port = open_port(sim.port, baudrate=BAUD)
        reader = IdCardReader(port, timeout=2.0)
        reader.read_card()  # warm up
        times = []
        for _ in range(reads):
            before = reader.bytes_exchanged
            started = time.perf_counter()
            card = reader.read_card()
            times.append(time.perf_counter() - started)
            assert card == ZHANG_SANFENG
            exchanged = reader.bytes_exchanged - before
        port.close()
    return times, exchanged


def per_call(function, repeat: int) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        function()
    return (time.perf_counter() - started) / repeat


def parser_costs(repeat: int) -> dict[str, float]:
    text = build_text_block(ZHANG_SANFENG)
    read_frame = frames.build_response(0x90, b"\x01\x00\x04\x00" + text + bytes(1024))
    find_frame = frames.build_response(0x9F, bytes(4))
    garbage = b"\x00\x13\xaa" * 100 + read_frame
    return {
        "parse 15-byte find answer": per_call(lambda: frames.parse_response(find_frame), repeat),
        "parse 1295-byte read answer": per_call(lambda: frames.parse_response(read_frame), repeat),
        "split stream (300 junk bytes + read answer)": per_call(
            lambda: frames.split_frames(garbage), repeat
        ),
        "read answer -> IdCard (parse + text block)": per_call(
            lambda: parse_text_block(text_block_of(frames.parse_response(read_frame))), repeat
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reads", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args()

    paced, exchanged = time_card_reads(paced=True, reads=args.reads)
    unpaced, _ = time_card_reads(paced=False, reads=args.reads)
    wire = wire_seconds(exchanged)
    answer_wire = wire_seconds(1295)
    print(f"Full card read (find, select, read) at {BAUD} baud, {args.reads} reads")
    print(f"  bytes exchanged per read       : {exchanged}")
    print(f"  wire time of those bytes       : {wire * 1000:7.1f} ms (1295-byte answer alone "
          f"{answer_wire * 1000:.1f} ms)")  # fmt: skip
    median = statistics.median(paced)
    print(f"  read, reader paced at 115200   : median {median * 1000:7.1f} ms, "
          f"max {max(paced) * 1000:.1f} ms -> ratio to wire time {median / wire:.3f}")  # fmt: skip
    fast = statistics.median(unpaced)
    print(f"  read, unpaced pty (overhead)   : median {fast * 1000:7.1f} ms "
          f"-> {fast / wire:.3f} of wire time")  # fmt: skip
    print("  (the virtual reader paces its answers; the 30 request bytes cross the pty at once)")
    print(f"Parser cost per frame ({args.repeat} runs each; ratio to the 1295-byte wire time)")
    for name, seconds in parser_costs(args.repeat).items():
        print(f"  {name:44s}: {seconds * 1e6:8.1f} us  ({seconds / answer_wire:.5f})")


if __name__ == "__main__":
    main()
