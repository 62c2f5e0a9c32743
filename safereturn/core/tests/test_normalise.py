"""``normalise`` keys every blind index: its fast path must give what unidecode alone gave."""

import random
import re
import sys
import unicodedata

from unidecode import unidecode

from safereturn.core.crypto import normalise


def _unidecode_only(value):
    """``normalise`` as first written, with no translation table."""
    value = unicodedata.normalize("NFC", value or "").replace("đ", "d").replace("Đ", "D")
    return re.sub(r"[^a-z0-9]+", " ", unidecode(value).lower()).strip()


def test_every_character_normalises_as_unidecode_alone_does():
    for code in range(0x3000):
        if 0xD800 <= code <= 0xDFFF:  # surrogates are not characters
            continue
        text = f"A{chr(code)}b"
        assert normalise(text) == _unidecode_only(text), hex(code)


def test_names_and_mixed_scripts_normalise_as_unidecode_alone_does():
    assert normalise("Nguyễn  Thị Hương") == "nguyen thi huong"
    assert normalise("ĐẶNG Văn Đức") == "dang van duc"
    assert normalise("Nguye\u0302\u0303n") == "nguyen"  # decomposed accents
    rng = random.Random(4)
    alphabet = "aăâbdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    others = "中文한국어ไทยЖжΩ€—’ \t\n1234567890-_.,"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet + others) for _ in range(rng.randint(0, 30)))
        assert normalise(text) == _unidecode_only(text), text
    high = "".join(chr(rng.randint(0x3000, sys.maxunicode)) for _ in range(2000))
    high = "".join(ch for ch in high if not 0xD800 <= ord(ch) <= 0xDFFF)
    assert normalise(high) == _unidecode_only(high)
