"""CardPoller: one report per placement, survives garbage, timeouts and an unplugged reader."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from devices.errors import ChecksumError, DeviceError, DeviceTimeout, PortError
from devices.idcard import CardPoller, IdCard, open_port
from devices.idcard.poller import PlacementTracker
from devices.sim import Failure, VirtualIdCardReader
from devices.sim.identities import LI_XIUYING, ZHANG_SANFENG
from tests.devices.conftest import wait_until


class Recorder:
    def __init__(self) -> None:
        self.cards: list[IdCard] = []
        self.errors: list[DeviceError] = []
        self.lock = threading.Lock()

    def card(self, card: IdCard) -> None:
        with self.lock:
            self.cards.append(card)

    def error(self, err: DeviceError) -> None:
        with self.lock:
            self.errors.append(err)


def make_poller(sim: VirtualIdCardReader, seen: Recorder) -> CardPoller:
    return CardPoller(
        lambda: open_port(sim.port),
        seen.card,
        seen.error,
        interval=0.02,
        read_timeout=0.2,
        max_backoff=0.1,
    )


def test_tracker_reports_once_per_placement() -> None:
    tracker = PlacementTracker(lift_after=2)
    polls = [ZHANG_SANFENG, ZHANG_SANFENG, None, ZHANG_SANFENG, None, None, ZHANG_SANFENG]
    assert [tracker.seen(card) for card in polls] == [True, False, False, False, False, False, True]
    assert tracker.seen(LI_XIUYING) is True


def test_card_reported_once_while_it_stays_and_again_after_lifting(tmp_path) -> None:
    seen = Recorder()
    with VirtualIdCardReader(one_read_per_placement=False, link_dir=tmp_path) as sim:
        poller = make_poller(sim, seen)
        started = time.monotonic()
        poller.start()
        assert time.monotonic() - started < 0.1  # never blocks its caller
        sim.present(ZHANG_SANFENG)
        wait_until(lambda: seen.cards)
        reads = sim.reads
        wait_until(lambda: sim.reads >= reads + 5)  # still on the reader, read again and again
        assert seen.cards == [ZHANG_SANFENG]
        sim.remove()
        asked = len(sim.requests)
        wait_until(lambda: len(sim.requests) >= asked + 3)  # "no card" answered at least twice
        sim.present(ZHANG_SANFENG)
        wait_until(lambda: len(seen.cards) == 2)
        poller.stop()
    assert not poller.running and seen.errors == []


def test_real_sam_behaviour_reports_each_placement(sim_reader: VirtualIdCardReader) -> None:
    seen = Recorder()
    with make_poller(sim_reader, seen):
        sim_reader.present(ZHANG_SANFENG)
        wait_until(lambda: seen.cards == [ZHANG_SANFENG])
        sim_reader.present(LI_XIUYING)
        wait_until(lambda: seen.cards == [ZHANG_SANFENG, LI_XIUYING])


def test_survives_garbage_bad_checksum_and_timeouts(sim_reader: VirtualIdCardReader) -> None:
    seen = Recorder()
    with make_poller(sim_reader, seen):
        sim_reader.fail(Failure.BAD_CHECKSUM, times=1)
        sim_reader.present(ZHANG_SANFENG)
        wait_until(lambda: seen.cards == [ZHANG_SANFENG])
        sim_reader.fail(Failure.SILENT, times=2)
        sim_reader.present(LI_XIUYING)
        wait_until(lambda: len(seen.cards) == 2)
        sim_reader.fail(Failure.GARBAGE, times=None)
        sim_reader.present(ZHANG_SANFENG)
        wait_until(lambda: len(seen.cards) == 3)
    kinds = {type(err) for err in seen.errors}
    assert ChecksumError in kinds and DeviceTimeout in kinds


def test_reopens_after_the_port_vanishes(sim_reader: VirtualIdCardReader) -> None:
    seen = Recorder()
    with make_poller(sim_reader, seen):
        sim_reader.present(ZHANG_SANFENG)
        wait_until(lambda: len(seen.cards) == 1)
        sim_reader.disappear()
        wait_until(lambda: any(isinstance(err, PortError) for err in seen.errors))
        sim_reader.reappear()
        sim_reader.present(LI_XIUYING)
        wait_until(lambda: seen.cards == [ZHANG_SANFENG, LI_XIUYING])


def test_a_missing_port_at_start_is_retried(tmp_path) -> None:
    seen = Recorder()
    sim = VirtualIdCardReader(link_dir=tmp_path)
    with make_poller(sim, seen):
        wait_until(lambda: seen.errors)
        assert isinstance(seen.errors[0], PortError)
        with sim:
            sim.present(ZHANG_SANFENG)
            wait_until(lambda: seen.cards == [ZHANG_SANFENG])


def test_a_failing_callback_does_not_stop_polling(sim_reader: VirtualIdCardReader) -> None:
    calls: list[IdCard] = []

    def explode(card: IdCard) -> None:
        calls.append(card)
        raise RuntimeError("kiosk bug")

    poller = CardPoller(lambda: open_port(sim_reader.port), explode, interval=0.02)
    with poller:
        sim_reader.present(ZHANG_SANFENG)
        wait_until(lambda: len(calls) == 1)
        sim_reader.present(LI_XIUYING)
        wait_until(lambda: len(calls) == 2)
        assert poller.running


def test_reader_unplugged_for_a_while_comes_back(sim_reader: VirtualIdCardReader) -> None:
    seen = Recorder()
    with make_poller(sim_reader, seen):
        sim_reader.present(ZHANG_SANFENG)
        wait_until(lambda: len(seen.cards) == 1)
        sim_reader.disappear(for_s=0.2)
        assert not sim_reader.plugged_in and sim_reader.pty_path is None
        wait_until(lambda: sim_reader.plugged_in)
        assert Path(sim_reader.port).resolve() == Path(str(sim_reader.pty_path))
        sim_reader.present(LI_XIUYING)
        wait_until(lambda: seen.cards == [ZHANG_SANFENG, LI_XIUYING])
