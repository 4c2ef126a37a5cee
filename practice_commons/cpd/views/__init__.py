"""The CPD pages: one's own records, progress, the PCF view, exports and shares (all
signed in, the owner's only), the shared view (by a link's token, no account), and an
organisation's one aggregate figure."""
