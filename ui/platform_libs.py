"""Can the window open here? The display, and the libraries Qt's xcb platform plugin links.

No Qt is imported: this runs before the QApplication exists (a missing
library there is an abort, exit 134, not an exception) and from
scripts/setup, which installs the Debian packages it names:

    python -m ui.platform_libs --packages   # Debian packages of the missing libraries
    python -m ui.platform_libs --check      # exit 1 naming every library "not found"

The libraries are read from the plugin itself (``ldd`` on
plugins/platforms/libqxcb.so, the xcb integration library libQt6XcbQpa it
loads and the xcb GL integrations), never from a hand-kept list.

At the window's start (`library_problem`) a check that found everything is
remembered (``$XDG_CACHE_HOME/acerto/xcb-libraries``, under the files'
sizes and times, the dynamic loader's cache ``/etc/ld.so.cache`` and
LD_LIBRARY_PATH): the four ``ldd`` runs cost 0.1-0.25 s of every start on a
desktop. Installing or removing a library runs ldconfig, which rewrites the
loader's cache, so the next start checks again; ``--check`` and
``--packages`` always run ldd.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import shutil
import sys
from pathlib import Path

# Libraries whose Debian package is not named after the soname by the usual rule.
_PACKAGE_OF = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgio-2.0.so.0": "libglib2.0-0",
    "libgmodule-2.0.so.0": "libglib2.0-0",
    "libGLdispatch.so.0": "libglvnd0",
    "libbrotlicommon.so.1": "libbrotli1",
    "libbrotlidec.so.1": "libbrotli1",
    "libgcc_s.so.1": "libgcc-s1",
    "libz.so.1": "zlib1g",
    "libc.so.6": "libc6",
    "libm.so.6": "libc6",
    "libdl.so.2": "libc6",
    "libpthread.so.0": "libc6",
    "librt.so.1": "libc6",
}

_SONAME = re.compile(r"^(lib.+)\.so\.(\d+)$")


def debian_package(soname: str) -> str | None:
    """The Debian package that ships `soname`, by Debian's library naming policy
    (libxcb-icccm.so.4 -> libxcb-icccm4, libxkbcommon-x11.so.0 -> libxkbcommon-x11-0)."""
    if soname in _PACKAGE_OF:
        return _PACKAGE_OF[soname]
    m = _SONAME.match(soname)
    if m is None:
        return None
    name, version = m.group(1).lower(), m.group(2)
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def qt_folder() -> Path | None:
    """PySide6's Qt folder, found without importing Qt."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "Qt"


def xcb_libraries() -> list[Path]:
    """The xcb platform plugin and the libraries Qt loads with it."""
    qt = qt_folder()
    if qt is None:
        return []
    found = [
        qt / "plugins" / "platforms" / "libqxcb.so",
        *sorted((qt / "lib").glob("libQt6XcbQpa.so*")),
        *sorted((qt / "plugins" / "xcbglintegrations").glob("*.so")),
    ]
    return [p for p in found if p.exists()]


def linked(lib: Path) -> dict[str, str | None]:
    """Every library `lib` needs, as ldd resolves it: soname -> path, None when not found."""
    import subprocess  # lazy: only when a library is missing

    result = subprocess.run(["ldd", str(lib)], capture_output=True, text=True, check=False)
    out: dict[str, str | None] = {}
    for line in result.stdout.splitlines():
        name, arrow, where = line.strip().partition(" => ")
        if not arrow:
            continue
        path = where.split(" (")[0].strip()
        out[name.strip()] = None if "not found" in where else path
    return out


def missing_libraries(remembered: bool = False) -> list[str]:
    """The sonames the xcb plugin links that this machine does not have
    (`remembered`: none, without running ldd, when a check of the same files
    under the same loader's cache found every one)."""
    if not shutil.which("ldd"):
        return []
    libs = xcb_libraries()
    key = _found_key(libs) if remembered else ""
    if key and _remembered_key() == key:
        return []
    missing: set[str] = set()
    for lib in libs:
        missing |= {name for name, path in linked(lib).items() if path is None}
    if key and not missing:
        _remember(key)
    return sorted(missing)


def remembered_file() -> Path:
    """Where a check that found every library is remembered (XDG's cache folder)."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base) / "acerto" / "xcb-libraries"


def _found_key(libs: list[Path]) -> str:
    """What the check's answer depends on: the plugin's files, the loader's cache and
    LD_LIBRARY_PATH ("" when one cannot be read: then ldd runs)."""
    parts = [os.environ.get("LD_LIBRARY_PATH", "")]
    try:
        for path in [*libs, Path("/etc/ld.so.cache")]:
            st = path.stat()
            parts.append(f"{path} {st.st_size} {st.st_mtime_ns}")
    except OSError:
        return ""
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _remembered_key() -> str:
    try:
        return remembered_file().read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def _remember(key: str) -> None:
    path = remembered_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(key + "\n", encoding="ascii")
    except OSError:
        pass  # not remembered: the next start runs ldd again


def missing_packages() -> list[str]:
    """The Debian packages that would bring the missing libraries."""
    return sorted({debian_package(s) or s for s in missing_libraries()})


def display_problem(environ: dict[str, str] | None = None) -> str | None:
    """A sentence when the window cannot open for want of a display, else None."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith(("linux", "freebsd")):
        return None
    platform = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if platform not in ("", "xcb", "wayland"):
        return None  # offscreen, vnc, eglfs...: no desktop session needed
    has_x = bool(env.get("DISPLAY", "").strip())
    has_wayland = bool(env.get("WAYLAND_DISPLAY", "").strip())
    if (platform == "xcb" and has_x) or (platform == "wayland" and has_wayland):
        return None
    if platform == "" and (has_x or has_wayland):
        return None
    return (
        "No display is available for the window: start Acerto in a desktop session, "
        "under a virtual display with `xvfb-run acerto`, or use the command line "
        "(`acerto --help`)."
    )


def library_problem(environ: dict[str, str] | None = None) -> str | None:
    """A sentence when the xcb plugin would abort for want of a library, else None."""
    env = os.environ if environ is None else environ
    platform = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if platform not in ("", "xcb") or not sys.platform.startswith("linux"):
        return None
    missing = missing_libraries(remembered=True)
    return _missing_sentence(missing) if missing else None


def _missing_sentence(missing: list[str]) -> str:
    packages = " ".join(sorted({debian_package(s) or s for s in missing}))
    return (
        f"The window cannot start: Qt's xcb platform plugin needs {', '.join(missing)}, "
        f"not installed; run ./scripts/setup as root or `apt-get install {packages}`."
    )


def main(argv: list[str]) -> int:
    if argv == ["--packages"]:
        print(" ".join(missing_packages()))
        return 0
    if argv == ["--check"]:
        libs = xcb_libraries()
        if not libs:
            print("PySide6 ships no xcb platform plugin here.", file=sys.stderr)
            return 1
        missing = missing_libraries()
        if missing:  # what ldd found now (a start's remembered check could say none)
            print(_missing_sentence(missing), file=sys.stderr)
            return 1
        print(f"The xcb platform plugin finds every library it links ({len(libs)} files read).")
        return 0
    print("usage: python -m ui.platform_libs --packages | --check", file=sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
