"""Pages "as of a day" (``?stan-na=YYYY-MM-DD``): the page as it stood at the end of that day,
rendered from the public versions then in force.

A page that can be shown so is routed through ``or_as_of(name, live_view)``; the app that
renders it from versions registers the view for that name (commitments/as_of_views.py: the
overview, a level, the list, and a value's page from the declaration app). So the declaration
app does not import the tracker that shows its values as of a day (the apps form layers:
tests/test_registry.py)."""

import functools

PARAM = "stan-na"

# name ("declaration:value") -> the view that renders the page as of a day
VIEWS = {}


def register(name):
    def decorator(view):
        VIEWS[name] = view
        return view

    return decorator


def or_as_of(name, live_view):
    """``live_view``, or the view registered for ``name`` when the address asks for a day."""

    @functools.wraps(live_view)
    def view(request, *args, **kwargs):
        as_of_view = VIEWS.get(name)
        if as_of_view is None or request.GET.get(PARAM) is None:
            return live_view(request, *args, **kwargs)
        return as_of_view(request, *args, **kwargs)

    return view
