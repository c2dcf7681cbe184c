"""Council set-up for officers, without the Django admin: councils, panels, people, seats and accounts."""
