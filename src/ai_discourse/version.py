"""The package's version, on its own so that any module can read it without importing the
package's public API (which reaches every layer)."""

__version__ = "0.1.0"
