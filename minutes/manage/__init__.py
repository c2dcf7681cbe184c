"""The officers' minutes workflow: start the minutes from the agenda, record attendance and declarations, write
each minute with its resolutions and actions, publish the draft, record its confirmation, and keep the actions
tracker up to date. Minutes are edited in place with htmx; every action is also a plain form with a redirect."""
