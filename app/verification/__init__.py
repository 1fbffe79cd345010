"""Caller verification: checks that the person on the line controls the account's phone, through a
one-time code sent by SMS (sms_codes.py) over a replaceable SMS gateway (sms_gateway.py)."""
