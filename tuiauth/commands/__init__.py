"""The scripting commands of ``tuiauth``. None of these modules imports Textual (they start fast)."""
