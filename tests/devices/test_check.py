"""`hall-devices check`: a kiosk's public URL, printer and readers, one line each, in its exit."""

from __future__ import annotations

from pathlib import Path

import pytest

from devices.cli import EXIT_DEVICE_ERROR, EXIT_WARNINGS, main
from devices.sim import VirtualPrinter


def kiosk_file(tmp_path: Path, printer: str, public_url: str | None) -> Path:
    public = f'public_url = "{public_url}"\n' if public_url else ""
    path = tmp_path / "kiosk.toml"
    path.write_text(
        f'[kiosk]\nhall = "qixia"\n{public}[server]\nurl = "http://127.0.0.1:8720"\n'
        f'[devices]\nprinter = "{printer}"\nidcard = "none"\nscanner = "wedge"\n',
        encoding="utf-8",
    )
    return path


def test_a_kiosk_with_a_public_url_and_a_working_printer_is_ok(
    sim_printer: VirtualPrinter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = kiosk_file(tmp_path, f"serial:{sim_printer.port}", "http://10.1.2.3:8600")
    assert main(["check", "--config", str(config)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:] == [
        "OK   public URL: QR codes point at http://10.1.2.3:8600/t/...",
        f"OK   printer serial:{sim_printer.port}: 正常 (online)",
        "OK   idcard: not used",
        "OK   scanner: USB keyboard scanner",
    ]


def test_no_public_url_is_a_warning_naming_the_server_address(
    sim_printer: VirtualPrinter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = kiosk_file(tmp_path, f"serial:{sim_printer.port}", None)
    assert main(["check", "--config", str(config)]) == EXIT_WARNINGS
    line = capsys.readouterr().out.splitlines()[1]
    assert line.startswith("WARN public URL: 未设置 [kiosk] public_url")
    assert "http://127.0.0.1:8720" in line and "phones may not reach" in line


@pytest.mark.parametrize(
    ("paper", "level", "words", "code"),
    [
        ("near_end", "WARN", "纸将用尽 (paper near end): add paper soon", EXIT_WARNINGS),
        ("out", "FAIL", "缺纸 (paper out)", EXIT_DEVICE_ERROR),
    ],
)
def test_printer_states_are_graded(
    sim_printer: VirtualPrinter, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    paper: str, level: str, words: str, code: int,
) -> None:  # fmt: skip
    sim_printer.paper = paper
    config = kiosk_file(tmp_path, f"serial:{sim_printer.port}", "http://10.1.2.3:8600")
    assert main(["check", "--config", str(config)]) == code
    line = capsys.readouterr().out.splitlines()[2]
    assert line == f"{level:<4} printer serial:{sim_printer.port}: {words}"


def test_an_unplugged_printer_fails_and_a_missing_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = kiosk_file(tmp_path, "serial:/dev/ttyNOPE9", "http://10.1.2.3:8600")
    assert main(["check", "--config", str(config)]) == EXIT_DEVICE_ERROR
    assert "FAIL printer serial:/dev/ttyNOPE9: " in capsys.readouterr().out
    assert main(["check", "--config", str(tmp_path / "none.toml")]) == EXIT_DEVICE_ERROR
    assert "cannot be read" in capsys.readouterr().err


def test_the_sample_configuration_warns_about_its_missing_public_url(capsys) -> None:
    assert main(["check"]) == EXIT_WARNINGS
    out = capsys.readouterr().out
    assert "WARN public URL" in out and "(a virtual printer started for this check)" in out


def test_printer_status_of_sim_says_it_is_not_the_kiosks(capsys) -> None:
    assert main(["printer-status", "--printer", "sim"]) == 0
    assert "not a kiosk's" in capsys.readouterr().out
