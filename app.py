"""Streamlit reviewer app: `streamlit run app.py`. The view lives in annotator.ui."""

from annotator.ui import main

main()
