"""Scanner framing (pure), keyboard-wedge detection (pure) and a serial scanner over a pty."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.errors import DeviceError, ScanError
from devices.scanner import ScanFramer, SerialScanner, WedgeDetector, open_port
from devices.sim import VirtualScanner
from tests.devices.conftest import wait_until


@pytest.mark.parametrize("ending", [b"\r", b"\n", b"\r\n"])
def test_cr_lf_crlf_end_a_code(ending: bytes) -> None:
    framer = ScanFramer()
    assert framer.feed(b"ABC123" + ending + b"XYZ" + ending, now=0.0) == ["ABC123", "XYZ"]
    assert framer.pending == b""


def test_crlf_split_across_reads_gives_no_empty_code() -> None:
    framer = ScanFramer()
    assert framer.feed(b"ABC\r", 0.0) == ["ABC"]
    assert framer.feed(b"\nDEF", 0.001) == []
    assert framer.feed(b"\r\n", 0.002) == ["DEF"]


def test_silence_ends_a_code_without_suffix() -> None:
    framer = ScanFramer(silence_s=0.05)
    assert framer.feed(b"NOSUF", 0.0) == []
    assert framer.feed(b"FIX", 0.01) == []
    assert framer.poll(0.04) == []
    assert framer.poll(0.061) == ["NOSUFFIX"]


def test_next_code_after_silence_is_separate() -> None:
    framer = ScanFramer(silence_s=0.05)
    framer.feed(b"FIRST", 0.0)
    assert framer.feed(b"SECOND", 0.2) == ["FIRST"]
    assert framer.flush() == ["SECOND"]


def test_configured_terminator_only() -> None:
    framer = ScanFramer(terminator=b"\x03", silence_s=None)
    assert framer.feed(b"A\rB\x03C", 0.0) == ["A\rB"]
    assert framer.feed(b"", 10.0) == []


def test_chinese_payloads_in_utf8_or_gb18030() -> None:
    framer = ScanFramer()
    data = "预约码：甲".encode() + b"\r" + "预约码：乙".encode("gb18030") + b"\r"
    assert framer.feed(data, 0.0) == ["预约码：甲", "预约码：乙"]


def test_overlong_junk_is_dropped() -> None:
    framer = ScanFramer(silence_s=None, max_bytes=100)
    framer.feed(b"x" * 150, 0.0)
    assert framer.pending == b""
    assert framer.feed(b"OK\r", 0.1) == ["OK"]


@settings(max_examples=300, deadline=200)
@given(st.lists(st.tuples(st.binary(max_size=64), st.floats(0, 0.2)), max_size=40))
def test_arbitrary_streams_never_raise(chunks: list[tuple[bytes, float]]) -> None:
    framer = ScanFramer()
    now = 0.0
    total = 0
    for data, gap in chunks:
        now += gap
        for code in framer.feed(data, now):
            assert code and isinstance(code, str)
            total += 1
    framer.flush()
    assert total <= sum(len(data) for data, _ in chunks)


def type_keys(detector: WedgeDetector, keys: list[str], step: float, start: float = 0.0):
    results = []
    for index, key in enumerate(keys):
        results.append(detector.feed_key(key, start + index * step))
    return results


def test_fast_burst_ending_in_enter_is_a_scan() -> None:
    detector = WedgeDetector()
    results = type_keys(detector, [*"HQ20261128A023", "Enter"], step=0.008)
    assert results[-1] == "HQ20261128A023" and results[:-1] == [None] * 14
    assert detector.take_typed() == ""


def test_tab_terminator_counts() -> None:
    assert type_keys(WedgeDetector(), [*"12345678", "\t"], step=0.01)[-1] == "12345678"


def test_human_typing_is_not_a_scan_and_is_passed_back() -> None:
    detector = WedgeDetector()
    results = type_keys(detector, [*"13812341234", "Enter"], step=0.18)
    assert results == [None] * 12
    assert detector.take_typed() == "13812341234"


def test_short_fast_burst_is_not_a_scan() -> None:
    detector = WedgeDetector(min_length=6)
    assert type_keys(detector, [*"123", "Enter"], step=0.005)[-1] is None
    assert detector.take_typed() == "123"


def test_typing_then_scan_keeps_them_apart() -> None:
    detector = WedgeDetector()
    type_keys(detector, [*"ab"], step=0.25)
    results = type_keys(detector, [*"SCAN-0001", "Enter"], step=0.01, start=1.0)
    assert results[-1] == "SCAN-0001"
    assert detector.flush() == "ab"


def test_slow_average_burst_is_human() -> None:
    detector = WedgeDetector(max_avg_s=0.03, max_gap_s=0.1)
    assert type_keys(detector, [*"ABCDEFGH", "Enter"], step=0.05)[-1] is None


@settings(max_examples=200, deadline=200)
@given(st.lists(st.tuples(st.sampled_from([*"abc123", "Enter", "Tab", "Shift"]), st.floats(0, 1))))
def test_wedge_detector_never_raises(keys: list[tuple[str, float]]) -> None:
    detector = WedgeDetector()
    now = 0.0
    for key, gap in keys:
        now += gap
        code = detector.feed_key(key, now)
        assert code is None or len(code) >= detector.min_length
    detector.flush()


def test_serial_scanner_over_pty(sim_scanner: VirtualScanner) -> None:
    codes: list[str] = []
    errors: list[DeviceError] = []
    opened = threading.Event()

    def open_scanner():
        port = open_port(sim_scanner.port)
        opened.set()
        return port

    with SerialScanner(open_scanner, codes.append, errors.append):
        assert opened.wait(2)
        sim_scanner.scan("APPT-20261128-0042")
        sim_scanner.scan("https://zwfw.example.cn/t/AbC", b"\r\n")
        sim_scanner.scan("电子证照123", b"\n")
        sim_scanner.scan("NO-SUFFIX", b"")
        wait_until(lambda: len(codes) == 4)
    assert codes == [
        "APPT-20261128-0042",
        "https://zwfw.example.cn/t/AbC",
        "电子证照123",
        "NO-SUFFIX",
    ]
    assert errors == []


def test_serial_scanner_reopens_after_unplug(sim_scanner: VirtualScanner) -> None:
    codes: list[str] = []
    errors: list[DeviceError] = []
    opens: list[int] = []

    def open_scanner():
        port = open_port(sim_scanner.port)
        opens.append(1)
        return port

    with SerialScanner(open_scanner, codes.append, errors.append, max_backoff=0.1):
        wait_until(lambda: opens)
        sim_scanner.scan("BEFORE")
        wait_until(lambda: codes == ["BEFORE"])
        sim_scanner.disappear()
        wait_until(lambda: errors)
        sim_scanner.reappear()
        wait_until(lambda: len(opens) >= 2)
        sim_scanner.scan("AFTER")
        wait_until(lambda: codes == ["BEFORE", "AFTER"])
    assert isinstance(errors[0], ScanError)


def test_evdev_key_assembler_builds_codes_with_shift() -> None:
    from devices.scanner.evdev_reader import KeyAssembler

    assembler = KeyAssembler()
    events = [("KEY_LEFTSHIFT", True), ("KEY_H", True), ("KEY_H", False), ("KEY_LEFTSHIFT", False)]
    events += [("KEY_T", True), ("KEY_T", False), ("KEY_LEFTSHIFT", True), ("KEY_SEMICOLON", True)]
    events += [("KEY_LEFTSHIFT", False), ("KEY_SLASH", True), ("KEY_1", True)]
    results = [assembler.feed(key, pressed) for key, pressed in events]
    assert results == [None] * len(events)
    assert assembler.feed("KEY_ENTER", True) == "Ht:/1"
    assert assembler.feed("KEY_ENTER", True) is None  # empty code


def test_evdev_scanner_explains_missing_library() -> None:
    from devices.scanner import evdev_reader

    if evdev_reader.EVDEV_AVAILABLE:
        return
    with pytest.raises(ScanError, match="evdev"):
        evdev_reader.EvdevScanner("/dev/input/event0", print)
