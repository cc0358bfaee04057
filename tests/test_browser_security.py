"""Sign-out in a real browser (chromium + playwright, tests/browser_helpers.py): a message the
browser sent while alice was signed in (her press on "Agree"), sent again on the same
connection after she signed out, records nothing. Playwright sits between the page and the
server's WebSocket, keeps what the page sends, and replays it. Skipped with a reason when
chromium or playwright is missing.
"""

from __future__ import annotations

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.browser_helpers import (
    app_server,
    chromium,
    decisions,
    go_to,
    idle,
    needs_browser,
    open_item,
    press_until,
    sign_in,
)

pytestmark = needs_browser


def presses(frame: bytes | str, key: str) -> bool:
    """Whether a message from the page presses the button with this key."""
    if isinstance(frame, str):
        return False
    message = BackMsg.FromString(frame)
    if message.WhichOneof("type") != "rerun_script":
        return False
    return any(
        w.id.endswith(key) and w.WhichOneof("value") == "trigger_value" and w.trigger_value
        for w in message.rerun_script.widget_states.widgets
    )


def test_a_replayed_press_after_sign_out_records_nothing(tmp_path):
    with app_server(tmp_path) as (url, db), chromium() as browser:
        page = browser.new_context(viewport={"width": 1600, "height": 1100}).new_page()
        page.set_default_timeout(60_000)
        sent: list = []
        server = {}

        finished: list = []  # the server's "script finished" messages, as they arrive

        def between(ws) -> None:
            server["ws"] = ws.connect_to_server()

            def up(frame) -> None:
                sent.append(frame)
                server["ws"].send(frame)

            def down(frame) -> None:
                if not isinstance(frame, str):
                    message = ForwardMsg.FromString(frame)
                    if message.WhichOneof("type") == "script_finished":
                        finished.append(message.script_finished)
                ws.send(frame)

            ws.on_message(up)
            server["ws"].on_message(down)

        page.route_web_socket(lambda u: u.endswith("/_stcore/stream"), between)
        page.goto(url)
        sign_in(page, "alice")
        go_to(page, "Review")
        page.locator(".anno-box").wait_for()
        open_item(page, "c006")
        press_until(page, "a", lambda: decisions(db, "c006"), "A to agree with c006")
        agree = [f for f in sent if presses(f, "decide_agree")][-1]
        idle(page)
        made = len(decisions(db))

        page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
        page.get_by_role("button", name="Sign in").wait_for()
        runs = len(finished)
        server["ws"].send(agree)  # the same press again, on alice's old connection
        for _ in range(600):  # (playwright handles the socket only while it is called)
            if len(finished) > runs:
                break
            page.wait_for_timeout(100)
        assert len(finished) > runs, "the replayed press started no run"
        assert len(decisions(db)) == made
        page.get_by_text("nothing was done").wait_for()
        assert page.get_by_role("button", name="Sign in").is_visible()
