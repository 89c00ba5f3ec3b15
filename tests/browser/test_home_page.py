"""The home page as a reader meets it: it opens with the demos, a card for every page that holds one, each with a
preview that loads in the space its card reserved; and on a phone the concept map starts on the first screen, below
the demos."""

import pytest
from links import page_files, page_url
from phone import in_view, phone_page
from test_layout_shift import MAX_SHIFT, OBSERVE_SHIFTS, VIEWPORTS, shift_report

pytestmark = pytest.mark.browser

# The href of every card, without its #fragment (a card may lead to the demo's own section of its page).
CARD_PAGES = "links => links.map((a) => a.href.split('#')[0])"
# Whether an image has arrived and decoded: a broken or missing file has no natural width.
LOADED = "(img) => img.complete && img.naturalWidth > 0"


def demo_pages(built_site, base_url) -> set[str]:
    """URL of every built page with a demo on it."""
    return {
        page_url(built_site, file, base_url)
        for file in page_files(built_site)
        if 'data-demo="' in file.read_text() and file.name == "index.html"
    }


def test_every_demo_page_has_a_card_and_every_preview_loads(page, built_site, site_server):
    pages = demo_pages(built_site, site_server)
    assert pages, "no page with a demo was built"
    page.goto(site_server)
    cards = page.locator(".tfv-cards a")
    missing = pages - set(cards.evaluate_all(CARD_PAGES))
    assert not missing, f"pages with a demo and no card on the home page: {sorted(missing)}"

    for index in range(cards.count()):
        image = cards.nth(index).locator("img")
        assert image.count() == 1, f"card {index + 1} has no preview"
        image.scroll_into_view_if_needed()  # the previews further down load when they come near
        page.wait_for_function(LOADED, arg=image.element_handle())
        box = image.bounding_box()
        natural = image.evaluate("(img) => img.naturalWidth / img.naturalHeight")
        # Drawn at its own proportions: the width and height the page reserved are the preview's.
        assert box["width"] / box["height"] == pytest.approx(natural, rel=0.02), image.get_attribute("src")


def test_on_a_phone_the_page_opens_with_the_demos_and_the_map_starts_on_the_first_screen(
    browser, page_problems, site_server
):
    with phone_page(browser, page_problems) as (_, page):
        page.goto(site_server)
        assert in_view(page.locator(".tfv-cards a").first), "the first demo card is not on the first screen"
        assert in_view(page.locator(".tfv-map__step").first), "the map's first step is not on the first screen"
        # The row of cards scrolls on its own: the page itself never becomes wider than the phone.
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        last = page.locator(".tfv-cards a").last
        last.scroll_into_view_if_needed()
        assert in_view(last), "the last card cannot be reached"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_home_page_does_not_move_while_its_previews_arrive(browser, site_server, page_problems, viewport):
    context = browser.new_context(**VIEWPORTS[viewport])
    try:
        page = page_problems.watch(context.new_page())
        page.add_init_script(OBSERVE_SHIFTS)
        page.goto(site_server, wait_until="networkidle")
        images = page.locator(".tfv-cards img")
        for index in range(images.count()):  # bring every lazy preview in, as a reader scrolling through them
            images.nth(index).scroll_into_view_if_needed()
            page.wait_for_function(LOADED, arg=images.nth(index).element_handle())
        # Shifts are reported after the frame that shows them.
        page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
        shifts = [s for s in page.evaluate("window.__layoutShifts") if not s["hadRecentInput"]]
    finally:
        context.close()
    assert page_problems.problems == [], "the page showed problems:\n" + "\n".join(page_problems.problems)
    total = sum(shift["value"] for shift in shifts)
    assert total <= MAX_SHIFT, shift_report("/", viewport, total, shifts)
