"""The pages of the Kamerspoor app (``app.py``), one module per page, registered in order."""
