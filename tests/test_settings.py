"""Deployment settings (annotator/settings.py): the environment over a TOML file over the
defaults; a bad file is one AnnotatorError naming it."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import settings
from annotator.errors import AnnotatorError

VARS = ("CONFIG", "DB", "NOTES", "CLAIMS_DIR", "MAX_BYTES", "SESSION_MINUTES",
        "AUDIT_KEY_FILE", "ANCHOR_FILE")  # fmt: skip


@pytest.fixture
def clean(tmp_path, monkeypatch):
    for var in VARS:
        monkeypatch.delenv("ANNOTATOR_" + var, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_defaults_without_a_file(clean):
    assert settings.config_file() is None
    assert settings.db_location() == "annotator-review.db"
    assert settings.claims_dir() == clean / "claims"
    assert settings.max_bytes() == 5 * 1024 * 1024
    assert settings.session_minutes() == 60
    assert settings.get("audit_key_file") is None


def test_the_file_in_the_working_directory_is_read_and_paths_are_relative_to_it(clean):
    (clean / "annotator.toml").write_text(
        'db = "data/review.db"\nclaims_dir = "articles"\nmax_bytes = 2048\n'
        'session_minutes = 15\naudit_key_file = "/etc/annotator/audit.key"\n'
        'anchor_file = "anchors.txt"\n',
        encoding="utf-8",
    )
    assert settings.db_location() == str(clean / "data" / "review.db")
    assert settings.claims_dir() == clean / "articles"
    assert (settings.max_bytes(), settings.session_minutes()) == (2048, 15)
    assert settings.get("audit_key_file") == "/etc/annotator/audit.key"
    assert settings.get("anchor_file") == str(clean / "anchors.txt")


def test_annotator_config_names_the_file_and_the_environment_wins(clean, monkeypatch):
    conf = clean / "etc" / "server.toml"
    conf.parent.mkdir()
    conf.write_text(
        'db = "postgresql://annotator@db.internal/review"\nnotes = "notes"\n', encoding="utf-8"
    )
    monkeypatch.setenv("ANNOTATOR_CONFIG", str(conf))
    assert settings.db_location() == "postgresql://annotator@db.internal/review"  # a URL as is
    assert settings.notes_dir() == clean / "etc" / "notes"
    monkeypatch.setenv("ANNOTATOR_DB", "other.db")
    monkeypatch.setenv("ANNOTATOR_AUDIT_KEY_FILE", "/run/secrets/audit")
    assert settings.db_location() == "other.db"
    assert settings.get("audit_key_file") == "/run/secrets/audit"


@pytest.mark.parametrize(
    "text, problem",
    [
        ("db = \n", "not a valid TOML file"),
        ('database = "x.db"\n', "unknown setting 'database' (must be one of: db, notes,"),
        ("max_bytes = -5\n", "max_bytes must be a positive integer, not -5"),
        ('max_bytes = "big"\n', "max_bytes must be a positive integer, not 'big'"),
        ("db = 3\n", "db must be a non-empty string, not 3"),
    ],
)
def test_a_bad_file_is_one_line_naming_it(clean, monkeypatch, text, problem):
    conf = clean / "bad.toml"
    conf.write_text(text, encoding="utf-8")
    monkeypatch.setenv("ANNOTATOR_CONFIG", str(conf))
    with pytest.raises(AnnotatorError) as caught:
        settings.db_location()
    message = caught.value.message()
    assert message.startswith(f"{conf}: ") and problem in message
    assert "\n" not in message


def test_a_missing_named_file_is_an_error(clean, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_CONFIG", str(clean / "nowhere.toml"))
    with pytest.raises(AnnotatorError, match=r"nowhere\.toml: configuration file not found"):
        settings.max_bytes()


def test_every_setting_has_its_variable_documented():
    doc = settings.__doc__
    for name in settings.SETTINGS:
        assert f"`{name}`" in doc and f"`{settings.env_name(name)}`" in doc
    assert Path(settings.__file__).name == "settings.py"
