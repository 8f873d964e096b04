"""The monitoring app's pages, one module per part: ``results`` (an experiment's results page and the programme
dashboard), ``updates`` (reporting an update and its workflow steps), ``framework`` (goals, indicators, targets and
periods) and ``exports`` (spreadsheets and the PDF report)."""
