"""The composition root: settings, storage, the Telegram adapter (bot/) and the web
server (web/) wired into one running Coach. bot/ and web/ never import each other."""
