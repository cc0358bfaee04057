"""Layer 9, the reviewer app: the only code that imports streamlit.

Pages render; the library decides. `main` is the frame (`streamlit run app.py` calls it),
`state` the session and caches, one module per page (`queue`, `review`, `signoff`, `pages`,
`auth`), `render` the pure HTML helpers.
May import: every layer below; never the cli.
"""

from annotator.app.main import main

__all__ = ["main"]
