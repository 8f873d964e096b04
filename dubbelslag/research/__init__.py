"""Action research: learning agendas, research logs, qualitative coding, the harvest register and the REFI-QDA
exchange of codebooks and projects (issue 5)."""
