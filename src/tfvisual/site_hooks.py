"""MkDocs hooks (registered in mkdocs.yml). Kept outside docs/ so that no notebook plugin turns it into a page.

They add five kinds of files to the build that are not Markdown: TensorFlow.js bundled from its npm packages in
content-hashed pieces, the other browser libraries from node_modules, the committed models, the data the demos read
(test days, weights), and figures generated from code; they fill
numbers into pages from model cards; they typeset the pages' math (one MathJax process in Node for the whole
build), so no MathJax runs in the browser; and they write on each graph viewer the height its graph opens at
(laid out in Node by the viewer's own code), so the page reserves it. Last, they write the service worker that
keeps the site working offline after one visit (a worker that removes itself under `mkdocs serve`).
"""

from mkdocs.structure.files import File, Files

from tfvisual.graphs.served import graph_files
from tfvisual.site.cards import fill_numbers
from tfvisual.site.data_files import data_files
from tfvisual.site.figures import generated_figures
from tfvisual.site.graph_views import graph_views, reserve_graph_space
from tfvisual.site.math import BuildMath
from tfvisual.site.models import model_files
from tfvisual.site.notebook_math import mark_notebook_math, strip_notebook_mathjax
from tfvisual.site.service_worker import ServiceWorkerBuild
from tfvisual.site.tfjs_bundle import tfjs_files
from tfvisual.site.vendor import vendored_files

# Told by on_startup whether this is `mkdocs serve`; writes sw.js once every other file is built (on_post_build).
service_worker = ServiceWorkerBuild()


def on_startup(command, dirty) -> None:
    service_worker.start(command)


def on_files(files: Files, config) -> Files:
    for site_path, source in {**vendored_files(), **model_files(), **graph_files(), **data_files()}.items():
        files.append(File.generated(config, site_path, abs_src_path=str(source)))
    for site_path, content in {**tfjs_files(), **generated_figures()}.items():
        files.append(File.generated(config, site_path, content=content))
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    return fill_numbers(markdown, page.file.src_uri)


# Started at the first page with math, stopped when the build ends (or fails).
build_math = BuildMath()


def on_page_content(html: str, page, config, files) -> str:
    if page.file.src_uri.endswith(".ipynb"):
        html = mark_notebook_math(strip_notebook_mathjax(html, page.file.src_uri))
    if 'data-demo="graph"' in html:
        html = reserve_graph_space(html, graph_views(), "../" * page.url.count("/"))
    return build_math.render_page(html, page.file.src_uri)


def on_post_build(config) -> None:
    build_math.close()
    service_worker.write(config["site_dir"])


def on_build_error(error) -> None:
    build_math.close()
