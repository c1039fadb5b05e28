"""What a tester types to the simulated ID card reader of `hall-devices sim idcard`: lift the
card, put it back (a new swipe), choose another sample card. One command a line, one answer a
line; names are shown masked."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from devices.sim.idcard import VirtualIdCardReader
from devices.sim.identities import TEST_CARDS

COMMANDS = """\
commands on standard input, one a line:
  lift      take the card off the reader: it finds no card
  put       put the card on the reader again: it is read again, as after a new swipe
  card N    put sample card N on the reader instead (cards lists them)
  cards     list the sample cards
  state     whether a card lies on the reader, and which
  help      this list"""


def describe(reader: VirtualIdCardReader) -> str:
    """The reader's state in one line (masked name)."""
    card = reader.card
    if card is None:
        return "no card on the reader"
    number = f"card {TEST_CARDS.index(card)}" if card in TEST_CARDS else "a card"
    return f"{number} ({card.masked_name()}) on the reader; reads so far: {reader.reads}"


def list_cards() -> str:
    return "\n".join(f"  {n}  {card.masked_name()}" for n, card in enumerate(TEST_CARDS))


def run_command(reader: VirtualIdCardReader, line: str) -> str:
    """Carry out one command line; the answer to print."""
    words = line.split()
    if not words:
        return describe(reader)
    command, arguments = words[0].lower(), words[1:]
    if command == "lift":
        reader.remove()
        return "lifted: " + describe(reader)
    if command == "put":
        return _put(reader, arguments)
    if command == "card":
        return _choose(reader, arguments)
    if command == "cards":
        return list_cards()
    if command == "state":
        return describe(reader)
    if command == "help":
        return COMMANDS
    return f"unknown command {command!r}; type help"


def _put(reader: VirtualIdCardReader, arguments: list[str]) -> str:
    if arguments:
        return "put takes no number: card N puts sample card N on the reader"
    card = reader.card or reader.last_card
    if card is None:
        return "no card to put: choose one with card N"
    reader.present(card)
    return "put: " + describe(reader)


def _choose(reader: VirtualIdCardReader, arguments: list[str]) -> str:
    last = len(TEST_CARDS) - 1
    if len(arguments) != 1 or not arguments[0].isdigit() or int(arguments[0]) > last:
        return f"card N: N is a sample card from 0 to {last} (cards lists them)"
    reader.present(TEST_CARDS[int(arguments[0])])
    return "put: " + describe(reader)


def serve_commands(reader: VirtualIdCardReader, lines: Iterable[str], out: TextIO) -> None:
    """Answer every command line until `lines` end."""
    for line in lines:
        print(run_command(reader, line), file=out, flush=True)
