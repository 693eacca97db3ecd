"""Posting services: the only writers of the book, one transaction per user action."""
