"""The server key that MACs every chained row, and the anchor file that keeps the chain heads.

Why they live outside the database: a hash chain alone can be recomputed by anyone who can
write the database (its owner, a DBA, whoever copies review.db), and it cannot reveal that its
newest rows were removed. So:
- each chained row carries mac = HMAC-SHA256(key, table + row_hash), keyed with a secret that
  is never stored in the database: rewriting, back-dating or forging a row in another user's
  name then needs the key file as well as the database;
- after every write the chain heads (per table: rows, last id, last row_hash, rows without a
  MAC) are appended to an anchor file (JSON lines, fsync'd), so a truncated or emptied table,
  or a removed re-open, no longer matches what was anchored.

Where they are (settings of the deployment, never of a page):
- key: $ANNOTATOR_AUDIT_KEY_FILE; else beside a SQLite store (review.db -> review.db.key);
  else, for a database URL, $XDG_STATE_HOME/annotator/<hash of the URL without user and
  password>.key (default ~/.local/state): the owner and the app role share it. Created on
  first open (32 random bytes, hex, mode 0600) unless the store already has MAC'd rows: a
  lost key is an error, never silently replaced.
- anchor: $ANNOTATOR_ANCHOR_FILE; else beside the key (review.db.key -> review.db.anchor.jsonl).
  Each line names its store, so one anchor file may serve several stores.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

from annotator import settings
from annotator.review.records import ReviewError

KEY_ENV = "ANNOTATOR_AUDIT_KEY_FILE"
ANCHOR_ENV = "ANNOTATOR_ANCHOR_FILE"
KEY_BYTES = 32


def key_path(location: str) -> Path:
    env = settings.get("audit_key_file")  # $ANNOTATOR_AUDIT_KEY_FILE or the config file
    if env:
        return Path(env).expanduser()
    if "://" not in location:
        db = Path(location).expanduser().resolve()
        return db.with_name(db.name + ".key")
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    digest = hashlib.sha256(location.encode("utf-8")).hexdigest()[:16]
    return Path(state) / "annotator" / f"{digest}.key"


def anchor_path(key: Path) -> Path:
    env = settings.get("anchor_file")  # $ANNOTATOR_ANCHOR_FILE or the config file
    return Path(env).expanduser() if env else key.with_suffix(".anchor.jsonl")


def load_key(path: Path, *, create: bool) -> bytes:
    """The key in `path`; created (0600) when missing and `create`, else a ReviewError."""
    if not path.exists():
        if not create:
            raise ReviewError(
                f"{path}: the audit key file is missing, but the store has rows MAC'd with it; "
                f"restore it (or point {KEY_ENV} at it) — a new key would make every row look "
                "forged"
            )
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:  # written in full before it gets its name
            out.write(secrets.token_hex(KEY_BYTES) + "\n")
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(tmp, path)  # atomic, and never over a key another process just made
        except FileExistsError:
            pass  # that process's key wins: use it
        finally:
            tmp.unlink()
    if os.name == "posix" and path.stat().st_mode & 0o077:
        raise ReviewError(
            f"{path}: the audit key file is readable or writable by others "
            f"(mode {path.stat().st_mode & 0o777:o}); run chmod 600 on it"
        )
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (ValueError, UnicodeDecodeError):
        key = b""
    if len(key) < KEY_BYTES:
        raise ReviewError(f"{path}: not an audit key (expected {KEY_BYTES * 2} hex digits)")
    return key


def row_mac(key: bytes, table: str, row_hash: str) -> str:
    return hmac.new(key, f"{table}\n{row_hash}".encode(), hashlib.sha256).hexdigest()


def mac_ok(key: bytes, table: str, row_hash: str, mac: str | None) -> bool:
    return bool(mac) and hmac.compare_digest(row_mac(key, table, str(row_hash)), str(mac))


class Anchor:
    """An append-only JSON-lines file of chain heads: {"store", "at", "heads"} per line."""

    def __init__(self, path: Path, store: str):
        self.path, self.store = path, store

    def append(self, at: str, heads: dict) -> None:
        line = json.dumps({"store": self.store, "at": at, "heads": heads}, sort_keys=True)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:  # one write() per line: appends from several processes do not interleave
                os.write(fd, (line + "\n").encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:  # the change is committed: say so, and that it is unanchored
            raise ReviewError(
                f"{self.path}: the change was saved, but the audit anchor could not be "
                f"written ({exc.strerror or exc}); fix the file before going on"
            ) from None

    def entries(self) -> tuple[list[dict], list[str]]:
        """This store's entries, oldest first, and the problems reading the file."""
        if not self.path.exists():
            return [], []
        entries, problems = [], []
        with open(self.path, encoding="utf-8", errors="replace") as lines:
            for number, line in enumerate(lines, 1):
                try:
                    entry = json.loads(line)
                    if entry["store"] != self.store:
                        continue
                    heads = {t: tuple(h) for t, h in entry["heads"].items()}
                    entries.append({"at": entry["at"], "heads": heads})
                except (ValueError, KeyError, TypeError, AttributeError):
                    problems.append(f"{self.path}:{number}: unreadable anchor line")
        return entries, problems
