"""Deployment settings: where the reference table, the review store and the articles live, the
input size limit, the session length and where the store's secrets are kept.

Why only here: every setting belongs to whoever runs the server or the batch, never to a page
of the app or a visitor (a database location typed on a sign-in screen once let an anonymous
visitor make themselves admin of a new file). A setting comes from, in this order:

1. the environment variable `ANNOTATOR_<NAME>` (e.g. `ANNOTATOR_DB`);
2. the TOML file named by `ANNOTATOR_CONFIG`, else `annotator.toml` in the working directory
   (top-level keys, the names below in lower case; relative paths in it are relative to the
   file's own folder);
3. the default, which suits a checkout of the repository.

| name (file key) | variable | default |
|---|---|---|
| `db` | `ANNOTATOR_DB` | `annotator-review.db` (a SQLite path, or a database URL) |
| `notes` | `ANNOTATOR_NOTES` | `./reference_notes`, else the table shipped beside the package |
| `claims_dir` | `ANNOTATOR_CLAIMS_DIR` | `./claims` |
| `max_bytes` | `ANNOTATOR_MAX_BYTES` | 5 MiB (larger inputs, files or pasted text, are refused) |
| `max_claims` | `ANNOTATOR_MAX_CLAIMS` | 5,000 (documents with more claims are refused) |
| `session_minutes` | `ANNOTATOR_SESSION_MINUTES` | 60 (the app signs out an idle session) |
| `audit_key_file` | `ANNOTATOR_AUDIT_KEY_FILE` | unset (the review store's audit key) |
| `anchor_file` | `ANNOTATOR_ANCHOR_FILE` | unset (the review store's chain anchors) |

`get(name)` reads any of them the same way; a file key not in SETTINGS, a value of the wrong
type or a file that is not TOML is one AnnotatorError naming the file.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from annotator.errors import AnnotatorError

CONFIG_ENV = "ANNOTATOR_CONFIG"
CONFIG_NAME = "annotator.toml"
NOTES_ENV = "ANNOTATOR_NOTES"
DB_ENV = "ANNOTATOR_DB"
CLAIMS_DIR_ENV = "ANNOTATOR_CLAIMS_DIR"
MAX_BYTES_ENV = "ANNOTATOR_MAX_BYTES"
DEFAULT_DB = "annotator-review.db"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_SESSION_MINUTES = 60
DEFAULT_MAX_CLAIMS = 5000

# file key -> kind: "path" (relative to the config file), "location" (a path or a URL),
# "int" (a positive integer)
SETTINGS = {
    "db": "location",
    "notes": "path",
    "claims_dir": "path",
    "max_bytes": "int",
    "max_claims": "int",
    "session_minutes": "int",
    "audit_key_file": "path",
    "anchor_file": "path",
}


class SettingsError(AnnotatorError):
    """The deployment's configuration file cannot be used."""


def env_name(name: str) -> str:
    return "ANNOTATOR_" + name.upper()


def config_file() -> Path | None:
    """The configuration file in force: $ANNOTATOR_CONFIG, else ./annotator.toml if present."""
    named = os.environ.get(CONFIG_ENV, "").strip()
    if named:
        return Path(named).expanduser()
    here = Path.cwd() / CONFIG_NAME
    return here if here.is_file() else None


_cache: dict[tuple, dict[str, str]] = {}


def _file_settings() -> dict[str, str]:
    path = config_file()
    if path is None:
        return {}
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
        if key not in _cache:
            _cache.clear()
            _cache[key] = _parse(path, path.read_text(encoding="utf-8"))
    except SettingsError:
        raise
    except FileNotFoundError:
        raise SettingsError(f"{path}: configuration file not found ({CONFIG_ENV})") from None
    except (OSError, UnicodeDecodeError) as exc:
        detail = getattr(exc, "strerror", None) or exc
        raise SettingsError(f"{path}: cannot read the configuration file: {detail}") from None
    return _cache[key]


def _parse(path: Path, text: str) -> dict[str, str]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not a valid TOML file: {exc}") from None
    problems, values = [], {}
    for name, value in data.items():
        kind = SETTINGS.get(name)
        if kind is None:
            problems.append(f"unknown setting {name!r} (must be one of: {', '.join(SETTINGS)})")
        elif kind == "int":
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                problems.append(f"{name} must be a positive integer, not {value!r}")
            else:
                values[name] = str(value)
        elif not isinstance(value, str) or not value.strip():
            problems.append(f"{name} must be a non-empty string, not {value!r}")
        elif kind == "path" or (kind == "location" and "://" not in value):
            values[name] = str((path.parent / Path(value).expanduser()).absolute())
        else:
            values[name] = value
    if problems:
        raise SettingsError(f"{path}: " + "; ".join(problems))
    return values


def get(name: str, default: str | None = None) -> str | None:
    """The setting `name`: $ANNOTATOR_<NAME>, else the configuration file's key, else default."""
    env = os.environ.get(env_name(name), "").strip()
    if env:
        return env
    return _file_settings().get(name, default)


def _positive(name: str, default: int) -> int:
    value = (get(name) or "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else default


def notes_dir() -> Path:
    """The reference table: the `notes` setting, else ./reference_notes, else the table
    shipped beside the package."""
    value = get("notes")
    if value:
        return Path(value)
    cwd = Path.cwd() / "reference_notes"
    if cwd.is_dir():
        return cwd
    return Path(__file__).resolve().parents[1] / "reference_notes"


def db_location() -> str:
    """The review store: the `db` setting, else annotator-review.db in the working directory."""
    return get("db") or DEFAULT_DB


def claims_dir() -> Path:
    """The folder the app offers articles from: the `claims_dir` setting, else ./claims."""
    value = get("claims_dir")
    return Path(value) if value else Path.cwd() / "claims"


def max_bytes() -> int:
    """The input size limit in force (files, uploads and pasted text, in UTF-8 bytes)."""
    return _positive("max_bytes", DEFAULT_MAX_BYTES)


def session_minutes() -> int:
    """Minutes without activity after which the app signs a session out."""
    return _positive("session_minutes", DEFAULT_SESSION_MINUTES)


def max_claims() -> int:
    """Claims one document may have (the `max_claims` setting, else 5,000). The longest article
    of the shared corpus has 246 and a full FDA label about 1,500; a 5 MB file of one-line
    sentences had 161,290, hours of checking whose report nobody can review."""
    return _positive("max_claims", DEFAULT_MAX_CLAIMS)
