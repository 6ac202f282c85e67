"""python-telegram-bot persistence backed by the project's database (not a pickle file).

Dialogue states and per-user dialogue data survive a restart of ``coach run``;
chat data holds only small flags. Everything stored is plain JSON.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import ConversationDict, ConversationKey

from storage.bot_state import BotStateStore

UPDATE_INTERVAL_SECONDS = 1.0  # how much a hard kill can lose of a dialogue step


class DatabasePersistence(BasePersistence[dict, dict, dict]):
    def __init__(self, store: BotStateStore, update_interval: float = UPDATE_INTERVAL_SECONDS):
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=True, user_data=True, callback_data=False
            ),
            update_interval=update_interval,
        )
        self._store = store

    # --- reading at start-up ------------------------------------------------------

    async def get_user_data(self) -> dict[int, dict]:
        return _by_int_key(await self._store.load("user_data"))

    async def get_chat_data(self) -> dict[int, dict]:
        return _by_int_key(await self._store.load("chat_data"))

    async def get_bot_data(self) -> dict:
        return {}

    async def get_callback_data(self) -> None:
        return None

    async def get_conversations(self, name: str) -> ConversationDict:
        stored = await self._store.load(f"conversation:{name}")
        return {tuple(json.loads(key)): state for key, state in stored.items()}

    # --- writing ------------------------------------------------------------------

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        await self._store.save(f"conversation:{name}", json.dumps(list(key)), new_state)

    async def update_user_data(self, user_id: int, data: dict) -> None:
        await self._store.save("user_data", str(user_id), data or None)

    async def update_chat_data(self, chat_id: int, data: dict) -> None:
        await self._store.save("chat_data", str(chat_id), data or None)

    async def update_bot_data(self, data: dict) -> None:
        return None

    async def update_callback_data(self, data: Any) -> None:
        return None

    async def drop_chat_data(self, chat_id: int) -> None:
        await self._store.save("chat_data", str(chat_id), None)

    async def drop_user_data(self, user_id: int) -> None:
        await self._store.save("user_data", str(user_id), None)

    async def refresh_user_data(self, user_id: int, user_data: dict) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: dict) -> None:
        return None

    async def refresh_bot_data(self, bot_data: dict) -> None:
        return None

    async def flush(self) -> None:
        return None  # every update is written when it is made


def _by_int_key(stored: dict[str, Any]) -> defaultdict[int, dict]:
    return defaultdict(dict, {int(key): value for key, value in stored.items()})
