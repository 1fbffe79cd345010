"""The simulated caller: a second SIP user agent in its own process, driven over stdin/stdout.

The desk's "demo call" starts it to ring the operator, and the test suite uses it as the real
remote party of every call (pjsua2's Endpoint is a per-process singleton, so the far end of a
call must be another process). Run it as::

    python -m app.telephony.simcaller --sip-port 5071 [--rtp-port 0] [--bind 127.0.0.1]
        [--transport udp|tcp] [--auto-answer] [--signal tone:440|voice|silence]
        [--codecs PCMA,PCMU] [--log-level 1]
        [--send-loss PCT] [--receive-loss PCT] [--receive-jitter MS] [--impair-seed N]

Protocol: one JSON object per line. Commands arrive on stdin and may carry an "id" that the
reply ({"event": "ok", "id": ...} or {"event": "error", "id": ..., "message": ...}) echoes:
call, register, answer, hangup, hold, unhold, dtmf, transfer, play, record, stop_record, stats,
quit (see ``Agent.cmd_*``). Events on stdout: ready, registration, incoming, state, media,
dtmf, transfer, transfer_request, bye. Nothing else ever reaches stdout: pjsua2's own log goes
to stderr (a LogWriter, and file descriptor 1 is pointed at stderr as a safety net).

Threads: the main thread owns pjsua2 (created there; no pjsua2 worker threads) and loops on
``libHandleEvents``; a reader thread only turns stdin lines into a queue. Quit, end of stdin and
SIGTERM all shut down cleanly (calls hung up, references dropped, ``libDestroy``), exit code 0.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import pjsua2 as pj

from app.telephony import simcaller_impair as impair
from app.telephony.simcaller_io import Output, read_stdin, x_headers
from app.telephony.simcaller_media import CallMedia, parse_signal, prefer_codecs

log = logging.getLogger("simcaller")

#: How long shutdown waits for calls to reach DISCONNECTED before destroying the library.
SHUTDOWN_GRACE = 3.0
#: ``libHandleEvents`` timeout: the most a command waits in the queue.
POLL_MS = 20

_STATE_NAMES = ("NULL", "CALLING", "INCOMING", "EARLY", "CONNECTING", "CONFIRMED", "DISCONNECTED")
_STATES = {getattr(pj, f"PJSIP_INV_STATE_{name}"): name for name in _STATE_NAMES}


class CommandError(Exception):
    """A command that cannot be carried out; becomes an "error" reply."""


def guarded(what: str, fn: Callable[[], None]) -> None:
    """Run a callback body; log an exception instead of letting it reach pjsua2.

    An exception escaping a director callback keeps its frame (and the Call in it) alive past
    ``libDestroy`` and aborts the process, so nothing may escape.
    """
    try:
        fn()
    except Exception:
        log.exception("error in %s", what)


class PjLog(pj.LogWriter):
    """pjsua2's log lines go to stderr, never stdout."""

    def write(self, entry: Any) -> None:
        with contextlib.suppress(Exception):  # a log writer must never raise into pjsua2
            sys.stderr.write(entry.msg if entry.msg.endswith("\n") else entry.msg + "\n")


class SimAccount(pj.Account):
    def __init__(self, agent: Agent) -> None:
        super().__init__()
        self.agent = agent

    def onIncomingCall(self, prm: Any) -> None:  # noqa: N802 - pjsua2's name
        guarded("onIncomingCall", lambda: self.agent.on_incoming(self, prm))

    def onRegState(self, prm: Any) -> None:  # noqa: N802
        guarded("onRegState", lambda: self.agent.on_reg_state(self, prm))


class SimCall(pj.Call):
    def __init__(self, agent: Agent, acc: SimAccount, call_id: int = pj.PJSUA_INVALID_ID) -> None:
        super().__init__(acc, call_id)
        self.agent = agent
        self.sip_call_id = ""
        self.disconnected = False

    def onCallState(self, prm: Any) -> None:  # noqa: N802
        guarded("onCallState", lambda: self.agent.on_call_state(self))

    def onCallMediaState(self, prm: Any) -> None:  # noqa: N802
        guarded("onCallMediaState", lambda: self.agent.on_media_state(self))

    def onDtmfDigit(self, prm: Any) -> None:  # noqa: N802
        guarded("onDtmfDigit", lambda: self.agent.out.emit("dtmf", digit=prm.digit, **self.ids()))

    def onCallSdpCreated(self, prm: Any) -> None:  # noqa: N802
        guarded("onCallSdpCreated", lambda: self.agent.trouble.adjust_sdp(prm.sdp))

    def onCallTransferStatus(self, prm: Any) -> None:  # noqa: N802
        guarded("onCallTransferStatus", lambda: self.agent.on_transfer_status(self, prm))

    def onCallTransferRequest(self, prm: Any) -> None:  # noqa: N802
        guarded("onCallTransferRequest", lambda: self.agent.on_transfer_request(self, prm))

    def ids(self) -> dict[str, str]:
        return {"call_id": self.sip_call_id}


