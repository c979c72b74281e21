"""The built book's link check (tools/linkcheck.py, run by `make book-test`) can fail."""

from pathlib import Path

from linkcheck import broken_links  # tools/ is on the path, as for elfinfo


def page(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")


def test_good_links_pass(tmp_path):
    page(tmp_path / "index.html", '<a href="part1/index.html#state">x</a> <img src="stack/layers.svg">')
    page(tmp_path / "part1" / "index.html", '<h2 id="state">State</h2><a href="../index.html">up</a><a href="#state">')
    (tmp_path / "stack").mkdir()
    (tmp_path / "stack" / "layers.svg").write_text("<svg/>", encoding="utf-8")
    assert broken_links(tmp_path) == (4, [])


def test_a_readme_link_mdbook_renders_as_readme_html_is_broken(tmp_path):
    page(tmp_path / "index.html", '<a href="part1/README.html">Part I</a>')
    page(tmp_path / "part1" / "index.html", "")
    checked, broken = broken_links(tmp_path)
    assert checked == 1
    assert broken == ["index.html: part1/README.html  (no file part1/README.html)"]


def test_a_missing_fragment_is_broken(tmp_path):
    page(tmp_path / "index.html", '<a href="#gone">x</a><a href="other.html#renamed">y</a>')
    page(tmp_path / "other.html", '<h2 id="new-name">z</h2>')
    _, broken = broken_links(tmp_path)
    assert broken == [
        "index.html: #gone  (no id 'gone' in index.html)",
        "index.html: other.html#renamed  (no id 'renamed' in other.html)",
    ]


def test_external_links_are_not_followed(tmp_path):
    page(tmp_path / "index.html", '<a href="https://docs.python.org/3/">x</a><a href="mailto:a@b">y</a>')
    assert broken_links(tmp_path) == (0, [])
