"""The README's first screen stays true: its commands exist and its sample session is real."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
FIRST_SCREEN = "\n".join(README.splitlines()[:40])


def test_first_screen_shows_the_two_setup_commands():
    assert "pip install -e . && streamlit run app.py" in FIRST_SCREEN
    assert "annotator batch claims/ --out report.csv" in FIRST_SCREEN
    assert "pip install -e '.[test]' && pytest" in FIRST_SCREEN


def test_every_cli_command_is_documented():
    from annotator.cli.main import main

    for name, command in main.commands.items():
        assert f"annotator {name}" in README, name
        for sub in getattr(command, "commands", {}):
            assert sub in README, f"{name} {sub}"


def test_sample_session_output_is_what_the_cli_prints():
    shown = re.search(r"\$ annotator check claims/tizanidine_guide.md\n(.*?)\n\.\.\.", README, re.S)
    assert shown, "README lost its sample session"
    out = subprocess.run(
        [sys.executable, "-m", "annotator.cli", "check", "claims/tizanidine_guide.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    version = re.compile(r"reference [0-9a-f]{12}")  # changes with every edit of the notes
    out = version.sub("reference V", out)
    for line in shown.group(1).splitlines():
        assert version.sub("reference V", line) in out, line
