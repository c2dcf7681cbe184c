"""What the minutes app tells the layers above it (the search index) about writes that send no model signals."""

from django.dispatch import Signal

# Sent once a transaction that created or renumbered minute entries in bulk has committed (bulk writes send no
# post_save): the search index re-indexes those minutes. Sent with `minutes_id`.
minutes_bulk_changed = Signal()
