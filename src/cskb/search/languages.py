"""Names accepted in `[search] languages` (cheap to import: config.py validates with it)."""

from __future__ import annotations

# Names accepted in `[search] languages` (Snowball algorithm names or ISO 639-1 codes).
SNOWBALL = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "nl": "dutch",
    "en": "english", "fi": "finnish", "fr": "french", "de": "german", "el": "greek",
    "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian",
    "no": "norwegian", "nb": "norwegian", "nn": "norwegian", "pl": "polish", "pt": "portuguese",
    "ro": "romanian", "ru": "russian", "sr": "serbian", "es": "spanish", "sv": "swedish",
    "tr": "turkish", "et": "estonian", "eu": "basque", "hy": "armenian",
}  # fmt: skip
OWN = {"uk": "ukrainian"}
# Scripts handled without configuration (segment.py): listing them is allowed and a no-op.
UNSPACED_LANGUAGES = {"ja": "japanese", "zh": "chinese", "th": "thai", "ko": "korean"}
DEFAULT_LANGUAGES = ("english", "german", "norwegian", "spanish", "ukrainian")


def language_name(name: str) -> str | None:
    """The canonical name for a `[search] languages` entry, or None if unsupported."""
    key = name.strip().lower()
    for table in (SNOWBALL, OWN, UNSPACED_LANGUAGES):
        if key in table:
            return table[key]
        if key in table.values():
            return key
    return None


def known_languages() -> list[str]:
    return sorted({*SNOWBALL.values(), *OWN.values(), *UNSPACED_LANGUAGES.values()})
