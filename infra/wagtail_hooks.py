from wagtail import hooks

from .page_cache import shows


@hooks.register("before_serve_page")
def record_the_page_served(page, request, serve_args, serve_kwargs):
    """Every address a page answers (its sub-pages and sheets too) is deleted with it."""
    shows(request, page)
