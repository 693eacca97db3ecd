"""Dialogs that enter, settle, credit and correct documents.

Each shows a live preview computed by app/ and posts through the same
service; a `UserError` is shown inline and keeps the post button disabled.
"""
