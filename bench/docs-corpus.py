#!/usr/bin/env python3
"""Generates the help-site benchmark corpus (see bench/docs.sh).

    python3 bench/docs-corpus.py CONTENT OUT PAGES_PER_LANGUAGE

Copies the real pages of CONTENT/en and CONTENT/fr into OUT/en and OUT/fr
until each language has PAGES_PER_LANGUAGE pages: the originals at the top,
then copies named <slug>-<n>.md with a numbered title and their own weight,
spread over SECTIONS folders (section-01/ ... section-20/, each with its
_index.md, which counts as a page), the way a real help site is organized.
Links and related topics of a copy point at the originals (one folder up), so
every link resolves, and each French copy records the hash of its English
copy, so the corpus builds under --strict without warnings, like the real
site.
"""

import hashlib
import pathlib
import re
import shutil
import sys

SECTIONS = 20


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
    sections = [f"section-{i + 1:02}" for i in range(SECTIONS)]
    for i, section in enumerate(sections):
        en = section_page(section, i, "en", None)
        write(out / "en" / section / "_index.md", en)
        write(out / "fr" / section / "_index.md", section_page(section, i, "fr", hash16(en)))
    copies = per_lang - len(originals) - len(sections)
    for n in range(copies):
        slug = originals[n % len(originals)]
        copy = f"{sections[n % len(sections)]}/{slug}-{n // len(originals) + 1}"
        en = copy_page((content / "en" / f"{slug}.md").read_text(encoding="utf-8"), n)
        write(out / "en" / f"{copy}.md", en)
        fr = copy_page((content / "fr" / f"{slug}.md").read_text(encoding="utf-8"), n)
        fr = re.sub(r'^source_hash = "[0-9a-f]*"$', f'source_hash = "{hash16(en)}"', fr, count=1, flags=re.M)
        write(out / "fr" / f"{copy}.md", fr)
    print(f"{per_lang} pages per language in {out} ({len(originals)} originals, {len(sections)} sections, {copies} copies)")


def hash16(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def write(path: pathlib.Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def section_page(section: str, i: int, lang: str, source_hash) -> str:
    """A section's _index.md; the French one records the English hash."""
    title = f"Section {i + 1}" if lang == "en" else f"Rubrique {i + 1}"
    line = f'source_hash = "{source_hash}"\n' if source_hash else ""
    return f'+++\ntitle = "{title}"\ndescription = "{title} of the corpus."\nweight = {500 + i}\n{line}+++\n\n{title}.\n'


def copy_page(text: str, n: int) -> str:
    """A numbered copy in a section: title and weight change; links lead one
    folder up, to the originals (related topics name pages by their address,
    which stays the same)."""
    text = re.sub(r'^title = "(.*)"$', lambda m: f'title = "{m.group(1)} ({n + 1})"', text, count=1, flags=re.M)
    text = re.sub(r"^weight = \d+$", f"weight = {1000 + n}", text, count=1, flags=re.M)
    return re.sub(r"\]\((?![a-z]+:|#|/)([^)\s]+\.md(?:#[^)]*)?)\)", r"](../\1)", text)


if __name__ == "__main__":
    main()
