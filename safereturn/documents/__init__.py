"""Official Vietnamese administrative documents (Decree 30/2020/NĐ-CP layout) as Word and PDF.

Use :func:`safereturn.documents.rendering.render_docx` and :func:`~safereturn.documents.rendering.render_pdf`.
"""
