"""What goes into the one-folder bundle (packaging/hotline-desk.spec), as plain data the
tests can read: the hidden imports PyInstaller cannot see, the files the desk reads at run
time, pjsua2's native libraries where its OpenSSL set-up looks for them, and the filter that
leaves out the parts of Qt the desk never uses (docs/packaging.md has the sizes)."""

from __future__ import annotations

import os
import re
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Imported by name at run time, not by an import statement PyInstaller can follow: the
#: pjsua2 package loads its binding lazily; app/ finds the Qt front end, the self-test's Qt
#: checks and the PDF renderer through entry points.
HIDDEN = [
    "pjsua2.pjsua2",
    "pjsua2._pjsua2",
    "ui.application",
    "ui.selftest",
    "ui.report_pdf",
    "resources",
    "logging.config",
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.postgresql",
    "psycopg",
    "keyring.backends.SecretService",
    "keyring.backends.Windows",
]

#: Never bundled: test and build tools, and Python modules of Qt the desk does not import.
EXCLUDED_MODULES = [
    "tkinter", "pytest", "hypothesis", "_pytest", "pytestqt", "mypy", "ruff", "IPython",
    "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtWebEngineQuick",
    "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets", "PySide6.Qt3DCore",
    "PySide6.QtPdf", "PySide6.QtPdfWidgets", "PySide6.QtTest", "PySide6.QtDesigner",
    "PySide6.QtSql", "PySide6.QtBluetooth", "PySide6.QtPositioning", "PySide6.QtLocation",
    "PySide6.QtDataVisualization", "PySide6.QtGraphs", "PySide6.QtRemoteObjects",
    "PySide6.QtSerialPort", "PySide6.QtSensors", "PySide6.QtTextToSpeech", "PySide6.QtUiTools",
    "PySide6.QtHelp", "PySide6.QtScxml", "PySide6.QtStateMachine", "PySide6.QtWebSockets",
    "PySide6.QtWebChannel", "PySide6.QtHttpServer", "PySide6.QtNfc", "PySide6.QtSpatialAudio",
]  # fmt: skip

#: Qt files left out even when a hook brings them: libraries and plugins of Qt parts the
#: desk never loads (3D, web engine, PDF, virtual keyboard, sensors, QML modules, ...), and
#: Qt's own translations other than Russian and English. Qt Quick and the QML core stay:
#: the FFmpeg multimedia plugin (the headset's audio) links them.
_DROPPED = re.compile(
    r"Qt6?(Quick(3D|Controls|Dialogs|Layouts|Particles|Shapes|Templates|Test|Timeline"
    r"|VectorImage|Widgets|Effects)|Qml(Compiler|LocalStorage|Network|XmlListModel)"
    r"|3D|WebEngine|Pdf|VirtualKeyboard|Designer|Sensors|Location|Positioning"
    r"|Bluetooth|Nfc|SerialBus|SerialPort|TextToSpeech|Scxml|StateMachine|RemoteObjects"
    r"|DataVisualization|Graphs|Lottie|ShaderTools|SpatialAudio|HttpServer|Labs|Help|UiTools"
    r"|WaylandCompositor)"
    r"|/Qt/qml/|Qt6EglFs|/plugins/egldeviceintegrations/"
    # The GTK look for dialogs: its plugin pulls in GTK 3, GDK, ATK, Cairo and Pango (the
    # desk draws with Qt's own style).
    r"|/plugins/platformthemes/libqgtk3|(^|/)lib(gtk-3|gdk-3|atk-1\.0|atk-bridge-2\.0|atspi"
    r"|cairo-gobject|cairo|gdk_pixbuf-2\.0|epoxy|pangocairo-1\.0|pangoft2-1\.0|pango-1\.0)\.so"
    r"|/plugins/(qmltooling|qmllint|sceneparsers|assetimporters|geometryloaders|renderers"
    r"|renderplugins|geoservices|position|sensors|texttospeech|canbus|designer|webview"
    r"|scxmldatamodel|sqldrivers|virtualkeyboard)/"
    r"|/translations/qt\w*_(?!ru|en)\w+\.qm$"
)


def qt_keep(path: str) -> bool:
    """Whether a file (its path in the bundle) stays; everything with
    HOTLINE_BUNDLE_UNTRIMMED=1 (to measure what the trimming saves)."""
    if os.environ.get("HOTLINE_BUNDLE_UNTRIMMED") == "1":
        return True
    return _DROPPED.search(path.replace("\\", "/")) is None


def _site_packages() -> Path:
    return Path(sysconfig.get_paths()["purelib"])


def datas() -> list[tuple[str, str]]:
    """What the desk reads from disk at run time, as (source, folder in the bundle)."""
    found = [
        (str(ROOT / "app" / "db" / "migrations" / "env.py"), "app/db/migrations"),
        (str(ROOT / "app" / "db" / "migrations" / "script.py.mako"), "app/db/migrations"),
    ]
    found += [
        (str(path), "app/db/migrations/versions")
        for path in sorted((ROOT / "app" / "db" / "migrations" / "versions").glob("*.py"))
    ]
    resources = ROOT / "resources"
    for path in sorted(resources.rglob("*")):
        if path.is_file() and path.suffix != ".ts" and "__pycache__" not in path.parts:
            found.append((str(path), str(path.parent.relative_to(ROOT))))
    return found


def binaries() -> list[tuple[str, str]]:
    """pjsua2's native libraries, beside the package where its OpenSSL set-up looks."""
    libs = _site_packages() / "pjsua2_python.libs"
    return [(str(path), "pjsua2_python.libs") for path in sorted(libs.glob("*"))]
