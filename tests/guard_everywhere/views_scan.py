"""Which pages bind which guarded forms to posted data, read from the views' code.

For every URL pattern whose view is the project's, the view function (and the module
functions it calls, a few levels down) is parsed; each call of a guarded form class with
a positional argument (``Form(request.POST)``, ``Form(_post(request))``) binds that form
on that page. A form built with keywords only (``ReplyForm(initial=...)``) is shown, not
bound, and does not count.
"""

import ast
import inspect
import textwrap

from django.urls import URLPattern, URLResolver, get_resolver

from practice_commons.confidentiality.forms import GuardedFormMixin

from .forms_catalogue import dotted

DEPTH = 3


def _patterns(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


def _resolve_name(node, namespace):
    """The object an expression like ``Form`` or ``forms.Form`` names in ``namespace``."""
    if isinstance(node, ast.Name):
        return namespace.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = _resolve_name(node.value, namespace)
        return getattr(owner, node.attr, None) if owner is not None else None
    return None


def _bound_forms(function, depth=DEPTH, seen=None) -> set[type]:
    seen = seen if seen is not None else set()
    function = inspect.unwrap(function)
    if function in seen or not inspect.isfunction(function):
        return set()
    seen.add(function)
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError):
        return set()
    namespace = function.__globals__
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        target = _resolve_name(node.func, namespace)
        if inspect.isclass(target) and issubclass(target, GuardedFormMixin):
            if node.args:
                found.add(target)
        elif depth and inspect.isfunction(target) and target.__module__ == function.__module__:
            found |= _bound_forms(target, depth - 1, seen)
    return found


def pages_binding_guarded_forms() -> set[tuple[str, str]]:
    """(dotted form class, URL name) for every project page that binds a guarded form."""
    pairs = set()
    for url_name, callback in _patterns(get_resolver().url_patterns):
        view = getattr(callback, "view_class", None) or callback
        if not getattr(view, "__module__", "").startswith("practice_commons."):
            continue
        for form in _bound_forms(callback):
            pairs.add((dotted(form), url_name))
    return pairs
