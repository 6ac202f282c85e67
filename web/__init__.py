"""HTTP: the ASGI app (Telegram webhook, and later health, metrics, the API, the Mini App)."""
