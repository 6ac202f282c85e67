"""``coach sandbox``: a person's language switched, and the week reads in it."""

from __future__ import annotations

from pathlib import Path

from bot import texts
from core import i18n
from tests.bot.test_sandbox import after, coach


def _text(name: str, language: str) -> str:
    with i18n.using(language):
        return getattr(texts, name)


def test_the_sandbox_switches_a_persons_language(tmp_path: Path) -> None:
    plan = "Пн: Силовая (45 мин) \\\n- Присед 5х5 @ 60кг \\\nСр: Бег (30 мин)"
    script = "\n".join(
        ["/as tom", "/lang ru", "/plan", "1", "1", plan, "1", "/as ann", "/language", "3",
         "/week", "/quit"]
    )  # fmt: skip
    result = coach(tmp_path, "sandbox", script=script + "\n")
    assert result.returncode == 0, result.stderr
    tom = after(result.stdout, "Tom> /plan")
    assert _text("PLAN_PICK_ATHLETE", "ru") in tom
    assert "Силовая" in tom
    ann = after(result.stdout, "Ann> /language")
    assert "Español" in ann
    assert _text("LANGUAGE_SET", "es") in ann
    week = after(result.stdout, "Ann> /week")
    assert "Semana" in week and "Fuerza" not in week and "Силовая" in week
