"""`journeymap init`: a new map from a template of the stage models CX teams use, and the repository set-up
around it (configuration, a persona library, CI and pre-commit files). Nothing here prints, prompts or
writes: it says what to write, and the run layer hands that on."""
