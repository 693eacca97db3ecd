"""Thin Qt table models over app/ query results."""
