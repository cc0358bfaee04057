"""Streamlit reviewer app: `streamlit run app.py`. The view lives in annotator.app.main."""

from annotator.app import main

main()
