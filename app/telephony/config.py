"""The engine's configuration, made from the desk's settings plus the SIP password."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.settings import Options, Settings, SipMode, SipTransport


@dataclass(frozen=True)
class EngineConfig:
    """Everything the SIP engine needs; the password is passed in, never read from a file."""

    mode: SipMode = SipMode.DIRECT
    listen_address: str = "127.0.0.1"
    port: int = 5070
    transport: SipTransport = SipTransport.UDP
    registrar: str = ""  # host[:port]
    username: str = ""
    password: str = ""
    display_name: str = ""
    srtp: bool = False
    registration_expiry: int = 300
    retry_base_seconds: float = 2.0
    retry_max_seconds: float = 60.0
    not_ready_code: int = 486  # 486 Busy Here or 480 Temporarily Unavailable
    auto_answer_after: float | None = None  # seconds; None: only when the PBX asks
    call_waiting: bool = True  # False: a second call gets 486 Busy Here
    rtp_port: int = 4000
    sip_trace: bool = False
    recordings: str = ""  # folder for call recordings; '' = calls are not recorded
    recording_notice: bool = True  # the caller hears the warning tone when recording starts

    @property
    def domain(self) -> str:
        return self.registrar.split(":", 1)[0] if self.registrar else self.listen_address

    def identity(self) -> str:
        """The SIP address this desk calls from and answers at."""
        user = self.username or "desk"
        host = self.registrar or f"{self.listen_address}:{self.port}"
        uri = f"sip:{user}@{host}"
        if self.display_name:
            name = self.display_name.replace("\\", "").replace('"', "")
            return f'"{name}" <{uri}>'
        return uri

    def dial_uri(self, target: str) -> str | None:
        """A SIP URI for what the operator typed: a URI as it is, a number via the registrar."""
        text = target.strip()
        if not text:
            return None
        if text.startswith(("sip:", "sips:")):
            return text
        if "@" in text:
            return f"sip:{text}"
        if self.registrar:
            digits = "".join(ch for ch in text if ch.isdigit() or ch in "+*#")
            return f"sip:{digits}@{self.registrar}" if digits else None
        return None

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        password: str = "",
        recordings: Path | None = None,
    ) -> EngineConfig:
        """``recordings``: where recordings go, used only when recording is on in settings."""
        recording = settings.get(Options.RECORDING_ENABLED) and recordings is not None
        return cls(
            mode=settings.get(Options.SIP_MODE),
            listen_address=settings.get(Options.SIP_LISTEN_ADDRESS),
            port=settings.get(Options.SIP_LOCAL_PORT),
            transport=settings.get(Options.SIP_TRANSPORT),
            registrar=settings.get(Options.SIP_REGISTRAR)
            if settings.get(Options.SIP_MODE) is SipMode.REGISTRAR
            else "",
            username=settings.get(Options.SIP_USERNAME),
            password=password,
            display_name=settings.get(Options.SIP_DISPLAY_NAME),
            srtp=settings.get(Options.SIP_SRTP),
            sip_trace=settings.get(Options.LOG_SIP_TRACE),
            not_ready_code=480 if settings.get(Options.SIP_NOT_READY_CODE) == 480 else 486,
            auto_answer_after=(
                float(settings.get(Options.SIP_AUTO_ANSWER_SECONDS))
                if settings.get(Options.SIP_AUTO_ANSWER_SECONDS) >= 0
                else None
            ),
            call_waiting=settings.get(Options.SIP_CALL_WAITING),
            recordings=str(recordings) if recording else "",
            recording_notice=settings.get(Options.RECORDING_NOTICE),
        )
