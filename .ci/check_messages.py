"""CI gate: the message catalogues are complete and compiled.

- every translatable string of the code and templates is in the catalogues (``makemessages`` run in
  a scratch copy of the sources finds no string the committed .po files lack, and none they keep
  that the code no longer has);
- every Vietnamese string is translated (no empty or fuzzy entry), and every English one is its msgid;
- each committed .mo holds exactly what its .po says (compiled after the last change).

Run from the repository root: ``.venv/bin/python .ci/check_messages.py``. Exit 1 with what is wrong.
"""

import gettext
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "safereturn" / "locale"
LANGUAGES = ("vi", "en")
ENTRY = re.compile(
    r'^(?P<flags>(?:#.*\n)*)(?:msgctxt (?P<ctx>(?:".*"\n)+))?msgid (?P<id>(?:".*"\n)+)'
    r'(?:msgid_plural (?P<plural>(?:".*"\n)+))?(?P<strs>(?:msgstr(?:\[\d\])? (?:".*"\n?)+)+)',
    re.M,
)


ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _text(quoted):
    joined = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', quoted or ""))
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), joined)


def entries(po):
    """{(context, msgid, plural): (fuzzy, [msgstr...])} of a .po file, without its header."""
    found = {}
    for m in ENTRY.finditer(po.read_text(encoding="utf-8") + "\n"):
        key = (_text(m["ctx"]), _text(m["id"]), _text(m["plural"]))
        if key[1] == "" and not key[0]:
            continue  # the header
        strs = [_text(s) for s in re.findall(r'msgstr(?:\[\d\])? ((?:".*"\n?)+)', m["strs"])]
        found[key] = ("fuzzy" in m["flags"], strs)
    return found


def regenerated():
    """The catalogues ``makemessages`` writes for the sources as they are, in a scratch copy."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "safereturn"
        shutil.copytree(ROOT / "safereturn", copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "safereturn.settings.test", "PYTHONPATH": str(ROOT)}
        args = ["makemessages", "-l", "vi", "-l", "en", "--no-obsolete", "--ignore", "settings/*", "-v", "0"]
        subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=copy, env=env, check=True)  # noqa: S603
        return {lang: entries(copy / "locale" / lang / "LC_MESSAGES" / "django.po") for lang in LANGUAGES}


def compiled(mo):
    with mo.open("rb") as f:
        return dict(gettext.GNUTranslations(f)._catalog)


def from_po(po_entries):
    """What msgfmt would put in the .mo for these entries (fuzzy and empty ones are left out)."""
    catalog = {}
    for (ctx, msgid, plural), (fuzzy, strs) in po_entries.items():
        if fuzzy or not any(strs):
            continue
        key = f"{ctx}\x04{msgid}" if ctx else msgid
        if plural:
            for i, text in enumerate(strs):
                catalog[(key, i)] = text
        else:
            catalog[key] = strs[0]
    return catalog


def main():
    problems = []
    fresh = regenerated()
    for lang in LANGUAGES:
        po = LOCALE / lang / "LC_MESSAGES" / "django.po"
        committed = entries(po)
        missing = sorted(set(fresh[lang]) - set(committed))
        stale = sorted(set(committed) - set(fresh[lang]))
        problems += [f"{lang}: not in the catalogue: {key[1]!r}" for key in missing]
        problems += [f"{lang}: no longer in the code: {key[1]!r}" for key in stale]
        untranslated = [key for key, (fuzzy, strs) in committed.items() if fuzzy or not all(strs)]
        problems += [f"{lang}: not translated (empty or fuzzy): {key[1]!r}" for key in untranslated]
        if lang == "en":  # the msgids are English: an English msgstr is its msgid (a fuzzy neighbour's text is not)
            wrong = [key for key, (_f, strs) in committed.items() if strs != ([key[1], key[2]] if key[2] else [key[1]])]
            problems += [f"en: the English text is not the msgid: {key[1]!r}" for key in wrong]
        catalog = compiled(po.with_suffix(".mo"))
        catalog.pop("", None)  # the header
        if catalog != from_po(committed):
            problems.append(f"{lang}: django.mo is not compiled from django.po (run `make messages`)")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) with the message catalogues: run `make messages`, translate, commit.")
        return 1
    print("message catalogues: complete, translated and compiled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
