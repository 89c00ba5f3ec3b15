"""A phone as a reader holds it, for the browser tests: its context, and whether an element is on its screen."""

from collections.abc import Iterator
from contextlib import contextmanager

# 390×844 CSS pixels, touch, a high-density screen.
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}

# Whether an element is wholly in the window and not under Material's header, which covers the top of the page.
IN_VIEW = """(element) => {
    const box = element.getBoundingClientRect();
    const header = document.querySelector(".md-header").getBoundingClientRect().bottom;
    return box.top >= header && box.bottom <= innerHeight && box.left >= 0 && box.right <= innerWidth;
}"""


def in_view(locator) -> bool:
    return locator.evaluate(IN_VIEW)


@contextmanager
def phone_page(browser, page_problems) -> Iterator[tuple]:
    """(context, page) of a new phone context, watched like the `page` fixture: the test fails if the reader would
    have met an error."""
    context = browser.new_context(**PHONE)
    try:
        page = page_problems.watch(context.new_page())
        page.set_default_timeout(30_000)
        yield context, page
    finally:
        context.close()
    assert page_problems.problems == [], "the page showed problems:\n" + "\n".join(page_problems.problems)
