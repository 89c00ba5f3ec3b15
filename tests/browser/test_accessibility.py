"""axe-core finds no WCAG 2.1 A/AA or best-practice violation on any page, in the light and the dark scheme (and in
a 320-pixel-wide window), once the demos have settled, and again after a reader has driven each demo.

axe-core is pinned in package.json (devDependencies) and injected into the page by the test: it is part of the
test harness, never of the site. The site's palette follows the system preference, so each scheme is the
reader's `prefers-color-scheme`, emulated by Playwright; the tests check that Material really rendered it.
"""

import re
from functools import cache
from pathlib import Path

import material
import pytest
from digit_drawing import DIGITS, draw, open_demo, wait_until_idle
from links import page_files, page_url

from tfvisual.local_site import reach_demo, wait_for_demo_idle
from tfvisual.paths import NODE_MODULES, REPO_ROOT

AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}
MAX_NODES = 8  # elements listed per violation in a failure message
# prefers-color-scheme -> the scheme Material renders (mkdocs.yml, theme.palette)
SCHEMES = {"light": "default", "dark": "slate"}

# Runs axe in the page and returns its violations, each node marked with the demo it is inside (if any).
RUN_AXE = """async (options) => {
    const results = await axe.run(document, options);
    const demoOf = (target) => {
        try {
            return document.querySelector(target)?.closest("[data-demo]")?.dataset.demo ?? null;
        } catch {
            return null;
        }
    };
    return results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({
            target: n.target.flat(Infinity).join(" >>> "),
            summary: n.failureSummary ?? "",
            demo: typeof n.target[0] === "string" ? demoOf(n.target[0]) : null,
        })),
    }));
}"""


@cache
def axe_source() -> str:
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `npm ci` (or `make test`, which does) in the repository root")
    return AXE_SCRIPT.read_text()


def use_scheme(page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)


def check_scheme(page, scheme: str) -> None:
    rendered = page.get_attribute("body", "data-md-color-scheme")
    assert rendered == SCHEMES[scheme], f"{page.url}: prefers-color-scheme {scheme} rendered {rendered!r}"