class Agent:
    """Owns the endpoint, the account, the calls and the media; runs on the main thread."""

    def __init__(self, opts: argparse.Namespace, out: Output) -> None:
        self.opts = opts
        self.out = out
        self.commands: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.stopping = False
        self.calls: list[SimCall] = []
        self.retired: list[SimCall] = []
        self.later: list[Callable[[], None]] = []
        self.acc: SimAccount | None = None
        self.acc_cfg: Any = None
        self.registered_as: dict[str, str] | None = None
        self.media: CallMedia | None = None
        self.ep: Any = None
        self.writer: Any = None
        self.transport_id = -1
        self.sip_port = opts.sip_port
        self.trouble = impair.NetworkTrouble(opts.impairment)

    # --- life cycle -----------------------------------------------------------------------

    def start(self) -> None:
        ep = pj.Endpoint()
        ep.libCreate()
        self.ep = ep
        cfg = pj.EpConfig()
        cfg.uaConfig.threadCnt = 0
        cfg.uaConfig.mainThreadOnly = False
        cfg.uaConfig.userAgent = "HotlineDesk-SimCaller"
        self.writer = PjLog()
        self.writer.__disown__()  # libDestroy() deletes the writer itself
        cfg.logConfig.writer = self.writer
        cfg.logConfig.level = self.opts.log_level
        cfg.logConfig.consoleLevel = self.opts.log_level
        cfg.logConfig.msgLogging = self.opts.log_level >= 4
        cfg.medConfig.noVad = True  # silence still flows as RTP: packet counts stay meaningful
        cfg.medConfig.ecTailLen = 0
        self.trouble.configure_endpoint(cfg)
        ep.libInit(cfg)
        ep.audDevManager().setNullDev()  # no sound device backend in the wheel
        prefer_codecs(ep, self.opts.codecs)
        tcfg = pj.TransportConfig()
        tcfg.port = self.opts.sip_port
        tcfg.boundAddress = self.opts.bind
        kind = pj.PJSIP_TRANSPORT_TCP if self.opts.transport == "tcp" else pj.PJSIP_TRANSPORT_UDP
        self.transport_id = ep.transportCreate(kind, tcfg)
        local_name = ep.transportGetInfo(self.transport_id).localName
        self.sip_port = int(local_name.rsplit(":", 1)[1])
        ep.libStart()
        self.media = CallMedia(parse_signal(self.opts.signal))
        self.trouble.start()
        self.acc = self._new_account(None)

    def _acc_config(self, reg: dict[str, str] | None, display: str, user: str) -> Any:
        cfg = pj.AccountConfig()
        host = f"{self.opts.bind}:{self.sip_port}" if reg is None else reg["domain"]
        quoted = display.replace("\\", "\\\\").replace('"', '\\"')
        name = f'"{quoted}" ' if display else ""
        cfg.idUri = f"{name}<sip:{user}@{host}>"
        cfg.sipConfig.transportId = self.transport_id
        cfg.mediaConfig.transportConfig.port = self.opts.rtp_port
        cfg.mediaConfig.transportConfig.boundAddress = self.opts.bind
        self.trouble.configure_media(cfg.mediaConfig.transportConfig)
        if reg is not None:
            cfg.regConfig.registrarUri = reg["registrar"]
            cred = pj.AuthCredInfo("digest", "*", reg["user"], 0, reg["password"])
            cfg.sipConfig.authCreds.append(cred)
            if reg["proxy"]:
                cfg.sipConfig.proxies.append(reg["proxy"])
        return cfg

    def _new_account(self, reg: dict[str, str] | None, display: str = "") -> SimAccount:
        user = reg["user"] if reg else "simcaller"
        self.acc_cfg = self._acc_config(reg, display, user)
        acc = SimAccount(self)
        acc.create(self.acc_cfg, True)
        self.registered_as = reg
        return acc

    def run(self) -> None:
        while not self.stopping:
            self.ep.libHandleEvents(POLL_MS)
            self.retired.clear()  # Calls that reached DISCONNECTED on the previous turn
            jobs, self.later = self.later, []
            for job in jobs:
                guarded("deferred job", job)
            while not self.stopping:
                try:
                    cmd = self.commands.get_nowait()
                except queue.Empty:
                    break
                if cmd is None:  # end of stdin
                    log.info("stdin closed: shutting down")
                    self.stopping = True
                else:
                    self.dispatch(cmd)

    def shutdown(self) -> None:
        """Hang up, wait for DISCONNECTED (bounded), drop every pjsua2 object, destroy."""
        if self.ep is None:
            return
        self._hang_up_all()  # (a loop variable here would keep a Call past libDestroy)
        deadline = time.monotonic() + SHUTDOWN_GRACE
        while self.live_calls() and time.monotonic() < deadline:
            self.ep.libHandleEvents(POLL_MS)
        if self.live_calls():
            log.warning("calls still up after %.1f s; destroying anyway", SHUTDOWN_GRACE)
        if self.media is not None:
            self.media.close()
            self.media = None
        self.trouble.close()
        self.calls.clear()
        self.retired.clear()
        self.later.clear()
        gc.collect()
        if self.acc is not None:
            self._unregister(deadline + 1.0)
            with contextlib.suppress(pj.Error):
                self.acc.shutdown()
            self.acc = None
        gc.collect()
        # Calls are down and the account unregistered: skip libDestroy's fixed 1 s wait.
        self.ep.libDestroy(pj.PJSUA_DESTROY_NO_RX_MSG)
        self.ep = None
        gc.collect()

    def _unregister(self, deadline: float) -> None:
        """Send REGISTER with expires 0 and wait (bounded) for the registrar's answer."""
        assert self.acc is not None
        try:
            if not self.acc.getInfo().regIsActive:
                return
            self.acc.setRegistration(False)
        except pj.Error:
            return
        while time.monotonic() < deadline and self.acc.getInfo().regIsActive:
            self.ep.libHandleEvents(POLL_MS)

    def _hang_up_all(self) -> None:
        for call in self.live_calls():
            with contextlib.suppress(pj.Error):
                call.hangup(pj.CallOpParam(True))

    # --- commands ---------------------------------------------------------------------------

    def dispatch(self, cmd: dict[str, Any]) -> None:
        ident = cmd.get("id")
        name = str(cmd.get("cmd", ""))
        handler = getattr(self, f"cmd_{name}", None)
        reply: dict[str, Any] = {} if ident is None else {"id": ident}
        if handler is None:
            self.out.emit("error", **reply, message=f"unknown command {name!r}")
            return
        try:
            result = handler(cmd) or {}
        except CommandError as exc:
            self.out.emit("error", **reply, message=str(exc))
        except pj.Error as exc:
            self.out.emit("error", **reply, message=f"pjsua2: {exc.info()}")
        except Exception as exc:
            log.exception("command %s failed", name)
            self.out.emit("error", **reply, message=f"{type(exc).__name__}: {exc}")
        else:
            self.out.emit("ok", **reply, **result)

    def live_calls(self) -> list[SimCall]:
        return [c for c in self.calls if not c.disconnected]

    def target(self, cmd: dict[str, Any]) -> SimCall:
        """The call a command means: its "call_id", else the newest call still up."""
        wanted = cmd.get("call_id")
        for call in reversed(self.live_calls()):
            if wanted is None or call.sip_call_id == wanted:
                return call
        raise CommandError("no such call" if wanted else "no call")

    def cmd_call(self, cmd: dict[str, Any]) -> dict[str, Any]:
        uri = str(cmd["uri"])
        if self.opts.transport == "tcp" and "transport=" not in uri:
            uri += ";transport=tcp"
        self._set_identity(str(cmd.get("display_name", "")), str(cmd.get("from_user", "")))
        assert self.acc is not None
        call = SimCall(self, self.acc)
        prm = pj.CallOpParam(True)
        for hname, hvalue in dict(cmd.get("headers") or {}).items():
            header = pj.SipHeader()
            header.hName, header.hValue = str(hname), str(hvalue)
            prm.txOption.headers.append(header)
        self.calls.append(call)
        sent_at = time.time()
        try:
            call.makeCall(uri, prm)
        except pj.Error:
            self.calls.remove(call)
            raise
        call.sip_call_id = call.getInfo().callIdString
        return {"call_id": call.sip_call_id, "sent_at": sent_at}

    def _set_identity(self, display: str, user: str) -> None:
        """Make the account's From carry this display name and user (re-configure if needed)."""
        reg = self.registered_as
        user = user or (reg["user"] if reg else "simcaller")
        cfg = self._acc_config(reg, display, user)
        if cfg.idUri != self.acc_cfg.idUri:
            assert self.acc is not None
            self.acc.modify(cfg)
            self.acc_cfg = cfg

    def cmd_register(self, cmd: dict[str, Any]) -> dict[str, Any]:
        if self.live_calls():
            raise CommandError("cannot re-create the account during a call")
        registrar = str(cmd["registrar"])
        domain = str(cmd.get("domain") or registrar.split(":", 1)[1].split(";", 1)[0])
        proxy = cmd.get("proxy", registrar if ";lr" in registrar else registrar + ";lr")
        reg = {
            "registrar": registrar,
            "user": str(cmd["user"]),
            "password": str(cmd.get("password", "")),
            "domain": domain,
            "proxy": str(proxy or ""),
        }
        old, self.acc = self.acc, None
        if old is not None:
            old.shutdown()
            del old
            gc.collect()
        self.acc = self._new_account(reg, str(cmd.get("display_name", "")))
        return {"uri": self.acc_cfg.idUri}

    def cmd_answer(self, cmd: dict[str, Any]) -> None:
        prm = pj.CallOpParam(True)
        prm.statusCode = int(cmd.get("code", 200))
        self.target(cmd).answer(prm)

    def cmd_hangup(self, cmd: dict[str, Any]) -> None:
        prm = pj.CallOpParam(True)
        prm.statusCode = int(cmd.get("code", 0))  # 0: pjsua picks (CANCEL, 603 or BYE)
        self.target(cmd).hangup(prm)

    def cmd_hold(self, cmd: dict[str, Any]) -> None:
        self.target(cmd).setHold(pj.CallOpParam(True))

    def cmd_unhold(self, cmd: dict[str, Any]) -> None:
        prm = pj.CallOpParam(True)
        prm.opt.flag = pj.PJSUA_CALL_UNHOLD
        self.target(cmd).reinvite(prm)

    def cmd_dtmf(self, cmd: dict[str, Any]) -> None:
        self.target(cmd).dialDtmf(str(cmd["digits"]))  # RFC 4733 telephone-events

    def cmd_transfer(self, cmd: dict[str, Any]) -> None:
        self.target(cmd).xfer(str(cmd["uri"]), pj.CallOpParam(True))

    def cmd_play(self, cmd: dict[str, Any]) -> dict[str, Any]:
        try:
            wanted = parse_signal(str(cmd["signal"]))
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        assert self.media is not None
        self.media.play(wanted)
        return {"signal": wanted.spec}

    def cmd_record(self, cmd: dict[str, Any]) -> dict[str, Any]:
        call, path = self.target(cmd), str(cmd["path"])
        assert self.media is not None
        return {"path": path, "media": self.media.record(call, call.sip_call_id, path)}

    def cmd_stop_record(self, cmd: dict[str, Any]) -> dict[str, Any]:
        assert self.media is not None
        path = self.media.stop_record(lambda: self.ep.libHandleEvents(POLL_MS // 2))
        if path is None:
            raise CommandError("not recording")
        return {"path": path}

    def cmd_stats(self, cmd: dict[str, Any]) -> dict[str, Any]:
        call = self.target(cmd)
        return {**CallMedia.stats(call), **self.trouble.stats(), **call.ids()}

    def cmd_quit(self, cmd: dict[str, Any]) -> None:
        self.stopping = True

    # --- callbacks (run on this thread, inside libHandleEvents) ----------------------------

    def on_incoming(self, acc: SimAccount, prm: Any) -> None:
        call = SimCall(self, acc, prm.callId)
        self.calls.append(call)  # without a reference the wrapper dies and the caller gets 603
        info = call.getInfo()
        call.sip_call_id = info.callIdString
        self.out.emit(
            "incoming",
            remote_uri=info.remoteUri,
            local_uri=info.localUri,
            headers=x_headers(prm.rdata.wholeMsg),
            **call.ids(),
        )
        ringing = pj.CallOpParam(True)
        ringing.statusCode = 180  # a final non-2xx here can crash pjsua2: only ever 180 now
        call.answer(ringing)
        if self.opts.auto_answer:
            self.later.append(lambda: self._auto_answer(call))

    def _auto_answer(self, call: SimCall) -> None:
        if not call.disconnected:
            prm = pj.CallOpParam(True)
            prm.statusCode = 200
            call.answer(prm)

    def on_reg_state(self, acc: SimAccount, prm: Any) -> None:
        active = bool(acc.getInfo().regIsActive)
        self.out.emit("registration", code=int(prm.code), active=active, reason=prm.reason)

    def on_call_state(self, call: SimCall) -> None:
        info = call.getInfo()
        call.sip_call_id = info.callIdString or call.sip_call_id
        state = _STATES.get(info.state, str(info.state))
        self.out.emit(
            "state",
            state=state,
            code=int(info.lastStatusCode),
            reason=info.lastReason,
            role="caller" if info.role == pj.PJSIP_ROLE_UAC else "callee",
            **call.ids(),
        )
        if info.state == pj.PJSIP_INV_STATE_DISCONNECTED:
            call.disconnected = True
            if call in self.calls:
                self.calls.remove(call)
            self.retired.append(call)  # dropped on the loop's next turn, not inside pjsua2

    def on_media_state(self, call: SimCall) -> None:
        assert self.media is not None
        hold = self.media.media_update(call, call.sip_call_id)
        self.out.emit("media", active=hold is not None, hold=hold or "none", **call.ids())

    def on_transfer_status(self, call: SimCall, prm: Any) -> None:
        self.out.emit(
            "transfer",
            code=int(prm.statusCode),
            reason=prm.reason,
            final=bool(prm.finalNotify),
            **call.ids(),
        )

    def on_transfer_request(self, call: SimCall, prm: Any) -> None:
        """REFER received: accept it and place the new call with a Call object of our own."""
        assert self.acc is not None
        new_call = SimCall(self, self.acc)
        self.calls.append(new_call)
        prm.newCall = new_call
        self.out.emit("transfer_request", target=prm.dstUri, code=int(prm.statusCode), **call.ids())


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m app.telephony.simcaller",
        description="Simulated SIP caller driven by JSON lines on stdin/stdout.",
    )
    parser.add_argument("--sip-port", type=int, required=True, help="SIP port (0: any free)")
    parser.add_argument("--rtp-port", type=int, default=0, help="first RTP port (0: any free)")
    parser.add_argument("--bind", default="127.0.0.1", help="address to bind SIP and RTP to")
    parser.add_argument("--transport", choices=("udp", "tcp"), default="udp")
    parser.add_argument("--auto-answer", action="store_true", help="answer incoming calls")
    parser.add_argument("--signal", default="silence", help="tone:HZ, voice or silence")
    parser.add_argument(
        "--codecs",
        default="PCMA,PCMU",
        help="codecs to offer first, in order (default PCMA,PCMU, as a PBX; speex/16000...)",
    )
    parser.add_argument("--log-level", type=int, default=1, help="pjsua2 log level 0..6")
    impair.add_options(parser)
    opts = parser.parse_args(argv)
    try:
        parse_signal(opts.signal)
        opts.impairment = impair.from_args(opts)
    except ValueError as exc:
        parser.error(str(exc))
    return opts


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    # The protocol keeps the real stdout; file descriptor 1 then points at stderr, so nothing
    # printed by C code (or a stray print) can corrupt the JSON stream.
    sys.stdout.flush()
    out = Output(os.fdopen(os.dup(1), "w", encoding="utf-8", newline="\n"))
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    logging.basicConfig(
        stream=sys.stderr,
        level=logging.DEBUG if opts.log_level >= 4 else logging.INFO,
        format="simcaller[%(process)d] %(levelname)s %(message)s",
    )
    agent = Agent(opts, out)

    def on_signal(signum: int, frame: object) -> None:
        log.info("signal %d: shutting down", signum)
        agent.stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    reader = threading.Thread(
        target=read_stdin, args=(sys.stdin.fileno(), agent.commands, out), daemon=True
    )
    code = 0
    try:
        agent.start()
        out.emit(
            "ready",
            sip_port=agent.sip_port,
            transport=opts.transport,
            pid=os.getpid(),
            signal=parse_signal(opts.signal).spec,
        )
        reader.start()
        agent.run()
    except Exception as exc:
        log.exception("simulated caller failed")
        why = exc.info() if isinstance(exc, pj.Error) else f"{type(exc).__name__}: {exc}"
        out.emit("error", message=f"simulated caller failed: {why}")
        code = 1
    finally:
        agent.shutdown()
    out.emit("bye", code=code)
    return code


if __name__ == "__main__":
    sys.exit(main())
