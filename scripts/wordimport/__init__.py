"""`python -m scripts import-docx`: Word / WPS documents → draft materials (Markdown + pictures)."""
