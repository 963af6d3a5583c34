"""The UI-free core of tuiauth: vault, crypto, accounts, code timer, backup and restore.

Nothing in this package imports Textual (a test enforces it).
"""
