"""Neutralise CSV cells that a spreadsheet would run as a formula (OWASP "CSV Injection").

Article text and reviewer comments are untrusted: a cell such as `=HYPERLINK(...)` or
`@SUM(...)` opened in Excel or LibreOffice executes. OWASP's advice is to prefix any cell that
starts with = + - @ tab or carriage return with a single quote, so the spreadsheet shows it
as text. The csv module already quotes separators and quote characters; this handles the rest.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """Return `value` as CSV cell text that no spreadsheet evaluates.

    None becomes "". Real numbers pass unchanged (a negative int is a number, not a formula);
    every string, including "-1+cmd", is checked.
    """
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_row(values) -> list[str]:
    """safe_cell over a row, for csv.writer.writerow."""
    return [safe_cell(v) for v in values]
