"""File formats every layer reads: YAML (`yaml_io`) and JSON Schema checking (`json_schema`).

Each module here is the only one in zcf that imports its library.
"""
