"""Telegram side of Coach: the python-telegram-bot application, handlers, jobs and CLI."""
