"""The officers' workspace: planning, agenda compilation, publishing, the work programme and the audit trail."""
