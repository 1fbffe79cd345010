"""Device choice by name: the operator's headset is used when present, the system default
stands in when it is gone (and they are told), and it is taken back when it returns."""

from __future__ import annotations

from app.audio.devices import Device, DeviceChooser, Notice, NoticeKind, Role, choose

JABRA_MIC = Device("alsa_input.usb-jabra", "Jabra Evolve2 40 Mono")
JABRA_EAR = Device("alsa_output.usb-jabra", "Jabra Evolve2 40 Mono")
LAPTOP_MIC = Device("alsa_input.pci", "Built-in Audio Analog Stereo", default=True)
SPEAKERS = Device("alsa_output.pci", "Built-in Audio Analog Stereo", default=True)
WANTED = {Role.MICROPHONE: JABRA_MIC.name, Role.EARPIECE: JABRA_EAR.name, Role.RINGTONE: ""}


def test_a_device_is_found_by_its_name_wherever_it_is_in_the_list() -> None:
    assert choose(Role.EARPIECE, JABRA_EAR.name, [SPEAKERS, JABRA_EAR]).device == JABRA_EAR
    assert choose(Role.EARPIECE, JABRA_EAR.name, [JABRA_EAR, SPEAKERS]).device == JABRA_EAR


def test_an_empty_choice_means_the_system_default() -> None:
    choice = choose(Role.RINGTONE, "", [JABRA_EAR, SPEAKERS])
    assert choice.device == SPEAKERS
    assert not choice.fallback


def test_with_the_headset_plugged_in_at_start_nothing_is_said() -> None:
    chooser = DeviceChooser(WANTED)
    notices = chooser.update([LAPTOP_MIC, JABRA_MIC], [SPEAKERS, JABRA_EAR])

    assert notices == []
    assert chooser.choice(Role.MICROPHONE).device == JABRA_MIC
    assert chooser.choice(Role.RINGTONE).device == SPEAKERS


def test_unplugging_falls_back_to_the_default_and_says_so_then_takes_it_back() -> None:
    chooser = DeviceChooser(WANTED)
    chooser.update([LAPTOP_MIC, JABRA_MIC], [SPEAKERS, JABRA_EAR])
    before = chooser.choice(Role.EARPIECE)

    gone = chooser.update([LAPTOP_MIC], [SPEAKERS])

    assert gone == [
        Notice(NoticeKind.FELL_BACK, Role.MICROPHONE, JABRA_MIC.name, LAPTOP_MIC.name),
        Notice(NoticeKind.FELL_BACK, Role.EARPIECE, JABRA_EAR.name, SPEAKERS.name),
    ]
    assert chooser.changed(Role.EARPIECE, before)
    assert chooser.choice(Role.EARPIECE).fallback

    back = chooser.update([LAPTOP_MIC, JABRA_MIC], [SPEAKERS, JABRA_EAR])

    assert [n.kind for n in back] == [NoticeKind.TAKEN_BACK, NoticeKind.TAKEN_BACK]
    assert chooser.choice(Role.EARPIECE).device == JABRA_EAR
    assert not chooser.choice(Role.EARPIECE).fallback


def test_a_missing_headset_at_start_is_reported_once() -> None:
    chooser = DeviceChooser(WANTED)

    first = chooser.update([LAPTOP_MIC], [SPEAKERS])
    again = chooser.update([LAPTOP_MIC], [SPEAKERS])

    assert [n.kind for n in first] == [NoticeKind.FELL_BACK, NoticeKind.FELL_BACK]
    assert again == []


def test_no_device_at_all_is_reported_and_not_repeated() -> None:
    chooser = DeviceChooser(WANTED)

    first = chooser.update([], [SPEAKERS])
    again = chooser.update([], [SPEAKERS])

    assert first[0] == Notice(NoticeKind.NONE_LEFT, Role.MICROPHONE, JABRA_MIC.name)
    assert again == []
    assert chooser.choice(Role.MICROPHONE).device is None


def test_other_devices_coming_and_going_change_nothing_for_a_present_headset() -> None:
    chooser = DeviceChooser(WANTED)
    chooser.update([JABRA_MIC], [JABRA_EAR, SPEAKERS])
    before = chooser.choice(Role.EARPIECE)

    notices = chooser.update([JABRA_MIC], [JABRA_EAR])

    assert [n.role for n in notices] == []  # the ringtone moved to the headset: no fuss
    assert not chooser.changed(Role.EARPIECE, before)


def test_choosing_another_device_in_settings_takes_effect_without_a_notice() -> None:
    chooser = DeviceChooser(WANTED)
    chooser.update([JABRA_MIC, LAPTOP_MIC], [JABRA_EAR, SPEAKERS])

    chooser.want(Role.EARPIECE, SPEAKERS.name)

    assert chooser.choice(Role.EARPIECE).device == SPEAKERS
    assert chooser.update([JABRA_MIC, LAPTOP_MIC], [JABRA_EAR, SPEAKERS]) == []
