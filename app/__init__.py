"""Hotline Desk core: domain, storage, settings, secrets and services, with no Qt import."""

__version__ = "0.1.0"
APP_NAME = "hotline-desk"
APP_TITLE = "Hotline Desk"
