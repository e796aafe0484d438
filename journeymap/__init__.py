"""journeymap: customer-journey maps as code -- validate, lint and render them."""

__version__ = "0.1.0"
