"""Ways in and out of the format: `init` starts a map, `export` writes maps for wikis, pull requests and
spreadsheets, `import` builds a map from a spreadsheet or a Mermaid journey.

Exporters read the model (`model.as_data` is the normalized map every one of them starts from); importers
produce that same shape of data, which `maptext` writes as a readable map. `formats` is the table of both.
"""
