"""Kamerspoor: Dutch parliamentary papers turned into a searchable, audited record."""

__version__ = "0.1.0"
