"""Telephony: the SIP engine thread, calls as state machines, the headset audio bridge.

Only the modules that talk to pjsua2 import it; the rest (models, SIP parsing,
audio devices) is plain Python and tested without a SIP stack.
"""
