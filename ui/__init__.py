"""The Qt layer: windows and widgets, the GUI-thread bridge, and Qt-backed adapters."""
