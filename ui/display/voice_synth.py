"""Make the first voice clip set once with espeak-ng's Mandarin voice (halls replace it later).

`python -m ui.display.voice_synth [--out DIR] [--only ID ...]` (or `hall-display
--make-voice-clips DIR`) writes mono 16 kHz 16-bit WAV files named after the clip ids.
"""

from __future__ import annotations

import argparse
import array
import io
import logging
import math
import shutil
import subprocess
import wave
from collections.abc import Sequence
from pathlib import Path

from ui.display.errors import VoiceError
from ui.display.voice_clips import CATALOGUE, DEFAULT_CLIP_DIR, Clip, clip_path

log = logging.getLogger(__name__)

RATE = 16_000
PINYIN_VOICE = "cmn-latn-pinyin"  # Mandarin read from pinyin with tone numbers
LETTER_VOICE = "cmn"  # Mandarin voice that reads Latin letters by their (English) names
ESPEAK_SPEED = 150  # words per minute; a little slower than the default for a hall
SILENCE_LEVEL = 400  # |sample| below this counts as silence when trimming


def synthesise(text: str, voice: str, espeak: str = "espeak-ng") -> tuple[array.array, int]:
    """Speak `text` with espeak-ng; returns (16-bit samples, sample rate)."""
    command = [espeak, "-v", voice, "-s", str(ESPEAK_SPEED), "--stdout", text]
    try:
        result = subprocess.run(command, capture_output=True, check=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as err:
        raise VoiceError(f"espeak-ng could not speak {text!r}: {err}") from err
    with wave.open(io.BytesIO(result.stdout)) as wav:
        rate = wav.getframerate()
        samples = array.array("h", wav.readframes(wav.getnframes()))
    return samples, rate


def trim(samples: array.array, pad: int) -> array.array:
    """Drop leading and trailing silence, keeping `pad` samples either side."""
    loud = [i for i, s in enumerate(samples) if abs(s) >= SILENCE_LEVEL]
    if not loud:
        return samples
    start, end = max(0, loud[0] - pad), min(len(samples), loud[-1] + pad)
    return samples[start:end]


def resample(samples: array.array, rate: int, target: int = RATE) -> array.array:
    """Linear-interpolation resampling (speech clips are short; quality is ample for speech)."""
    if rate == target or not samples:
        return array.array("h", samples)
    count = int(len(samples) * target / rate)
    out = array.array("h", bytes(2 * count))
    last = len(samples) - 1
    for i in range(count):
        pos = i * rate / target
        left = int(pos)
        right = min(left + 1, last)
        frac = pos - left
        out[i] = int(samples[left] * (1 - frac) + samples[right] * frac)
    return out


def normalise(samples: array.array, peak: float = 0.85) -> array.array:
    top = max((abs(s) for s in samples), default=0)
    if top == 0:
        return samples
    gain = peak * 32767 / top
    return array.array("h", (max(-32768, min(32767, int(s * gain))) for s in samples))


def chime(rate: int = RATE) -> array.array:
    """叮咚: two decaying tones (E6 then C6), like a hall's call chime."""
    out = array.array("h")
    for freq, seconds in ((1318.5, 0.35), (1046.5, 0.6)):
        count = int(rate * seconds)
        for i in range(count):
            envelope = math.exp(-4.0 * i / count)
            out.append(int(0.6 * 32767 * envelope * math.sin(2 * math.pi * freq * i / rate)))
    return out


def silence(seconds: float = 0.4, rate: int = RATE) -> array.array:
    return array.array("h", bytes(2 * int(rate * seconds)))


def render(clip: Clip, espeak: str = "espeak-ng") -> array.array:
    if clip.kind == "chime":
        return chime()
    if clip.kind == "silence":
        return silence()
    if clip.kind == "letter":
        samples, rate = synthesise(clip.text, LETTER_VOICE, espeak)
    else:
        samples, rate = synthesise(clip.pinyin, PINYIN_VOICE, espeak)
    return normalise(resample(trim(samples, pad=rate // 50), rate))


def write_wav(path: Path, samples: array.array, rate: int = RATE) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(samples.tobytes())


def make_clips(out_dir: Path, only: Sequence[str] = ()) -> list[Path]:
    """Write the catalogue's clips (or only the named ones) into `out_dir`."""
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        raise VoiceError("espeak-ng is not installed (Debian: apt-get install -y espeak-ng)")
    unknown = sorted(set(only) - set(CATALOGUE))
    if unknown:
        raise VoiceError(f"no such voice clip id(s): {', '.join(unknown)}")
    written = []
    for clip in CATALOGUE.values():
        if only and clip.id not in only:
            continue
        path = clip_path(clip.id, out_dir)
        write_wav(path, render(clip, espeak))
        log.info("wrote %s (%s)", path, clip.text or clip.kind)
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Make the hall-display voice clips with espeak-ng")
    parser.add_argument("--out", type=Path, default=DEFAULT_CLIP_DIR, help="clip directory")
    parser.add_argument("--only", nargs="*", default=[], help="clip ids to remake (default: all)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    written = make_clips(args.out, args.only)
    print(f"{len(written)} clips written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
