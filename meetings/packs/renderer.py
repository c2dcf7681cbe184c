"""The renderer's identity: WeasyPrint, pypdf and every package they draw with (pydyf, tinycss2, cssselect2,
fonttools, Pillow, ...), as "name==version" pairs. It goes into every pack's fingerprint, so a new release of any
of them that could change a pack's pages makes a new fingerprint instead of silently changing output."""

from importlib.metadata import PackageNotFoundError, requires, version

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

RENDERERS = ("weasyprint", "pypdf")


def renderer_versions(roots: tuple[str, ...] = RENDERERS) -> str:
    """The installed versions of `roots` and of everything they require here, through the extras they ask for
    (fonttools[woff] brings brotli and zopfli); extras nobody asks for (tests, docs) are left out, so the answer
    is the same in development and in production."""
    found: dict[str, str] = {}
    pending = [Requirement(root) for root in roots]
    while pending:
        requirement = pending.pop()
        name = canonicalize_name(requirement.name)
        if name in found:
            continue
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            continue
        for text in requires(name) or []:
            dependency = Requirement(text)
            if dependency.marker is None or any(
                dependency.marker.evaluate({"extra": extra}) for extra in requirement.extras or {""}
            ):
                pending.append(dependency)
    return ",".join(f"{name}=={found[name]}" for name in sorted(found))


# Computed once per process: the installed packages do not change under a running process.
RENDERER_VERSIONS = renderer_versions()
