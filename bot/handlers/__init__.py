"""Telegram handlers, one module per command (or dialogue). Each is thin: parse the
update, call one service, render the answer."""
