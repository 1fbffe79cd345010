"""The desk's SIP account: registration with digest auth and growing back-off, or direct mode."""

from __future__ import annotations

import logging
import random
from typing import TYPE_CHECKING

import pjsua2 as pj

from app.settings import SipMode, SipTransport
from app.telephony.calls import guarded
from app.telephony.config import EngineConfig

if TYPE_CHECKING:
    from app.telephony.engine import SipEngine

log = logging.getLogger(__name__)


class Backoff:
    """Retry delays that double from ``base`` up to ``maximum``, with a little jitter."""

    def __init__(self, base: float, maximum: float) -> None:
        self.base = base
        self.maximum = maximum
        self.failures = 0

    def next(self) -> float:
        delay = min(self.maximum, self.base * (2**self.failures))
        self.failures += 1
        return delay * random.uniform(0.9, 1.1)  # noqa: S311 - spreading retries, not security

    def reset(self) -> None:
        self.failures = 0


class DeskAccount(pj.Account):
    """One account per desk; it reports registration and incoming calls to the engine."""

    def __init__(self, engine: SipEngine, config: EngineConfig) -> None:
        super().__init__()
        self.engine = engine
        account = pj.AccountConfig()
        account.idUri = config.identity()
        transport = {
            SipTransport.UDP: "",
            SipTransport.TCP: ";transport=tcp",
            SipTransport.TLS: ";transport=tls",
        }[config.transport]
        if config.mode is SipMode.REGISTRAR:
            account.regConfig.registrarUri = f"sip:{config.registrar}{transport}"
            account.regConfig.timeoutSec = config.registration_expiry
            # Refresh a little before expiry; short expiries (PBX keep-alive) refresh at half.
            refresh = min(5, max(1, config.registration_expiry // 2))
            account.regConfig.delayBeforeRefreshSec = refresh
            account.regConfig.retryIntervalSec = 0  # the engine retries with back-off
            account.regConfig.registerOnAdd = True
            account.sipConfig.authCreds.append(
                pj.AuthCredInfo("digest", "*", config.username, 0, config.password)
            )
        else:
            account.regConfig.registerOnAdd = False
        account.mediaConfig.srtpUse = (
            pj.PJMEDIA_SRTP_OPTIONAL if config.srtp else pj.PJMEDIA_SRTP_DISABLED
        )
        account.mediaConfig.transportConfig.port = config.rtp_port
        account.mediaConfig.transportConfig.portRange = 200
        self.contact = f"sip:{config.username or 'desk'}@{config.listen_address}:{config.port}"
        self.create(account, True)

    @guarded("onRegState")
    def onRegState(self, prm: pj.OnRegStateParam) -> None:  # noqa: N802
        info = self.getInfo()
        self.engine.on_registration(prm.code, prm.reason, info.regIsActive)

    @guarded("onIncomingCall")
    def onIncomingCall(self, prm: pj.OnIncomingCallParam) -> None:  # noqa: N802
        self.engine.on_incoming(prm)
