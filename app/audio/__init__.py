"""The desk's sound path outside pjsua2: which devices to use, and the buffers between clocks.

Pure Python (numpy for the arithmetic on 20 ms frames); ui/ opens the Qt Multimedia
devices this package chooses and pumps their audio through it.
"""
