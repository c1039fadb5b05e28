"""Read the district TOML into typed `District` objects, validating every value.

Work in progress: the signatures below are final.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from queue_server.district import District
from queue_server.engine.errors import ConfigError

SAMPLE_PATH = Path(__file__).resolve().parents[1] / "config" / "district.toml"


def load_district(path: Path | None = None) -> District:
    """Load and validate a district file; None loads the bundled Qixia sample."""
    path = SAMPLE_PATH if path is None else Path(path)
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError as err:
        raise ConfigError(str(path), "", "file not found") from err
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(str(path), "", f"not valid TOML: {err}") from err
    return parse_district(data, str(path))


def parse_district(data: dict[str, Any], source: str) -> District:
    """Build a `District` from parsed TOML; every bad value raises `ConfigError`."""
    raise ConfigError(source, "", "parser not written yet")
