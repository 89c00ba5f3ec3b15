"""A page with a demo does not jump about while it loads: the demo reserves its final size before it mounts.

Each page is loaded fresh with a PerformanceObserver for 'layout-shift' entries installed before any of its
scripts run; once the demos are mounted and idle (and the digit model has loaded) and the math is typeset, the
shifts the reader did not cause (hadRecentInput false) must add up to at most MAX_SHIFT, at a desktop and at a
phone viewport. Google's "good" Cumulative Layout Shift is 0.1; a page whose only moving part is a demo that
knows its size ahead of time can do much better. The failure message lists the biggest shifts and what moved.
"""

import pytest

from tfvisual.benchmarks.page_quality import demo_pages

pytestmark = pytest.mark.browser

MAX_SHIFT = 0.02
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    # A mid-size Android phone (Pixel 7 class): CSS pixels, with the touch and high-density screen that go with it.
    "mobile": {
        "viewport": {"width": 412, "height": 915},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2.625,
    },
}

# Installed before the page's own scripts (add_init_script); buffered also delivers shifts recorded before it.
OBSERVE_SHIFTS = """(() => {
    window.__layoutShifts = [];
    const describe = (node) => {
        if (!node) return "(an element since removed)";
        const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
        if (!element) return node.nodeName;
        let text = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "");
        text += [...element.classList].map((name) => "." + name).join("");
        const demo = element.closest("[data-demo]");
        return demo && demo !== element ? `[data-demo="${demo.dataset.demo}"] ${text}` : text;
    };
    const box = (r) => `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}×${Math.round(r.height)}`;
    new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
            window.__layoutShifts.push({
                value: entry.value,
                hadRecentInput: entry.hadRecentInput,
                time: entry.startTime,
                sources: (entry.sources ?? []).map(
                    (s) => `${describe(s.node)}: ${box(s.previousRect)} -> ${box(s.currentRect)}`),
            });
        }
    }).observe({ type: "layout-shift", buffered: true });
})();"""


def shift_report(url: str, viewport: str, total: float, shifts: list[dict]) -> str:
    lines = [f"{url} at {viewport}: layout shift {total:.4f} (limit {MAX_SHIFT})"]
    for shift in sorted(shifts, key=lambda s: -s["value"])[:5]:
        lines.append(f"  {shift['value']:.4f} at {shift['time']:.0f} ms")
        lines += [f"      {source}" for source in shift["sources"]]
    return "\n".join(lines)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", demo_pages())
def test_demo_page_loads_without_layout_shift(browser, site_server, page_problems, wait_until_settled, path, viewport):
    url = f"{site_server}{path}"
    context = browser.new_context(**VIEWPORTS[viewport])
    try:
        page = page_problems.watch(context.new_page())
        page.set_default_timeout(30_000)
        page.add_init_script(OBSERVE_SHIFTS)
        page.goto(url, wait_until="networkidle")
        assert page.locator("[data-demo]").count() > 0, f"{url} has no demo"
        wait_until_settled(page)
        # Shifts are reported after the frame that shows them: let the last updates reach the screen.
        page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
        page.wait_for_timeout(500)
        shifts = [s for s in page.evaluate("window.__layoutShifts") if not s["hadRecentInput"]]
    finally:
        context.close()
    assert page_problems.problems == [], "the page showed problems:\n" + "\n".join(page_problems.problems)
    total = sum(shift["value"] for shift in shifts)
    report = shift_report(f"/{path}", viewport, total, shifts)
    print(report)
    assert total <= MAX_SHIFT, report
