"""Reads the built site as files: its pages, and every link, asset and anchor they reference."""

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from bs4 import BeautifulSoup

# Attributes through which a page makes the browser fetch something or lets the reader follow a link.
REFERENCE_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "img": "src",
    "script": "src",
    "source": "src",
    "iframe": "src",
}


@dataclass(frozen=True)
class Reference:
    page: str  # URL of the page that references it
    url: str  # absolute URL
    tag: str


def page_files(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("*.html"))


def page_url(site_dir: Path, file: Path, base_url: str) -> str:
    relative = file.relative_to(site_dir).as_posix()
    return urljoin(base_url, relative.removesuffix("index.html"))


def references(html: str, url: str) -> list[Reference]:
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag, attribute in REFERENCE_ATTRIBUTES.items():
        for element in soup.find_all(tag):
            value = element.get(attribute)
            if value and not value.startswith(("data:", "mailto:", "javascript:")):
                found.append(Reference(url, urljoin(url, value), tag))
    return found


def file_for(site_dir: Path, url: str, base_url: str) -> Path:
    """The file a static host would serve for an internal URL (a folder serves its index.html)."""
    path = unquote(urlparse(url).path).removeprefix(urlparse(base_url).path)
    target = site_dir / path
    return target / "index.html" if path == "" or path.endswith("/") or target.is_dir() else target


def element_ids(html: str) -> set[str]:
    soup = BeautifulSoup(html, "html.parser")
    return {element["id"] for element in soup.find_all(id=True)} | {
        a["name"] for a in soup.find_all("a", attrs={"name": True})
    }
