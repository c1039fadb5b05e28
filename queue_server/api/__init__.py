"""The HTTP API (FastAPI); the contract is CONTRACT.md beside this file."""
