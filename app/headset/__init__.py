"""USB HID headset call control: the buttons of a headset become desk intents, the desk's call
state becomes the headset's LEDs. Pure Python over hidapi; no Qt."""
