"""Journey-map diagrams: the map view and the flow view as DOT, drawn by Graphviz.

`mapview.map_dot` and `flowview.flow_dot` are pure functions of a Journey; `engines`
turns DOT into SVG, PNG or PDF; `pipeline.render_files` checks, draws and writes (or
compares, for --check) the diagrams of many maps and returns what happened to each.
"""
