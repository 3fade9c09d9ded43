"""The pemda's settings: everyone reads them (to print), only the admin changes them.

The CLI (`settings set`), the set-up wizard and Pengaturan Pemda all come through here, so
a value is checked by the one rule of domain/settings.py whichever shell typed it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from kupang_desk.domain.accounts import Role
from kupang_desk.domain.settings import (
    SETTING_FIELDS,
    SETTING_KEYS,
    SETUP_DONE,
    SETUP_STEPS,
    PemdaSettings,
    SettingError,
    check_settings,
    parse_setting,
    setting_display,
    with_setting,
)
from kupang_desk.services.context import AppContext
from kupang_desk.store import rates as rate_store

__all__ = ["SETTING_KEYS", "SETUP_DONE", "SETUP_STEPS", "SettingError"]


def load(ctx: AppContext) -> PemdaSettings:
    return rate_store.load_settings(ctx.store)


def save(ctx: AppContext, settings: PemdaSettings) -> None:
    ctx.require_role(Role.ADMIN)
    problems = check_settings(settings)
    if problems:
        raise SettingError(" ".join(problems))
    rate_store.save_settings(ctx.store, settings, user=ctx.user)


def read_logo(path: Path | str, key: str = "pemda.logo") -> bytes:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SettingError(f"{key}: berkas {path} tidak dapat dibaca ({exc.strerror}).") from None
    parse_setting(key, data)
    return data


def set_values(ctx: AppContext, values: Mapping[str, str | bytes]) -> PemdaSettings:
    """Check every value, then save them together. The logo: bytes, or a path as text."""
    settings = load(ctx)
    for key, value in values.items():
        is_image = key in SETTING_FIELDS and SETTING_FIELDS[key].metadata["kind"] == "image"
        if is_image and isinstance(value, str):
            value = read_logo(value, key) if value.strip() else b""
        settings = with_setting(settings, key, value)
    save(ctx, settings)
    return settings


def set_value(ctx: AppContext, key: str, value: str | bytes) -> PemdaSettings:
    return set_values(ctx, {key: value})


def listing(ctx: AppContext) -> dict[str, str | bool]:
    """Key -> value as `settings list` shows it (the logo summarised)."""
    settings = load(ctx)
    return {key: setting_display(settings, key) for key in SETTING_KEYS}


def setup_done(ctx: AppContext) -> bool:
    return load(ctx).setup_step == SETUP_DONE
