"""Site search across agenda items, papers, minutes and resolutions: the form (forms.py), the reads (selectors.py)
and the page (views.py). The index itself is kept by portal.search_index."""
