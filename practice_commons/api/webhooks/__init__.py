"""Organisation webhooks: an organisation's admins register HTTPS endpoints for the
events they care about, and each event reaches them as a signed JSON POST (see the app's
README, "Webhooks"). This package lives in the ``api`` app because the events come from
several apps of one layer (collaboration, events), which only the layer above may join.
"""
