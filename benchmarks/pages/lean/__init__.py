"""The lean reference: one small Django project that renders the same 20 posts as the
thread page with two queries and cached templates, and a bare view. It reads Practice
Commons' own tables (unmanaged models), so both pages show the same rows."""
