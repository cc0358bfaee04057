"""Layer 9, the reviewer app: the only code that imports streamlit.

Pages render; the library decides. `main` is the frame (`streamlit run app.py` calls it; its
PAGES table lists the pages), `state` the session's data and the shared caches, `session` who
is signed in (and `user_action`, through which every acting callback goes), `problems` the
messages for damaged rows and bugs, one module per page or panel
(`queue`, `review`, `decide` and `details` (the open item), `signoff`, `adjudicate`, `pages`,
`auth`), `docview` the clickable article (a components-v2 element), `render` the pure HTML
helpers.
May import: every layer below; never the cli.
"""

from annotator.app.main import main

__all__ = ["main"]
