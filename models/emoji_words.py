"""Emoji, spelt out for the embedder. USE's vocabulary has no emoji: every one became the same
unknown token, so "👎", "💩" and "😍" embedded alike and read as praise. Before embedding (only:
the stored text keeps its emoji), each emoji becomes words: for the ones feedback uses most, a
plain gloss written for this project (what the customer means, e.g. 👎 "bad, thumbs down");
for the rest, its CLDR name from the `emoji` package ("face vomiting")."""

import re
from functools import lru_cache

import emoji

# What a customer means by the emoji that carry a judgement; others only get their name.
GLOSSES: dict[str, str] = {
    "👎": "bad, thumbs down",
    "👍": "good, thumbs up",
    "👌": "fine, okay",
    "👏": "well done, applause",
    "🙌": "great, hooray",
    "🙏": "thank you, please",
    "💯": "perfect, totally",
    "🔥": "awesome",
    "⭐": "star",
    "🌟": "star",
    "🎉": "celebration, great",
    "😀": "happy",
    "😃": "happy",
    "😄": "happy",
    "😁": "happy",
    "🙂": "happy",
    "😊": "happy, pleased",
    "☺": "happy, pleased",
    "😉": "wink",
    "😂": "laughing",
    "🤣": "laughing",
    "😍": "love it",
    "🥰": "love it",
    "😘": "love it",
    "❤": "love it",
    "💕": "love it",
    "💖": "love it",
    "💗": "love it",
    "💙": "love it",
    "💚": "love it",
    "😎": "cool",
    "😐": "meh",
    "😑": "meh",
    "😶": "speechless",
    "🤔": "unsure, thinking",
    "😕": "confused, disappointed",
    "🙁": "disappointed",
    "☹": "disappointed",
    "😞": "disappointed",
    "😔": "disappointed",
    "😟": "worried",
    "😒": "annoyed",
    "🙄": "annoyed, eye roll",
    "😤": "frustrated",
    "😩": "frustrated, weary",
    "😫": "frustrated, tired",
    "😠": "angry",
    "😡": "angry, furious",
    "🤬": "angry, furious, swearing",
    "😢": "sad",
    "😭": "very sad, crying",
    "💔": "heartbroken",
    "😱": "shocked",
    "😨": "scared",
    "🤮": "disgusting",
    "🤢": "disgusting",
    "💩": "crap, rubbish",
    "🐛": "bug",
    "🐌": "slow",
    "🐢": "slow",
    "💸": "expensive, money",
    "🆘": "help, emergency",
    "⚠": "warning",
    "❌": "no, wrong",
    "✅": "yes, done",
}

# Everything outside these blocks cannot be an emoji: the common case costs one scan.
_MAYBE = re.compile(r"[\u203c-\u3299\U0001F000-\U0001FAFF]")
_SKIN_TONES = re.compile(r"[\ufe0f\U0001F3FB-\U0001F3FF]")
_TEXT_SYMBOLS = {"™", "©", "®"}  # emoji to the package, plain symbols in feedback


# Spelled per text: each emoji's first few, and so many in all. A ticket of 20,000 "😡" spelled
# whole was 300,000 characters to embed (14 s, with every other ticket waiting); its fourth
# "pouting face" says nothing the third did not.
EACH_EMOJI = 3
ALL_EMOJI = 100


# Cached: the embedder and both heads' n-grams read each insight's text spelt (the package's
# tokeniser walks the text character by character, "€" and "→" included).
@lru_cache(maxsize=256)
def spell_emoji(text: str) -> str:
    """The text with each emoji (and its variation selector) replaced by words; repeats past
    EACH_EMOJI of one emoji, and any past ALL_EMOJI, are left out."""
    if not _MAYBE.search(text):
        return text
    seen: dict[str, int] = {}

    def words(chars: str, data: dict) -> str:
        seen[chars] = seen.get(chars, 0) + 1
        if seen[chars] > EACH_EMOJI or sum(seen.values()) > ALL_EMOJI:
            return " "
        return f" {_gloss(chars)} "

    spelt = emoji.replace_emoji(text, replace=words)
    return text if spelt == text else " ".join(spelt.split())  # "€", "→": no emoji, unchanged


@lru_cache(maxsize=4096)
def _gloss(chars: str) -> str:
    bare = _SKIN_TONES.sub("", chars)
    if bare in _TEXT_SYMBOLS:
        return bare
    if bare in GLOSSES:
        return GLOSSES[bare]
    name = emoji.EMOJI_DATA.get(chars, emoji.EMOJI_DATA.get(bare, {})).get("en", "")
    return name.strip(":").replace("_", " ") or " "
