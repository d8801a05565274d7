"""The English catalogue translates every French source string (run `make messages` after adding text)."""

import ast
import re

from django.conf import settings

PO = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries() -> list[dict[str, str]]:
    """Each entry of the catalogue as {keyword: text}, the header and obsolete entries left out."""
    entries = []
    for block in PO.read_text(encoding="utf-8").strip().split("\n\n")[1:]:
        entry: dict[str, str] = {"flags": ""}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] += line
            elif match := re.match(r"^(msg\w+(?:\[\d\])?) (\".*\")$", line):
                key = match.group(1)
                entry[key] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and key:
                entry[key] += ast.literal_eval(line)
        if "msgid" in entry:
            entries.append(entry)
    return entries


def test_no_entry_is_fuzzy():
    assert [e["msgid"] for e in _entries() if "fuzzy" in e["flags"]] == []


def test_every_entry_is_translated():
    translations = ("msgstr", "msgstr[0]", "msgstr[1]")
    untranslated = [e["msgid"] for e in _entries() if any(k in e and not e[k] for k in translations)]
    assert untranslated == []
