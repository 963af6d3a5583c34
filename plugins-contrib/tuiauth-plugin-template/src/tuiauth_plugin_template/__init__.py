"""A template tuiauth plugin (see plugin.py)."""
