"""Action research: learning agendas, research logs, qualitative coding and the harvest register (issue 5).

Only the database-free REFI-QDA exchange layer (``refi_qda``) exists so far; the app is not in INSTALLED_APPS yet.
"""
