"""Check every relative link of the built book: the file exists, and so does the #fragment.

mdBook checks that includes resolve, but not that links do: a link to a
chapter's ``README.md`` is rendered as ``README.html`` although the page is
written as ``index.html``, and a renamed heading silently breaks every
``#fragment`` that pointed at it. This reads the HTML a reader's browser
reads.

    python tools/linkcheck.py book/build      # prints each broken link; exit 1 if any
"""

import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Page(HTMLParser):
    """The ids a page defines and the relative links it makes."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name"):
                self.ids.add(value)
            elif name in ("href", "src") and _is_relative(value):
                self.links.append(value)


def _is_relative(url: str) -> bool:
    parts = urlsplit(url)
    return not (parts.scheme or parts.netloc or url.startswith("/"))


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    return page


def broken_links(root: Path) -> tuple[int, list[str]]:
    """(links checked, one line per broken link) for every HTML file under ``root``."""
    pages = {path.resolve(): _parse(path) for path in sorted(root.rglob("*.html"))}
    checked, broken = 0, []
    for path, page in pages.items():
        for link in page.links:
            checked += 1
            parts = urlsplit(link)
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            where = f"{path.relative_to(root.resolve())}: {link}"
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(
                    f"{where}  (no file {target.relative_to(root.resolve()) if target.is_relative_to(root.resolve()) else target})"
                )
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{where}  (no id {parts.fragment!r} in {target.name})")
    return checked, broken


def main(argv: list[str]) -> int:
    root = Path(argv[1] if len(argv) > 1 else "book/build")
    if not root.is_dir():
        print(f"linkcheck: {root} is not a built book (run make book)", file=sys.stderr)
        return 2
    checked, broken = broken_links(root)
    for line in broken:
        print(f"  broken: {line}")
    print(f"links: {checked} relative links in {root}, {len(broken)} broken")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
