#!/usr/bin/env python3
"""Generates the help-site benchmark corpus (see bench/docs.sh).

    python3 bench/docs-corpus.py CONTENT OUT PAGES_PER_LANGUAGE

Copies the real pages of CONTENT/en and CONTENT/fr into OUT/en and OUT/fr
until each language has PAGES_PER_LANGUAGE pages: the originals, then copies
named <slug>-<n>.md with a numbered title and their own weight. Links and
related topics of a copy point at the originals, so every link resolves, and
each French copy records the hash of its English copy, so the corpus builds
under --strict without warnings, like the real site.
"""

import hashlib
import pathlib
import re
import shutil
import sys


def main() -> None:
    content, out, per_lang = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
    if out.exists():
        shutil.rmtree(out)
    for lang in ("en", "fr"):
        (out / lang).mkdir(parents=True)
    originals = sorted(p.stem for p in (content / "en").glob("*.md"))
    for slug in originals:
        for lang in ("en", "fr"):
            shutil.copy(content / lang / f"{slug}.md", out / lang / f"{slug}.md")
    copies = per_lang - len(originals)
    for n in range(copies):
        slug = originals[n % len(originals)]
        copy = f"{slug}-{n // len(originals) + 1}"
        en = copy_page((content / "en" / f"{slug}.md").read_text(encoding="utf-8"), n)
        (out / "en" / f"{copy}.md").write_text(en, encoding="utf-8")
        source_hash = hashlib.sha256(en.encode("utf-8")).hexdigest()[:16]
        fr = copy_page((content / "fr" / f"{slug}.md").read_text(encoding="utf-8"), n)
        fr = re.sub(r'^source_hash = "[0-9a-f]*"$', f'source_hash = "{source_hash}"', fr, count=1, flags=re.M)
        (out / "fr" / f"{copy}.md").write_text(fr, encoding="utf-8")
    print(f"{per_lang} pages per language in {out} ({len(originals)} originals, {copies} copies each)")


def copy_page(text: str, n: int) -> str:
    """A numbered copy: title and weight change; links keep pointing at the originals."""
    text = re.sub(r'^title = "(.*)"$', lambda m: f'title = "{m.group(1)} ({n + 1})"', text, count=1, flags=re.M)
    return re.sub(r"^weight = \d+$", f"weight = {1000 + n}", text, count=1, flags=re.M)


if __name__ == "__main__":
    main()