def axe_violations(page, where: str) -> list[str]:
    """Runs axe on the page as it is now; one readable line block per violation, prefixed with `where`."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source())
    found = []
    for violation in page.evaluate(RUN_AXE, AXE_OPTIONS):
        lines = [f"{where}: {violation['id']} [{violation['impact']}] {violation['help']}"]
        for node in violation["nodes"][:MAX_NODES]:
            inside = f"  (inside demo {node['demo']!r})" if node["demo"] else ""
            lines.append(f"    {node['target']}{inside}")
            summary = "; ".join(line.strip() for line in node["summary"].splitlines()[1:] if line.strip())
            lines.append(f"        {summary}")
        if len(violation["nodes"]) > MAX_NODES:
            lines.append(f"    ... and {len(violation['nodes']) - MAX_NODES} more elements")
        found.append("\n".join(lines))
    return found


def report(violations: list[str]) -> str:
    version = re.search(r"axe v([\d.]+)", axe_source()[:200])
    return (
        f"{len(violations)} accessibility violation(s) (axe-core {version[1] if version else '?'}, "
        "WCAG 2.1 A/AA + best practices):\n\n" + "\n".join(violations)
    )


def relative(url: str, site_server: str) -> str:
    return "/" + url.removeprefix(site_server)


# Every page in each scheme at Playwright's desktop size (1280×720), and once more 320 CSS pixels wide: a phone, or
# a desktop window zoomed to 400% (WCAG 1.4.10, reflow), where wide tables and code start to scroll sideways.
EVERY_PAGE_CASES = {"light": ("light", None), "dark": ("dark", None), "light-320px": ("light", 320)}


@pytest.mark.browser
@pytest.mark.parametrize("case", EVERY_PAGE_CASES)
def test_every_page_passes_axe(page, built_site, site_server, wait_until_settled, case):
    scheme, width = EVERY_PAGE_CASES[case]
    use_scheme(page, scheme)
    if width:
        page.set_viewport_size({"width": width, "height": 800})
    urls = [page_url(built_site, file, site_server) for file in page_files(built_site)]
    assert len(urls) >= 4
    violations = []
    for url in urls:
        page.goto(url, wait_until="networkidle")
        check_scheme(page, scheme)
        wait_until_settled(page)
        violations += axe_violations(page, f"{relative(url, site_server)} ({case})")
    assert not violations, report(violations)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
def test_draw_a_digit_after_drawing_passes_axe(page, site_server, scheme):
    use_scheme(page, scheme)
    open_demo(page, site_server)
    check_scheme(page, scheme)
    draw(page, DIGITS[3])
    wait_until_idle(page, at_least=1)
    assert not (found := axe_violations(page, f"/cnn/draw-a-digit/ after drawing a 3 ({scheme})")), report(found)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
def test_kernel_playground_after_driving_passes_axe(page, site_server, scheme):
    demo_selector = '[data-demo="kernel-playground"]'
    use_scheme(page, scheme)
    page.goto(f"{site_server}kernels/playground/?backend=cpu")
    check_scheme(page, scheme)
    wait_for_demo_idle(page, demo_selector, 1, timeout=60_000)
    demo = page.locator(demo_selector)

    def updates() -> int:
        return int(demo.get_attribute("data-updates"))

    count = updates()
    demo.get_by_test_id("preset").select_option("sobel-x")
    wait_for_demo_idle(page, demo_selector, count + 1, timeout=60_000)
    count = updates()
    demo.get_by_test_id("size").select_option("5")
    wait_for_demo_idle(page, demo_selector, count + 1, timeout=60_000)
    demo.get_by_test_id("output-canvas").click()  # the worked-out pixel panel explains the clicked pixel
    wait_for_demo_idle(page, demo_selector, count + 1, timeout=60_000)
    where = f"/kernels/playground/ after a preset, 5×5 and a click on the output ({scheme})"
    assert not (found := axe_violations(page, where)), report(found)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
def test_why_cpp_after_the_race_passes_axe(page, site_server, scheme):
    use_scheme(page, scheme)
    page.goto(f"{site_server}basics/why-cpp/?backend=cpu")
    check_scheme(page, scheme)
    reach_demo(page, '[data-demo="why-cpp"]')
    demo = page.locator('[data-demo="why-cpp"]')
    button = demo.get_by_role("button", name="Run the race")
    page.wait_for_function("document.querySelector('[data-demo=\"why-cpp\"] button')?.disabled === false")
    button.click()
    page.wait_for_selector('[data-demo="why-cpp"][data-raced="true"]', timeout=120_000)
    assert not (found := axe_violations(page, f"/basics/why-cpp/ after the race ({scheme})")), report(found)


# Each template in overrides/ is Material's own with one accessibility fix. If a Material upgrade changes the
# original, this fails: re-copy the new original from material/templates and re-apply the change listed here.
MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
OVERRIDES = REPO_ROOT / "overrides"
OVERRIDE_CHANGES = {
    "partials/search.html": [
        (
            'role="dialog">',
            'role="dialog" aria-label="{{ lang.t(\'search\') }}">',
        )
    ],
    "partials/progress.html": [('role="progressbar">', 'role="progressbar" aria-hidden="true">')],
    "partials/nav-item.html": [
        (
            '_label" tabindex="{{ tabindex }}">\n                <span class="md-nav__icon md-icon"></span>\n'
            "              </label>\n            {% endif %}",
            '_label" tabindex="{{ tabindex }}">\n'
            '                <span class="tfv-visually-hidden">{{ render_title(nav_item) }}</span>\n'
            '                <span class="md-nav__icon md-icon"></span>\n'
            "              </label>\n            {% endif %}",
        )
    ],
}
LEADING_COMMENT = re.compile(r"\A\{#-.*?-#\}\n", re.DOTALL)


def test_overrides_are_materials_templates_with_one_documented_change():
    overridden = sorted(p.relative_to(OVERRIDES).as_posix() for p in OVERRIDES.rglob("*.html"))
    assert overridden == sorted(OVERRIDE_CHANGES), "every file in overrides/ needs its change listed here"
    for name, changes in OVERRIDE_CHANGES.items():
        expected = LEADING_COMMENT.sub("", (MATERIAL_TEMPLATES / name).read_text())
        for old, new in changes:
            assert expected.count(old) == 1, f"Material's {name} changed: {old!r} is no longer found once"
            expected = expected.replace(old, new)
        ours = (OVERRIDES / name).read_text()
        assert LEADING_COMMENT.match(ours), f"overrides/{name} should start with a comment explaining its change"
        assert LEADING_COMMENT.sub("", ours) == expected, f"overrides/{name} differs from Material's beyond its fix"
