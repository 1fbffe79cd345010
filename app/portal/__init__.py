"""Portal requests: requests a citizen leaves in the portal's personal account, routed to an
operator who calls back (issue 11). Pure rules here; storage in app/services/portal_inbox.py
and app/sync/portal_requests.py."""
